import type { SmsConfig } from '../../config.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { cityOf, findDivision } from '../../domain/divisions.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { maskPhone, parseMobileNumber } from '../../domain/phone.js';
import { parseS10 } from '../../domain/s10.js';
import type { WorkOrderPriority, WorkOrderType } from '../../domain/work-order-clock.js';
import { AppError } from '../../errors.js';
import { type Message, msg } from '../../i18n/message.js';
import { placeNewAddress } from '../address-changes/change-address.js';
import { listBreakpointsOfItem } from '../breakpoints/breakpoint.repository.js';
import { findItemDestination } from '../items/item-destination.js';
import { findProgramWorkOrderTerms, isPartnerOnGreenChannel } from '../programs/work-order-terms.js';
import { findCityUnit, findWorkCalendarJson } from '../units/work-calendar.repository.js';
import { ClockRuleReader, clockColumns, orderClock } from './work-order-deadlines.js';
import { tellSponsor } from './tell-sponsor.js';
import { insertWorkOrder, nextWorkOrderSeq } from './work-order.repository.js';
import type { TWorkOrderInput } from './work-order.schemas.js';
import type { WorkOrderActorKind, WorkOrderChannel } from './work-order.table.js';

export interface WorkOrderDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  sms: SmsConfig;
  timeZone: string;
  siteName(code: string): string | null;
}

/** Who acts on an order, and what they may see. */
export interface WorkOrderActor {
  kind: WorkOrderActorKind;
  /** `user:<name>`, `token:<id>`; null for a citizen. */
  actor: string | null;
  scope: Scope;
  /** For a partner's credential: the partner. */
  partner?: string | null;
}

/** Types that are about an item and make no sense without one. */
const ITEM_TYPES: ReadonlySet<WorkOrderType> = new Set(['address_change', 'redelivery', 'loss_report']);

const fieldError = (field: string, message: Message) => new AppError('invalid_request', message, [{ field, message }]);

/**
 * Opens an order: checks what the body says against the item and the program, finds the responsible
 * unit, puts green-channel orders on urgent, and stores the order with its creation row, its
 * deadlines and (for an order of a program) the sponsor's outbox row, in one transaction. Answers the
 * order's number.
 */
