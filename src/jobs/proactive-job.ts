import type { FastifyBaseLogger } from 'fastify';
import type { WorkOrderDeps } from '../modules/work-orders/create-work-order.js';
import { type ProactiveResult, runProactiveService } from '../modules/work-orders/proactive-service.js';
import { tryAcquireLease } from './lease.js';
import { startLeasedTimer } from './leased-timer.js';

export const PROACTIVE_LEASE = 'work-order-proactive';

/** One round of proactive service under the lease: null when another holder has it. */
export async function runProactiveRound(deps: WorkOrderDeps, holder: string, now: number, ttlMs: number): Promise<ProactiveResult | null> {
  if (!(await tryAcquireLease(deps.store.db, PROACTIVE_LEASE, holder, now, ttlMs))) return null;
  return runProactiveService(deps, now);
}

/** Opens and resolves proactive work orders inside `songda serve`, every five minutes, one server of several per round (the lease). */
export function startProactiveJob(deps: { orders: WorkOrderDeps; clock: () => number; log: FastifyBaseLogger; intervalMs?: number }): () => Promise<void> {
  return startLeasedTimer({
    name: 'proactive service',
    intervalMs: deps.intervalMs ?? 5 * 60_000,
    clock: deps.clock,
    log: deps.log,
    round: (holder, now, ttlMs) => runProactiveRound(deps.orders, holder, now, ttlMs),
    busy: (r) => r.opened > 0 || r.resolved > 0,
  });
}
