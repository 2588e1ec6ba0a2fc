import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { SweepRequest } from '../modules/breakpoints/leased-sweep.js';
import type { SweepResult } from '../modules/breakpoints/sweep.service.js';

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
  const intervalMs = deps.intervalMs ?? 60_000;
  const holder = randomUUID();
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      const now = deps.clock();
      const result = await deps.sweep({ asOf: now, now, lease: { holder, ttlMs: intervalMs * 2 } });
      // Every run is logged, quiet ones at debug: with several servers, the log shows which one swept.
      if (result) deps.log[result.opened > 0 || result.closed > 0 ? 'info' : 'debug']({ sweep: result }, 'break-point sweep');
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
