import { findUnit } from '../units/unit.repository.js';
import { type NotifyDeps, notifyRecipients } from './notify.js';

/**
 * Tells the recipient that the item's address was changed and which office will deliver it now, so
 * that a change they did not ask for does not pass unseen. At most once a day per item like every
 * template. Answers whether a message was stored. The caller owns the transaction.
 */
export async function notifyAddressChanged(deps: NotifyDeps, notice: { trackingNo: string; office: string }, now: number): Promise<boolean> {
  const unit = await findUnit(deps.db, notice.office);
  const params = { trackingNo: notice.trackingNo, office: unit?.name ?? notice.office };
  const stored = await notifyRecipients(deps, [{ trackingNo: notice.trackingNo, template: 'address_changed', params }], now);
  return stored.length > 0;
}
