import type { Db } from '../../db/database.js';
import type { WorkOrderRow } from './work-order.repository.js';

/** The statuses whose deadlines still run (or are paused): only these orders escalate. */
export const OPEN_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit'] as const;

/**
 * Open orders below the top level whose stored deadlines say they may have climbed by `now`: first
 * response not done and due, or resolution due (levels 2 and 3 both need it past). The stored
 * deadlines are those of the order's last action and never later than the clock's own, so this is a
 * superset; the caller asks the clock. Keyset by id, `limit` at a time.
 */
export function listEscalationCandidates(db: Db, now: number, afterId: number, limit: number): Promise<WorkOrderRow[]> {
  return db
    .selectFrom('work_orders')
    .selectAll()
    .where('status', 'in', OPEN_STATUSES)
    .where('escalation_level', '<', 3)
    .where('id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb.and([eb('escalation_level', '<', 1), eb('first_response_done_at', 'is', null), eb('first_response_due_at', '<=', now)]),
        eb('resolution_due_at', '<=', now),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}
