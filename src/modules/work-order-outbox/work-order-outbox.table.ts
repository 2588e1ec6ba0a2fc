import type { Generated } from 'kysely';

/**
 * What happened to a work order that its program's sponsor is pushed, as the action left it: the
 * work-orders module writes a row in the action's transaction, the webhook fan-out tails the table by
 * id. A module of its own, so that the webhooks module reads it without depending on work orders
 * (which depend on notifications, which depend on webhooks).
 */
export interface WorkOrderOutboxTable {
  id: Generated<number>;
  order_number: string;
  program_code: string | null;
  /** The event after `work_order.`: `updated` (every action), `escalated` (the escalation job's). */
  kind: string;
  /** The history row the change is (its seq in the order's history). */
  seq: number;
  at: number;
  tracking_no: string | null;
  type: string;
  priority: string;
  /** The order's status after the action. */
  status: string;
  action: string;
  outcome: string | null;
  unit: string;
  escalation_level: number | null;
}
