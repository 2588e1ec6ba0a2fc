import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import { type EscalationResult, escalateOverdueOrders } from '../modules/work-orders/escalate-overdue.js';
import { tryAcquireLease } from './lease.js';
import { startLeasedTimer } from './leased-timer.js';

export const ESCALATION_LEASE = 'work-order-escalation';

/** One escalation run under the lease: null when another holder has it (another server runs it). */
export async function runEscalation(store: DbHandle, holder: string, now: number, ttlMs: number): Promise<EscalationResult | null> {
  if (!(await tryAcquireLease(store.db, ESCALATION_LEASE, holder, now, ttlMs))) return null;
  return escalateOverdueOrders(store, now);
}

/** Escalates overdue work orders inside `songda serve`, every minute, one server of several per tick (the lease). */
export function startEscalationJob(deps: { store: DbHandle; clock: () => number; log: FastifyBaseLogger; intervalMs?: number }): () => Promise<void> {
  return startLeasedTimer({
    name: 'work-order escalation',
    intervalMs: deps.intervalMs ?? 60_000,
    clock: deps.clock,
    log: deps.log,
    round: (holder, now, ttlMs) => runEscalation(deps.store, holder, now, ttlMs),
    busy: (r) => r.escalated > 0,
  });
}