export async function createWorkOrder(deps: WorkOrderDeps, input: TWorkOrderInput, by: WorkOrderActor, now: number): Promise<string> {
  const db = deps.store.db;
  const type = input.type;
  if (ITEM_TYPES.has(type) && input.trackingNo === undefined) throw fieldError('trackingNo', msg('workOrder.itemNeeded', { type }));
  if (type === 'address_change' && input.address === undefined) throw fieldError('address', msg('workOrder.addressNeeded'));
  if (type !== 'address_change' && input.address !== undefined) throw fieldError('address', msg('workOrder.addressOnlyForChange'));
  if (by.scope !== 'all' && input.trackingNo === undefined && input.programCode === undefined) throw fieldError('trackingNo', msg('workOrder.partnerNeedsProgram'));

  const item = input.trackingNo === undefined ? undefined : await itemOf(deps, input.trackingNo, by.scope);
  const programCode = item ? item.programCode : (input.programCode ?? null);
  if (item && input.programCode !== undefined && input.programCode !== item.programCode) {
    throw fieldError('programCode', msg('workOrder.programOfItem', { trackingNo: item.trackingNo, itemProgram: item.programCode ?? '—', programCode: input.programCode }));
  }
  const terms = programCode === null ? undefined : await findProgramWorkOrderTerms(db, programCode);
  if (programCode !== null && (!terms || !seesProgram(by.scope, programCode))) throw fieldError('programCode', msg('workOrder.programUnknown', { programCode }));

  const address = input.address === undefined ? undefined : await placeNewAddress(db, input.address, input.divisionCode);
  const unit = await responsibleUnit(deps, input.unit, item, terms?.sponsorDivision ?? null);
  const green = (terms?.greenChannel ?? false) || (by.partner ? (await isPartnerOnGreenChannel(db, by.partner)) === true : false);
  const priority: WorkOrderPriority = green ? 'urgent' : (input.priority ?? 'normal');
  const phone = contactPhone(deps.cipher, input.contact?.phone);

  const created = { at: now, action: 'create', actor_kind: by.kind, actor: by.actor, from_status: null, to_status: 'new', responds: 0 };
  const rules = await new ClockRuleReader(db).rulesFor({ type, priority, program_code: programCode, unit });
  const clock = clockColumns(orderClock(rules, [created], now), 'new');
  const day = formatLocalDate(localDateOf(now, deps.timeZone));
  return withWriteTransaction(deps.store, async (trx) => {
    const seq = await nextWorkOrderSeq(trx, day);
    const number = `WO${day.replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
    await insertWorkOrder(
      trx,
      {
        number,
        type,
        channel: input.channel as WorkOrderChannel,
        status: 'new',
        priority,
        green_channel: green ? 1 : 0,
        tracking_no: item?.trackingNo ?? null,
        program_code: programCode,
        contact_name: input.contact?.name ?? null,
        contact_phone_sealed: phone?.sealed ?? null,
        contact_phone_hash: phone?.hash ?? null,
        contact_phone_masked: phone?.masked ?? null,
        description: input.description,
        new_address: address?.address ?? null,
        new_division_code: address?.divisionCode ?? null,
        unit,
        created_by_kind: by.kind,
        created_by: by.actor,
        ...clock,
        created_at: now,
        updated_at: now,
      },
      created,
    );
    await tellSponsor(trx, { number, program_code: programCode, tracking_no: item?.trackingNo ?? null, type, priority, unit }, { ...created, seq: 1 });
    return number;
  });
}

async function itemOf(deps: WorkOrderDeps, trackingNo: string, scope: Scope) {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw fieldError('trackingNo', msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }));
  const item = await findItemDestination(deps.store.db, trackingNo);
  // A partner is answered about another's item as about an unknown one.
  if (!item || !seesProgram(scope, item.programCode)) throw fieldError('trackingNo', msg('workOrder.itemUnknown', { trackingNo }));
  return item;
}

/**
 * The unit to blame (decision 0043): the one staff named; else the responsible unit of the item's
 * latest open break-point; else its delivery office now (an address change moves it); else the unit
 * that answers for the sponsor's city. None of them: 400 naming `unit`.
 */
async function responsibleUnit(deps: WorkOrderDeps, named: string | undefined, item: { trackingNo: string; deliveryOffice: string | null } | undefined, sponsorDivision: string | null): Promise<string> {
  const db = deps.store.db;
  if (named !== undefined) {
    if ((await findWorkCalendarJson(db, named)) === undefined) throw fieldError('unit', msg('workOrder.unitUnknown', { unit: named }));
    return named;
  }
  if (item) {
    const open = (await listBreakpointsOfItem(db, item.trackingNo)).filter((b) => b.closed_at === null);
    const latest = open.sort((a, b) => Number(b.opened_at) - Number(a.opened_at))[0];
    if (latest) return latest.responsible_unit;
    if (item.deliveryOffice !== null) return item.deliveryOffice;
  }
  const city = sponsorDivision === null ? undefined : (cityOf(sponsorDivision) ?? findDivision(sponsorDivision));
  const unit = city === undefined ? undefined : await findCityUnit(db, city.code);
  if (unit === undefined) throw fieldError('unit', msg('workOrder.noUnit'));
  return unit;
}

function contactPhone(cipher: PersonalDataCipher, phone: string | undefined) {
  if (phone === undefined) return undefined;
  const parsed = parseMobileNumber(phone);
  if (!parsed.ok) throw fieldError('contact.phone', msg('http.fieldProblem', { field: 'contact.phone', problem: parsed.message }));
  return { sealed: cipher.seal(parsed.value), hash: cipher.lookupHash('phone', parsed.value), masked: maskPhone(parsed.value) };
}
