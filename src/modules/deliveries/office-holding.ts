import type { Db } from '../../db/database.js';
import { type FailureReason, parseFailureReason } from '../../domain/failure-reasons.js';
import type { Holding } from '../../domain/holding.js';
import { type LocalDate, addDays, formatLocalDate, localDayBounds, parseLocalDate } from '../../domain/local-day.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { type Message, msg } from '../../i18n/message.js';
import { findDeliveryWishes } from '../address-changes/address-change.repository.js';
import { findTrackingNosAtSite } from '../reconciliation/reconciliation.repository.js';
import { listEventsOfItemsUpTo } from '../scans/scan-event-feed.repository.js';
import { getUnit } from '../units/unit.service.js';
import { itemHoldings } from './item-holdings.js';
import { findPickupCodes } from './pickup-codes.js';

/**
 * How far back, in local days before the day asked, a failure or a HELD at the office is looked for
 * to find what it holds and what is due to return. Far beyond any program's attempts and holding days
 * (at most 30): an item still unreturned after it has been long overdue, and has had a SILENT_HELD
 * break-point all along (DESIGN §5); the bound keeps the read to the office's recent events.
 */
export const HOLDING_LOOKBACK_DAYS = 90;

export interface OfficeHoldingDeps {
  db: Db;
  timeZone: string;
}

type ReturnDue = { trackingNo: string; why: 'refused' | 'hold_expired'; whyLabel: Message; since: string; lastDay: string | null; attempts: number };

/** GET /offices/:code/returns-due: the items to send back to their sponsor from the office, as of the end of the day. */
export async function getReturnsDue(deps: OfficeHoldingDeps, officeCode: string, dateText: string): Promise<{ office: string; date: string; items: ReturnDue[] }> {
  const { office, date, day } = await officeDay(deps, officeCode, dateText);
  const holdings = await holdingsAtOffice(deps, office.code, date, day.endMs);
  return { office: office.code, date: formatLocalDate(date), items: returnsDueOf(holdings, office.code, deps.timeZone) };
}

/** GET /offices/:code/deliveries: the day's attempts and failures by reason, what the office holds, what is due to return. */
export async function getOfficeDeliveries(deps: OfficeHoldingDeps, officeCode: string, dateText: string) {
  const { office, date, day } = await officeDay(deps, officeCode, dateText);
  const [holdings, ofDay] = await Promise.all([
    holdingsAtOffice(deps, office.code, date, day.endMs),
    findTrackingNosAtSite(deps.db, office.code, ['DELIVERED', 'DELIVERY_FAILED'], day.startMs, day.endMs),
  ]);
  const events = await listEventsOfItemsUpTo(deps.db, ofDay, Number.MAX_SAFE_INTEGER);
  const attempts = events
    .filter((e) => e.site === office.code && e.atMs >= day.startMs && e.atMs < day.endMs && (e.code === 'DELIVERED' || e.code === 'DELIVERY_FAILED'))
    .sort((a, b) => a.atMs - b.atMs || a.id - b.id)
    .map((e) => {
      const reason = e.code === 'DELIVERY_FAILED' ? reasonCodeOf(e.reason) : null;
      return {
        trackingNo: e.trackingNo,
        at: formatZoned(e.atMs, deps.timeZone),
        outcome: e.code === 'DELIVERED' ? ('delivered' as const) : ('failed' as const),
        reason,
        reasonLabel: reason === null ? null : msg(`reason.${reason}`),
      };
    });
  const failed = attempts.filter((a) => a.outcome === 'failed');
  const byReason = new Map<FailureReason | null, number>();
  for (const a of failed) byReason.set(a.reason, (byReason.get(a.reason) ?? 0) + 1);

  const held = [...holdings.values()].filter((h) => h.holding.state === 'held' && h.holding.office === office.code);
  const [codes, wishes] = await Promise.all([
    findPickupCodes(deps.db, held.map((h) => h.trackingNo)),
    findDeliveryWishes(deps.db, [...new Set([...failed.map((a) => a.trackingNo), ...held.map((h) => h.trackingNo)])]),
  ]);
  // The day a recipient asked for, on the rows of items that have one.
  const wished = (trackingNo: string) => (wishes.has(trackingNo) ? { wishedDate: wishes.get(trackingNo)! } : {});
  return {
    office: office.code,
    officeName: office.name,
    date: formatLocalDate(date),
    attempts: { total: attempts.length, delivered: attempts.length - failed.length, failed: failed.length },
    failuresByReason: [...byReason]
      .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
      .map(([reason, count]) => ({ reason, label: reason === null ? msg('holding.noReason') : msg(`reason.${reason}`), count })),
    attemptList: attempts.map((a) => (a.outcome === 'failed' ? { ...a, ...wished(a.trackingNo) } : a)),
    held: held
      .flatMap(({ trackingNo, holding: h }) => {
        if (h.state !== 'held') return [];
        const code = codes.get(trackingNo);
        const live = code !== undefined && code.office === office.code && code.issuedAt >= h.sinceMs ? code : undefined;
        return [
          {
            trackingNo,
            since: formatZoned(h.sinceMs, deps.timeZone),
            lastDay: formatLocalDate(h.lastDay),
            attempts: h.attempts,
            shelved: h.shelved,
            pickupCode: live?.masked ?? null,
            pickupCodeLocked: live?.locked ?? false,
            ...wished(trackingNo),
          },
        ];
      })
      .sort((a, b) => a.lastDay.localeCompare(b.lastDay) || a.trackingNo.localeCompare(b.trackingNo)),
    returnsDue: returnsDueOf(holdings, office.code, deps.timeZone),
  };
}

