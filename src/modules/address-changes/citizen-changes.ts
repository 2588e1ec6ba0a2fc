import { withWriteTransaction } from '../../db/write-transaction.js';
import { addDays, dayNumber, formatLocalDate, localDateOf, parseLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { checkOneTimeCode } from '../notifications/one-time-code.js';
import { saveDeliveryWish } from './address-change.repository.js';
import { type AddressChangeDeps, applyAddressChange, changeableItem, checkTrackingNo, placeNewAddress } from './change-address.js';
import { type Message, msg } from '../../i18n/message.js';

/** How far ahead a recipient may ask for a day: from tomorrow to this many days from today. */
export const MAX_DAYS_AHEAD = 14;

/**
 * The recipient's one-time code for the item (notifications/one-time-code.ts): a wrong or expired code
 * is 400 naming `code` and counts toward the lock; a locked item is 429 whatever the code.
 */
async function proveRecipient(deps: AddressChangeDeps, trackingNo: string, code: string, now: number): Promise<void> {
  const check = await checkOneTimeCode({ store: deps.store, cipher: deps.cipher }, trackingNo, code, now);
  if (check === 'locked') throw new AppError('rate_limited', msg('addressChange.codeLocked'));
  if (check === 'wrong') throw new AppError('invalid_request', msg('addressChange.codeWrong'), [{ field: 'code', message: msg('addressChange.codeWrong') }]);
}

/**
 * A recipient changes the address from the tracking page. The address is checked first (it tells
 * nothing of the item), then the code, then the change is made as staff would make it, without a reason.
 * An unknown number answers as a wrong code: no code was ever sent for it.
 */
export async function changeAddressByRecipient(deps: AddressChangeDeps, trackingNo: string, input: { code: string; address: string; divisionCode?: string }, now: number) {
  checkTrackingNo(trackingNo);
  const to = await placeNewAddress(deps.store.db, input.address, input.divisionCode);
  await proveRecipient(deps, trackingNo, input.code, now);
  const changed = await applyAddressChange(deps, trackingNo, to, null, { kind: 'recipient', name: null, scope: 'all' }, now);
  return { trackingNo, message: msg('addressChange.done', { office: changed.deliveryOffice.name ?? changed.deliveryOffice.code }) };
}

/** The days a recipient may ask for on the local day of `now`: tomorrow to MAX_DAYS_AHEAD days ahead. */
export function wishableDays(now: number, timeZone: string): { first: string; last: string } {
  const today = localDateOf(now, timeZone);
  return { first: formatLocalDate(addDays(today, 1)), last: formatLocalDate(addDays(today, MAX_DAYS_AHEAD)) };
}

function checkWishedDate(date: string, now: number, timeZone: string): Message | undefined {
  const { first, last } = wishableDays(now, timeZone);
  const n = dayNumber(parseLocalDate(date)!);
  if (n < dayNumber(parseLocalDate(first)!) || n > dayNumber(parseLocalDate(last)!)) return msg('reschedule.dateRange', { first, last });
  return undefined;
}

/** A recipient asks for another day: kept as the item's wish (the latest ask wins), shown to the office. */
export async function rescheduleByRecipient(deps: AddressChangeDeps, trackingNo: string, input: { code: string; date: string }, now: number) {
  checkTrackingNo(trackingNo);
  const outOfRange = checkWishedDate(input.date, now, deps.timeZone);
  if (outOfRange) throw new AppError('invalid_request', outOfRange, [{ field: 'date', message: outOfRange }]);
  await proveRecipient(deps, trackingNo, input.code, now);
  await withWriteTransaction(deps.store, async (trx) => {
    await changeableItem(trx, trackingNo, 'all');
    await saveDeliveryWish(trx, { tracking_no: trackingNo, wished_date: input.date, asked_at: now });
  });
  return { trackingNo, message: msg('reschedule.done', { date: input.date }) };
}

/**
 * The post's staff reschedule an item for its recipient (a redelivery work order resolved as done):
 * the same wish as the recipient's own, with the same days allowed, without a code; 400 naming
 * `date` for a day out of range, 409 once the item is delivered or returned.
 */
export async function rescheduleByStaff(deps: Pick<AddressChangeDeps, 'store' | 'timeZone'>, trackingNo: string, date: string, now: number): Promise<void> {
  const outOfRange = checkWishedDate(date, now, deps.timeZone);
  if (outOfRange) throw new AppError('invalid_request', outOfRange, [{ field: 'date', message: outOfRange }]);
  await withWriteTransaction(deps.store, async (trx) => {
    await changeableItem(trx, trackingNo, 'all');
    await saveDeliveryWish(trx, { tracking_no: trackingNo, wished_date: date, asked_at: now });
  });
}
