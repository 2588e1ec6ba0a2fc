import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { findEscalationUnits } from '../units/escalation-units.js';
import { listEscalationCandidates } from './escalation-candidates.js';
import { ClockRuleReader, clockColumns, orderClock } from './work-order-deadlines.js';
import { tellSponsor } from './tell-sponsor.js';
import { type WorkOrderRow, appendWorkOrderAction, listWorkOrderHistories } from './work-order.repository.js';

/** Orders read and judged per round trip. */
const CHUNK = 200;

export interface EscalationResult {
  /** Orders looked at: those whose stored deadlines say they may have climbed. */
  checked: number;
  /** Orders raised, and the levels they climbed in all (an order two levels behind climbs two). */
  escalated: number;
  steps: number;
  /** Orders another action changed between the read and the write: the next run takes them again. */
  skipped: number;
}

/**
 * Escalates the open orders whose clock at `now` (domain/work-order-clock.ts, from their history)
 * gives a higher level than the one stored (decision 0044): each level climbed is a history row
 * `escalate` (level 1 the unit's manager, 2 the city, 3 the province, its `unit` the queue it went
 * to) and a `work_order.escalated` push to the sponsor, written with the order's update in one
 * transaction, and only over the history the decision was made on. A level raised by hand is not
 * raised again.
 */
export async function escalateOverdueOrders(store: DbHandle, now: number): Promise<EscalationResult> {
  const result: EscalationResult = { checked: 0, escalated: 0, steps: 0, skipped: 0 };
  const rules = new ClockRuleReader(store.db);
  let afterId = 0;
  for (;;) {
    const orders = await listEscalationCandidates(store.db, now, afterId, CHUNK);
    if (orders.length === 0) break;
    afterId = Number(orders.at(-1)!.id);
    result.checked += orders.length;
    const histories = await listWorkOrderHistories(store.db, orders.map((o) => Number(o.id)));
    for (const order of orders) {
      const history = histories.get(Number(order.id)) ?? [];
      const stored = Number(order.escalation_level);
      const level = orderClock(await rules.rulesFor(order), history, now).escalationLevel;
      if (level <= stored) continue;
      const outcome = await climb(store, order, history, stored, level, rules, now);
      if (outcome) {
        result.escalated += 1;
        result.steps += level - stored;
      } else result.skipped += 1;
    }
    if (orders.length < CHUNK) break;
  }
  return result;
}

async function climb(
  store: DbHandle,
  order: WorkOrderRow,
  history: Parameters<typeof orderClock>[1],
  from: number,
  to: number,
  rules: ClockRuleReader,
  now: number,
): Promise<boolean> {
  const queues = await findEscalationUnits(store.db, order.unit);
  const queueOf = (level: number) => (queues === undefined ? order.unit : level === 1 ? queues.unit : level === 2 ? queues.city : queues.province);
  const steps = Array.from({ length: to - from }, (_, i) => from + 1 + i).map((level) => ({
    at: now,
    action: 'escalate',
    actor_kind: 'system',
    actor: null,
    from_status: order.status,
    to_status: order.status,
    responds: 0,
    unit: queueOf(level),
    user_name: null,
    message: null,
    outcome: null,
    escalation_level: level,
  }));
  const clock = clockColumns(orderClock(await rules.rulesFor(order), [...history, ...steps], now), order.status);
  const seenSeq = Number(order.last_seq);
  return withWriteTransaction(store, async (trx) => {
    for (const [i, step] of steps.entries()) {
      const changes = i === steps.length - 1 ? { ...clock, updated_at: now } : { escalation_level: step.escalation_level, updated_at: now };
      if (!(await appendWorkOrderAction(trx, Number(order.id), seenSeq + i, step, changes))) {
        if (i === 0) return false;
        throw new Error(`work order ${order.number} changed inside its own escalation`);
      }
      await tellSponsor(trx, order, { ...step, seq: seenSeq + i + 1 }, 'escalated');
    }
    return true;
  });
}
