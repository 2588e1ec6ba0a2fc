import { findDivision } from '../../domain/divisions.js';
import { parseLocalDate } from '../../domain/local-day.js';
import { findUnit } from '../units/unit.repository.js';
import { type NotifyDeps, maskCode, notifyRecipients } from './notify.js';

/** What the holding of an item tells its recipient; the pickup code in clear, given only at this moment. */
export interface HeldNotice {
  trackingNo: string;
  pickupCode: string;
  /** The office's unit code: the message names it and its place. */
  office: string;
  /** The last day to collect, a local date `YYYY-MM-DD`. */
  lastDay: string;
}

/**
 * Tells the recipient that the item is held for pickup, with the code: the code goes to the gateway
 * (inside the sealed body, dropped once sent) and is stored and shown masked, so neither the log nor
 * the table can give it away. With the `log` provider nobody receives it (it is shown masked in the
 * console). Held at most once a day per item like every template. Answers whether a message was stored.
 */
export async function notifyHeld(deps: NotifyDeps, notice: HeldNotice, now: number): Promise<boolean> {
  const unit = await findUnit(deps.db, notice.office);
  const place = unit ? (findDivision(unit.division_code)?.fullName ?? '') : '';
  const day = parseLocalDate(notice.lastDay);
  const lastDay = day ? `${day.month}月${day.day}日` : notice.lastDay;
  const params = { trackingNo: notice.trackingNo, office: unit?.name ?? notice.office, address: place, lastDay, code: maskCode(notice.pickupCode) };
  const stored = await notifyRecipients(deps, [{ trackingNo: notice.trackingNo, template: 'held', params, secretParams: { code: notice.pickupCode } }], now);
  return stored.length > 0;
}
