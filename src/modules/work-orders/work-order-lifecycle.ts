import type { WorkOrderStatus } from '../../domain/work-order-clock.js';
import type { WorkOrderAction } from './work-order.schemas.js';

/** How long after its last resolution an order may be reopened. */
export const REOPEN_DAYS = 7;

const OPEN: readonly WorkOrderStatus[] = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit'];
const ALL: readonly WorkOrderStatus[] = [...OPEN, 'resolved', 'closed'];

/**
 * The statuses each action may start from. `new → assigned → in_progress → waiting_customer |
 * waiting_unit → resolved → closed`, with short cuts a service desk takes: an enquiry answered on the
 * first call is replied to or resolved while still new; a waiting order is resumed, re-assigned or
 * resolved; a resolved order reopens (within REOPEN_DAYS) or closes. A closed order is final.
 */
const FROM: Record<WorkOrderAction, readonly WorkOrderStatus[]> = {
  assign: OPEN,
  reply: OPEN,
  wait: ['assigned', 'in_progress', 'waiting_customer', 'waiting_unit'],
  resume: ['waiting_customer', 'waiting_unit'],
  resolve: OPEN,
  reopen: ['resolved'],
  close: ['resolved'],
  escalate: OPEN,
  note: ALL,
};

/** The status after the action, or undefined when the action may not start from `from`. */
export function nextStatus(from: WorkOrderStatus, action: WorkOrderAction, waitOn?: 'customer' | 'unit'): WorkOrderStatus | undefined {
  if (!FROM[action].includes(from)) return undefined;
  switch (action) {
    case 'assign':
      return 'assigned';
    case 'reply':
    case 'resume':
    case 'reopen':
      return 'in_progress';
    case 'wait':
      return waitOn === 'customer' ? 'waiting_customer' : 'waiting_unit';
    case 'resolve':
      return 'resolved';
    case 'close':
      return 'closed';
    case 'escalate':
    case 'note':
      return from;
  }
}

/** A reply and a resolve answer the customer: the first of them meets the first-response deadline. */
export const respondsToCustomer = (action: WorkOrderAction) => action === 'reply' || action === 'resolve';
