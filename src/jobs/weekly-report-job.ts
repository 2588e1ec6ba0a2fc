import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import { addWeeks, formatIsoWeek, isoWeekOf, weekDays } from '../domain/iso-week.js';
import { localDateOf, localToInstant } from '../domain/local-day.js';
import { tryAcquireLease } from './lease.js';
import { startLeasedTimer } from './leased-timer.js';

export const WEEKLY_REPORT_LEASE = 'weekly-report';

/**
 * Stores the reports of `week` that are not stored yet (every active program's and province's) and
 * answers how many it made. Idempotent: the job calls it on every tick, and it decides cheaply that
 * there is nothing to do.
 */
export type MakeWeeklyReports = (week: string, now: number) => Promise<{ made: number }>;

export interface WeeklyReportRun {
  week: string;
  made: number;
}

/**
 * The week whose reports are due at `now`: the latest ISO week whose following Monday `hour`:00, local
 * time in `timeZone`, has passed. From Monday 08:00 that is the week before the current one; before
 * it (Monday 00:00–07:59) it is the week before that, so a server started then still makes the week
 * before last if it is missing, and never a week whose Monday-morning scans may still be arriving.
 * Pure: `now` is passed in.
 */
export function dueWeek(now: number, timeZone: string, hour = 8): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`);
  const current = isoWeekOf(localDateOf(now, timeZone));
  const monday = weekDays(current)[0]!;
  const reached = now >= localToInstant(monday, { hour, minute: 0 }, timeZone);
  return formatIsoWeek(addWeeks(current, reached ? -1 : -2));
}

/** One run under the lease: the due week's missing reports made; null when another server holds the lease. */
export async function runWeeklyReports(store: DbHandle, holder: string, now: number, ttlMs: number, timeZone: string, make: MakeWeeklyReports): Promise<WeeklyReportRun | null> {
  if (!(await tryAcquireLease(store.db, WEEKLY_REPORT_LEASE, holder, now, ttlMs))) return null;
  const week = dueWeek(now, timeZone);
  const { made } = await make(week, now);
  return { week, made };
}

/**
 * Makes the week's reports inside `songda serve` once Monday 08:00 local has passed, one server of
 * several per tick (the lease). Every 10 minutes by default: `make` answers at once when the week is
 * stored, and a run that outlasts the lease (twice the interval) only lets another server repeat work
 * that `make` refuses to store twice.
 */
export function startWeeklyReportJob(deps: { store: DbHandle; clock: () => number; log: FastifyBaseLogger; timeZone: string; make: MakeWeeklyReports; intervalMs?: number }): () => Promise<void> {
  return startLeasedTimer({
    name: 'weekly reports',
    intervalMs: deps.intervalMs ?? 10 * 60_000,
    clock: deps.clock,
    log: deps.log,
    round: (holder, now, ttlMs) => runWeeklyReports(deps.store, holder, now, ttlMs, deps.timeZone, deps.make),
    busy: (r) => r.made > 0,
  });
}
