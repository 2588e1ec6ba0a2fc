import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import { type EscalationResult, escalateOverdueOrders } from '../modules/work-orders/escalate-overdue.js';
import { tryAcquireLease } from './lease.js';

export const ESCALATION_LEASE = 'work-order-escalation';

/** One escalation run under the lease: null when another holder has it (another server runs it). */
export async function runEscalation(store: DbHandle, holder: string, now: number, ttlMs: number): Promise<EscalationResult | null> {
  if (!(await tryAcquireLease(store.db, ESCALATION_LEASE, holder, now, ttlMs))) return null;
  return escalateOverdueOrders(store, now);
}

/**
 * Escalates overdue work orders inside `songda serve`: every `intervalMs`, under a lease in the
 * database, so that of several servers one runs it per tick. Returns a function that stops it.
 */
export function startEscalationJob(deps: { store: DbHandle; clock: () => number; log: FastifyBaseLogger; intervalMs?: number }): () => Promise<void> {
  const intervalMs = deps.intervalMs ?? 60_000;
  const holder = randomUUID();
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = (async () => {
      const result = await runEscalation(deps.store, holder, deps.clock(), intervalMs * 2);
      if (result) deps.log[result.escalated > 0 ? 'info' : 'debug']({ escalation: result }, 'work-order escalation');
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'work-order escalation failed'))
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
