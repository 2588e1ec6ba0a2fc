import { formatLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import { itemHoldings } from './item-holdings.js';
import type { NotifyDeps } from '../notifications/notify.js';
import { notifyHeld } from '../notifications/notify-held.js';
import { findPickupCodes, issuePickupCode, maskPickupCode } from './pickup-codes.js';

/** What holding asks: the store, the cipher of pickup codes, the zone of last days, and the SMS settings the recipient is told by. */
export type HoldDeps = NotifyDeps;

/**
 * After outcomes are stored: each of these items now held at an office and without a code made
 * there gets its pickup code, handed to the recipient's notice and nowhere else.
 */
export async function giveHeldItemsTheirCodes(deps: HoldDeps, trackingNos: readonly string[], now: number): Promise<void> {
  const holdings = await itemHoldings(deps.db, trackingNos, now, deps.timeZone);
  const held = [...holdings.values()].filter((h) => h.holding.state === 'held');
  if (held.length === 0) return;
  const codes = await findPickupCodes(deps.db, held.map((h) => h.trackingNo));
  for (const { trackingNo, holding } of held) {
    if (holding.state !== 'held') continue;
    const live = codes.get(trackingNo);
    if (live && live.office === holding.office && live.issuedAt >= holding.sinceMs) continue;
    const pickupCode = await issuePickupCode(deps.db, deps.cipher, { trackingNo, office: holding.office }, 'songda', now);
    await notifyHeld(deps, { trackingNo, pickupCode, office: holding.office, lastDay: formatLocalDate(holding.lastDay) }, now);
  }
}

/**
 * Staff make a new code for an item held at an office (the recipient lost it, or it was locked by
 * wrong tries): the old one stops working. Refused for an item that is not held.
 */
export async function issueNewPickupCode(deps: HoldDeps, trackingNo: string, actor: string, now: number): Promise<{ trackingNo: string; office: string; pickupCode: string }> {
  const holding = (await itemHoldings(deps.db, [trackingNo], now, deps.timeZone)).get(trackingNo);
  if (!holding) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  if (holding.holding.state !== 'held') throw new AppError('conflict', msg('holding.notHeld', { trackingNo }));
  const pickupCode = await issuePickupCode(deps.db, deps.cipher, { trackingNo, office: holding.holding.office }, actor, now);
  await notifyHeld(deps, { trackingNo, pickupCode, office: holding.holding.office, lastDay: formatLocalDate(holding.holding.lastDay) }, now);
  return { trackingNo, office: holding.holding.office, pickupCode: maskPickupCode(pickupCode.slice(-2)) };
}
