import type { Db } from '../../db/database.js';
import { recordWorkOrderChange } from '../work-order-outbox/work-order-outbox.repository.js';

/**
 * Tells the program's sponsor of an action, in the action's transaction: an outbox row with the order as
 * the action left it (work_order.updated). An order of no program has no sponsor to tell.
 */
export async function tellSponsor(
  trx: Db,
  order: { number: string; program_code: string | null; tracking_no: string | null; type: string; priority: string; unit: string },
  change: { seq: number; at: number; action: string; to_status: string; outcome?: string | null; escalation_level?: number | null },
  kind: 'updated' | 'escalated' = 'updated',
): Promise<void> {
  if (order.program_code === null) return;
  await recordWorkOrderChange(trx, {
    order_number: order.number,
    program_code: order.program_code,
    kind,
    seq: change.seq,
    at: change.at,
    tracking_no: order.tracking_no,
    type: order.type,
    priority: order.priority,
    status: change.to_status,
    action: change.action,
    outcome: change.outcome ?? null,
    unit: order.unit,
    escalation_level: change.escalation_level ?? null,
  });
}
