import type { Selectable } from 'kysely';
import type { SmsConfig } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { placeAddress } from '../../domain/address-placement.js';
import { findDivision } from '../../domain/divisions.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { parseS10 } from '../../domain/s10.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { type ItemDestination, findItemDestination, setItemDestination } from '../items/item-destination.js';
import { notifyAddressChanged } from '../notifications/notify-address-changed.js';
import { findDeliveryOfficeForCounty } from '../units/delivery-office.repository.js';
import { findDeliveryWish, insertAddressChange, listAddressChanges } from './address-change.repository.js';
import type { TAddressChanged, TAddressChanges } from './address-change.schemas.js';
import type { AddressChangeTable, ChangedBy } from './address-change.table.js';
import { msg } from '../../i18n/message.js';

export interface AddressChangeDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  sms: SmsConfig;
  timeZone: string;
  siteName(code: string): string | null;
}

/** Who asks for the change, and with which scope (the recipient, proven by a one-time code, acts with the item's own). */
export interface ChangeAuthor {
  kind: ChangedBy;
  name: string | null;
  scope: Scope;
}

/** A tracking number as given in the path, or 400 naming it. */
export function checkTrackingNo(trackingNo: string): void {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }), [{ field: 'trackingNo', message: s10.message }]);
}

/**
 * Where a new address goes: placed by the rules of recipient lists and requests (domain/address-placement.ts:
 * an ambiguous or unplaced address is refused, naming the field, never guessed), and the delivery office
 * that serves its county. Asks nothing of the item, so a citizen's address is checked before the code is used.
 */
export async function placeNewAddress(db: Db, address: string, divisionCode: string | undefined): Promise<PlacedAddress> {
  const placed = placeAddress(address, divisionCode);
  if (!placed.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: placed.field, problem: placed.message }), [{ field: placed.field, message: placed.message }]);
  const office = await findDeliveryOfficeForCounty(db, placed.division.code);
  if (!office) {
    const problem = msg('addressChange.noOffice', { county: `${placed.division.fullName} (${placed.division.code})` });
    throw new AppError('invalid_request', problem, [{ field: 'address', message: problem }]);
  }
  return { address, divisionCode: placed.division.code, office: office.code };
}

/** The item, if the author may act on it and its way can still change: 404 as for an unknown number, 403 for a partner not its sponsor, 409 once finished. */
export async function changeableItem(trx: Db, trackingNo: string, scope: Scope): Promise<ItemDestination> {
  const item = await findItemDestination(trx, trackingNo, { lock: true });
  if (!item || !seesProgram(scope, item.programCode)) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  if (!seesProgram(scope, item.programCode, 'sponsor')) throw new AppError('forbidden', msg('addressChange.sponsorOnly', { trackingNo }));
  if (item.finished === 'delivered') throw new AppError('conflict', msg('addressChange.delivered', { trackingNo }));
  if (item.finished === 'returned') throw new AppError('conflict', msg('addressChange.returned', { trackingNo }));
  return item;
}

/** A new address placed in its county, with the delivery office that serves it. */
export interface PlacedAddress {
  address: string;
  divisionCode: string;
  office: string;
}

/** Staff and sponsors: the address placed, then changed; `reason` required by the route. */
export async function changeItemAddress(
  deps: AddressChangeDeps,
  trackingNo: string,
  input: { address: string; divisionCode?: string; reason: string },
  author: ChangeAuthor,
  now: number,
): Promise<TAddressChanged> {
  checkTrackingNo(trackingNo);
  const to = await placeNewAddress(deps.store.db, input.address, input.divisionCode);
  return applyAddressChange(deps, trackingNo, to, input.reason, author, now);
}

/**
 * Changes the item's address to one already placed: the item gets the new county and the office that
 * serves it (through the items module), the change is kept beside the old address, and the recipient
 * is told by SMS (through the notifications module), all in one transaction.
 */
export async function applyAddressChange(deps: AddressChangeDeps, trackingNo: string, to: PlacedAddress, reason: string | null, author: ChangeAuthor, now: number): Promise<TAddressChanged> {
  const row = await withWriteTransaction(deps.store, async (trx) => {
    const item = await changeableItem(trx, trackingNo, author.scope);
    const change = {
      tracking_no: trackingNo,
      old_address: item.address,
      old_division_code: item.divisionCode,
      old_office: item.deliveryOffice,
      new_address: to.address,
      new_division_code: to.divisionCode,
      new_office: to.office,
      reason,
      by_kind: author.kind,
      by_name: author.name,
      at: now,
    };
    await insertAddressChange(trx, change);
    await setItemDestination(trx, trackingNo, { address: to.address, divisionCode: to.divisionCode, deliveryOffice: to.office });
    await notifyAddressChanged({ db: trx, cipher: deps.cipher, sms: deps.sms, timeZone: deps.timeZone }, { trackingNo, office: to.office }, now);
    return change;
  });
  return { trackingNo, deliveryOffice: office(deps, to.office), change: toView(deps, row) };
}

/** The item's address changes, oldest first, its office now and the day its recipient asked for. */
export async function getAddressChanges(deps: Pick<AddressChangeDeps, 'store' | 'timeZone' | 'siteName'>, trackingNo: string, scope: Scope): Promise<TAddressChanges> {
  checkTrackingNo(trackingNo);
  const db = deps.store.db;
  const item = await findItemDestination(db, trackingNo);
  if (!item || !seesProgram(scope, item.programCode)) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  const [rows, wish] = await Promise.all([listAddressChanges(db, trackingNo), findDeliveryWish(db, trackingNo)]);
  return {
    trackingNo,
    deliveryOffice: item.deliveryOffice === null ? null : office(deps, item.deliveryOffice),
    changes: rows.map((r) => toView(deps, r)),
    wishedDate: wish?.wished_date ?? null,
  };
}

const office = (deps: Pick<AddressChangeDeps, 'siteName'>, code: string) => ({ code, name: deps.siteName(code) });

function toView(deps: Pick<AddressChangeDeps, 'timeZone' | 'siteName'>, r: Omit<Selectable<AddressChangeTable>, 'id'>) {
  return {
    at: formatZoned(Number(r.at), deps.timeZone),
    oldAddress: r.old_address,
    oldDivisionCode: r.old_division_code,
    oldOffice: r.old_office === null ? null : office(deps, r.old_office),
    newAddress: r.new_address,
    newDivisionCode: r.new_division_code,
    newDivisionName: findDivision(r.new_division_code)?.fullName ?? null,
    newOffice: office(deps, r.new_office),
    reason: r.reason,
    byKind: r.by_kind,
    by: r.by_name,
  };
}
