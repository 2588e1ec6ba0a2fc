import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import { sweepSilences } from '../modules/breakpoints/sweep.service.js';
import { tryAcquireLease } from './lease.js';

export const SWEEP_LEASE = 'breakpoint-sweep';

/**
 * Runs the silence sweep every `intervalMs` inside `songda serve`, under a lease in the database, so
 * that two servers on one PostgreSQL never both run it. Returns a function that stops it.
 */
export function startSweepJob(deps: { store: DbHandle; clock: () => number; log: FastifyBaseLogger; intervalMs?: number }): () => Promise<void> {
  const intervalMs = deps.intervalMs ?? 60_000;
  const holder = randomUUID();
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      const now = deps.clock();
      if (!(await tryAcquireLease(deps.store.db, SWEEP_LEASE, holder, now, intervalMs * 2))) return;
      const result = await sweepSilences(deps.store, now, now);
      if (result.opened > 0 || result.closed > 0) deps.log.info({ sweep: result }, 'break-point sweep');
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'break-point sweep failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
