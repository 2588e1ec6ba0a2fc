import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import { addDays, formatLocalDate, localDateOf } from '../../domain/local-day.js';
import type { DayKind, DayMarker, OverviewDays } from './overview-days.js';
import { advanceRefreshedAt, readMarkers, readWatermark, unitsStamp } from './overview.repository.js';

/** Days the refresh computes before anyone asks for them: the console's usual periods, up to a month back. */
export const RECENT_DAYS = 31;

export interface RefreshResult {
  /** Days computed in this pass. */
  computed: number;
  /** Every scan stored before this instant is now counted in the stored days. */
  freshAt: number;
}

/**
 * One pass of the background refresh: counts the scans stored since the last catch-up, computes again
 * every stored day grouped by other units than now's (newest first) and the recent days never computed, then records `now` as the
 * instant the stored days are fresh at. `keepLease` is asked before each day; when it answers false
 * (another server holds the job) the pass stops and records nothing. A day is computed an item page
 * at a time, so requests in between wait for one page, not for a day.
 */
export async function refreshOverviewDays(
  days: OverviewDays,
  deps: { db: Db; timeZone: string; now: number },
  keepLease: () => Promise<boolean>,
): Promise<RefreshResult | null> {
  if (!(await keepLease())) return null;
  const { db, timeZone, now } = deps;
  // Read after `now`: every scan stored before it is at or under this watermark.
  await days.catchUp(db);
  const watermark = (await readWatermark(db)) ?? 0;
  const stamp = await unitsStamp(db);
  const overviewDays = await readMarkers(db, 'overview', timeZone);
  const rateDays = await readMarkers(db, 'rate', timeZone);
  // New scans are counted by the catch-up above; a stored day is computed again only when the units
  // it was grouped by changed.
  const isStale = (d: DayMarker) => d.unitsStamp !== stamp;
  // A day the overview has is computed whole (which stores its rate too); one only the rate report
  // asked for, its rate alone.
  const todo = new Map<string, DayKind>();
  for (const d of rateDays) if (isStale(d)) todo.set(d.day, 'rate');
  for (const d of overviewDays) if (isStale(d)) todo.set(d.day, 'overview');
  const known = new Set(overviewDays.map((d) => d.day));
  const today = localDateOf(now, timeZone);
  for (let i = 0; i < RECENT_DAYS; i++) {
    const day = formatLocalDate(addDays(today, -i));
    if (!known.has(day)) todo.set(day, 'overview');
  }
  // Newest first: today is what a busy store changes and what managers look at.
  const order = [...todo.keys()].sort().reverse();
  for (const day of order) {
    if (!(await keepLease())) return null;
    await days.compute({ db, timeZone }, todo.get(day)!, day, watermark, stamp);
    // On SQLite a day's queries never give the event loop back: requests go in between days.
    await nextTurn();
  }
  await advanceRefreshedAt(db, now);
  return { computed: order.length, freshAt: now };
}
