import type { Generated } from 'kysely';

export const WORK_ORDER_CHANNELS = ['phone', 'web', 'agency', 'counter', 'proactive'] as const;
export type WorkOrderChannel = (typeof WORK_ORDER_CHANNELS)[number];

/** Who acted: the post's staff, a partner's credential, a citizen after the phone check, or a job of the server. */
export const WORK_ORDER_ACTOR_KINDS = ['staff', 'partner', 'citizen', 'system'] as const;
export type WorkOrderActorKind = (typeof WORK_ORDER_ACTOR_KINDS)[number];

/** `next_due_at` of an order with no deadline left to meet: sorts after every real instant. */
export const NO_DEADLINE = 8_640_000_000_000_000;

/**
 * One customer-service work order. The deadlines, `paused` and `escalation_level` are the clock as of
 * the order's last action (for the queue's sort and the overdue filter); a read computes the clock
 * again from the history at its own `now`.
 */
export interface WorkOrderTable {
  id: Generated<number>;
  /** `WO` + local date `YYYYMMDD` + 6-digit sequence of that day. */
  number: string;
  type: string;
  channel: string;
  status: string;
  priority: string;
  /** 1 when the program or its sponsor is on the green channel: urgent from the start, first in every queue. */
  green_channel: Generated<number>;
  tracking_no: string | null;
  program_code: string | null;
  contact_name: string | null;
  /** Sealed and found by keyed hash like the recipients' phones; the masked form is what lists show. */
  contact_phone_sealed: string | null;
  contact_phone_hash: string | null;
  contact_phone_masked: string | null;
  description: string;
  /** The address an address_change order asks for (placed when created), carried out when resolved as done. */
  new_address: string | null;
  new_division_code: string | null;
  /** The responsible unit (a unit code). */
  unit: string;
  /** The user the order is assigned to (a user name). */
  assignee: string | null;
  escalation_level: Generated<number>;
  created_by_kind: string;
  created_by: string | null;
  first_response_due_at: number;
  first_response_done_at: number | null;
  resolution_due_at: number;
  resolution_done_at: number | null;
  /** The nearest deadline not yet met, NO_DEADLINE when none is left: the queue's sort key. */
  next_due_at: number;
  paused: Generated<number>;
  /** The outcome of the last resolve (`done`, `not_done`, `scan_filled`, …). */
  outcome: string | null;
  resolved_at: number | null;
  closed_at: number | null;
  reopen_count: Generated<number>;
  /** The citizen's rating 1–5 once resolved. */
  satisfaction: number | null;
  rated_at: number | null;
  /** The seq of the order's last history row. */
  last_seq: number;
  created_at: number;
  updated_at: number;
}

/** One action on an order, numbered from 1 per order; the first is the creation. */
export interface WorkOrderHistoryTable {
  order_id: number;
  seq: number;
  at: number;
  action: string;
  actor_kind: string;
  actor: string | null;
  from_status: string | null;
  to_status: string;
  /** 1 when the row answers the customer (a reply or a resolve). */
  responds: number;
  unit: string | null;
  user_name: string | null;
  message: string | null;
  outcome: string | null;
  /** The level an escalation row raised the order to. */
  escalation_level: number | null;
}

/** The last number given on a local day `YYYY-MM-DD`. */
export interface WorkOrderDayTable {
  day: string;
  last_seq: number;
}
