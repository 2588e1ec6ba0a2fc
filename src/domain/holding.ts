import { type LocalDate, addDays, dayNumber, localDateOf } from './local-day.js';

/** How many failed attempts an office makes before holding an item, and how long it holds it (per program). */
export interface HoldPolicy {
  maxAttempts: number;
  holdDays: number;
}

/** What a program that says nothing gets: three attempts, then seven days on the office's shelf. */
export const DEFAULT_HOLD_POLICY: HoldPolicy = Object.freeze({ maxAttempts: 3, holdDays: 7 });

export interface HoldingEvent {
  id: number;
  code: string;
  atMs: number;
  site: string;
  reason: string | null;
}

/**
 * Where an item stands on its way to the recipient or back, judged on a local day:
 * - `held`: at `office` for pickup since `sinceMs`, because the office's attempts are used up or it
 *   scanned HELD; `shelved` says whether a HELD scan was made; the recipient may collect it up to and
 *   including `lastDay`.
 * - `return_due`: to go back to the sponsor from `office`: refused at the door, or held past its last day.
 * - `returned` once a RETURNED scan starts its way back; `delivered` once delivered (terminal);
 *   `moving` otherwise (in transit, at the office, out for delivery, between attempts).
 */
export type Holding =
  | { state: 'moving' | 'returned' | 'delivered'; attempts: number }
  | { state: 'held'; attempts: number; office: string; sinceMs: number; shelved: boolean; lastDay: LocalDate }
  | { state: 'return_due'; attempts: number; office: string; sinceMs: number; why: 'refused' | 'hold_expired'; lastDay: LocalDate | null };

/**
 * The item's holding from its whole event set (any order: sorted here by instant, then arrival), as
 * of the end of local day `day` in `zone` (events after `asOfMs` are not yet known). Attempts are the
 * DELIVERY_FAILED of the item's current visit to an office: forwarded to another office, it starts
 * again there. After `maxAttempts` of them, or a HELD scan, the item is held; taken out again (out for
 * delivery, dispatched) it is not. A REFUSED failure sends it to returns due at once.
 */
export function holdingOf(events: readonly HoldingEvent[], policy: HoldPolicy, asOfMs: number, zone: string): Holding {
  const known = events.filter((e) => e.atMs <= asOfMs).sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  let site: string | null = null;
  let attempts = 0;
  let hold: { office: string; sinceMs: number; shelved: boolean } | null = null;
  let refused: { office: string; sinceMs: number } | null = null;
  let returned = false;
  for (const e of known) {
    if (e.code === 'DELIVERED') return { state: 'delivered', attempts };
    if (e.site !== site) {
      // A new visit: the attempts, the hold and the refusal were at the office the item has left.
      site = e.site;
      attempts = 0;
      hold = null;
      refused = null;
    }
    switch (e.code) {
      case 'RETURNED':
        returned = true;
        hold = null;
        refused = null;
        break;
      case 'DELIVERY_FAILED':
        attempts++;
        if (isRefusal(e.reason)) refused ??= { office: e.site, sinceMs: e.atMs };
        else if (attempts >= policy.maxAttempts) hold ??= { office: e.site, sinceMs: e.atMs, shelved: false };
        break;
      case 'HELD':
        if (hold) hold.shelved = true;
        else hold = { office: e.site, sinceMs: e.atMs, shelved: true };
        break;
      case 'OUT_FOR_DELIVERY':
      case 'DISPATCHED':
        hold = null;
        break;
    }
  }
  if (returned) return { state: 'returned', attempts };
  if (refused) return { state: 'return_due', attempts, office: refused.office, sinceMs: refused.sinceMs, why: 'refused', lastDay: null };
  if (!hold) return { state: 'moving', attempts };
  const lastDay = addDays(localDateOf(hold.sinceMs, zone), policy.holdDays);
  if (dayNumber(localDateOf(asOfMs, zone)) > dayNumber(lastDay)) {
    return { state: 'return_due', attempts, office: hold.office, sinceMs: hold.sinceMs, why: 'hold_expired', lastDay };
  }
  return { state: 'held', attempts, ...hold, lastDay };
}

/** A refusal is stored as the reason code `REFUSED` (decision 0032). */
function isRefusal(reason: string | null): boolean {
  return reason === 'REFUSED';
}
