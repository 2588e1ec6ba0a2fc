import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/database.js';
import { overviewDaysOf } from '../modules/overview/overview-days.js';
import { refreshOverviewDays } from '../modules/overview/overview-refresh.js';
import { tryAcquireLease } from './lease.js';

const LEASE = 'overview-refresh';

/**
 * Keeps the overview's stored days (and the rate report's day summaries) current inside
 * `songda serve`: every `intervalMs` it computes again the days new scans changed, under a lease in
 * the database so that one server of several does it. Requests bring the days they ask for up to
 * date themselves (see overview-days.ts); the job makes that cheap, as they then find at most one
 * interval's scans to mark and seldom a day to compute. Returns a function that stops the timer.
 */
export function startOverviewRefreshJob(deps: { db: Db; timeZone: string; clock: () => number; log: FastifyBaseLogger; intervalMs?: number }): () => Promise<void> {
  const intervalMs = deps.intervalMs ?? 20_000;
  const holder = randomUUID();
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      const keepLease = async () => !stopped && tryAcquireLease(deps.db, LEASE, holder, deps.clock(), intervalMs * 2);
      const result = await refreshOverviewDays(overviewDaysOf(deps.db), { db: deps.db, timeZone: deps.timeZone, now: deps.clock() }, keepLease);
      // Every pass that held the lease, so that with several servers the log shows which one ran it.
      if (result) deps.log.debug({ overviewRefresh: result }, 'overview days refreshed');
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'overview refresh failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
