import type { FastifyBaseLogger } from 'fastify';
import type { SweepRequest } from '../modules/breakpoints/leased-sweep.js';
import type { SweepResult } from '../modules/breakpoints/sweep.service.js';
import { startLeasedTimer } from './leased-timer.js';

/**
 * Runs the silence sweep every `intervalMs` inside `songda serve`, under a lease in the database, so
 * that two servers on one PostgreSQL never both run it. `sweep` is the store writer's (on SQLite it
 * runs on the writer thread, between scan batches). Returns a function that stops the timer.
 */
export function startSweepJob(deps: {
  sweep: (request: SweepRequest) => Promise<SweepResult | null>;
  clock: () => number;
  log: FastifyBaseLogger;
  intervalMs?: number;
}): () => Promise<void> {
  // Every run is logged, quiet ones at debug: with several servers, the log shows which one swept.
  return startLeasedTimer({
    name: 'break-point sweep',
    field: 'sweep',
    intervalMs: deps.intervalMs ?? 60_000,
    clock: deps.clock,
    log: deps.log,
    round: (holder, now, ttlMs) => deps.sweep({ asOf: now, now, lease: { holder, ttlMs } }),
    busy: (result) => result.opened > 0 || result.closed > 0,
  });
}