async function officeDay(deps: OfficeHoldingDeps, officeCode: string, dateText: string) {
  const date = parseLocalDate(dateText);
  if (!date) throw new AppError('invalid_request', msg('date.notCalendarDate', { value: dateText }), { field: 'date' });
  const office = await getUnit(deps.db, officeCode);
  if (!office) throw new AppError('not_found', msg('notFound.unit', { code: officeCode }));
  if (office.kind !== 'delivery_office') throw new AppError('invalid_request', msg('holding.notDeliveryOffice', { code: officeCode }), { field: 'code' });
  return { office, date, day: localDayBounds(date, deps.timeZone) };
}

/** Every item failed or held at the office lately, judged as of the end of the day. */
async function holdingsAtOffice(deps: OfficeHoldingDeps, office: string, date: LocalDate, endMs: number) {
  const fromMs = localDayBounds(addDays(date, -HOLDING_LOOKBACK_DAYS), deps.timeZone).startMs;
  const candidates = await findTrackingNosAtSite(deps.db, office, ['DELIVERY_FAILED', 'HELD'], fromMs, endMs);
  return itemHoldings(deps.db, candidates, endMs - 1, deps.timeZone);
}

function returnsDueOf(holdings: Map<string, { trackingNo: string; holding: Holding }>, office: string, zone: string): ReturnDue[] {
  const due: ReturnDue[] = [];
  for (const { trackingNo, holding: h } of holdings.values()) {
    if (h.state !== 'return_due' || h.office !== office) continue;
    due.push({
      trackingNo,
      why: h.why,
      whyLabel: msg(h.why === 'refused' ? 'holding.whyRefused' : 'holding.whyHoldExpired'),
      since: formatZoned(h.sinceMs, zone),
      lastDay: h.lastDay === null ? null : formatLocalDate(h.lastDay),
      attempts: h.attempts,
    });
  }
  return due.sort((a, b) => a.trackingNo.localeCompare(b.trackingNo));
}

/** A stored reason as its code; free text from before the list (decision 0032) counts as OTHER; none given is null. */
function reasonCodeOf(stored: string | null): FailureReason | null {
  if (stored === null) return null;
  const parsed = parseFailureReason(stored);
  return parsed.ok ? parsed.code : 'OTHER';
}
