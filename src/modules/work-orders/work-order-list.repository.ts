import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { OPEN_STATUSES } from './escalation-candidates.js';
import type { WorkOrderRow } from './work-order.repository.js';
import type { WorkOrderKeyset } from './work-order.schemas.js';

export interface WorkOrderFilter {
  statuses?: readonly string[];
  types?: readonly string[];
  channels?: readonly string[];
  unit?: string;
  assignee?: string;
  program?: string;
  /** Only the orders of no program. */
  noProgram?: boolean;
  /** Limits the list to these programs (a partner's scope); orders of no program are then left out. */
  programs?: readonly string[];
  /** true: a deadline not yet met had passed by `now` and the order is not paused; false: none had. */
  overdue?: { now: number; yes: boolean };
  createdFrom?: number;
  /** Exclusive. */
  createdBefore?: number;
}

/**
 * A page of the queue in its order: green channel first, then the nearest deadline not yet met (orders
 * with none last), then the id; from just after `after`. `limit` rows at most.
 */
export async function listWorkOrderPage(db: Db, filter: WorkOrderFilter, after: WorkOrderKeyset | undefined, limit: number): Promise<WorkOrderRow[]> {
  let q = db.selectFrom('work_orders').selectAll();
  if (filter.statuses && isOpenSet(filter.statuses)) q = q.where(OPEN_ORDERS);
  else if (filter.statuses) q = q.where('status', 'in', [...filter.statuses]);
  if (filter.types) q = q.where('type', 'in', [...filter.types]);
  if (filter.channels) q = q.where('channel', 'in', [...filter.channels]);
  if (filter.unit !== undefined) q = q.where('unit', '=', filter.unit);
  if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee);
  if (filter.program !== undefined) q = q.where('program_code', '=', filter.program);
  if (filter.noProgram) q = q.where('program_code', 'is', null);
  if (filter.programs) q = filter.programs.length === 0 ? q.where((eb) => eb.lit(false)) : q.where('program_code', 'in', [...filter.programs]);
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
  if (filter.createdBefore !== undefined) q = q.where('created_at', '<', filter.createdBefore);
  if (filter.overdue) {
    const { now, yes } = filter.overdue;
    q = yes
      ? q.where('paused', '=', 0).where('next_due_at', '<', now)
      : q.where((eb) => eb.or([eb('paused', '=', 1), eb('next_due_at', '>=', now)]));
  }
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('green_channel', '<', after.green),
        eb.and([eb('green_channel', '=', after.green), eb('next_due_at', '>', after.due)]),
        eb.and([eb('green_channel', '=', after.green), eb('next_due_at', '=', after.due), eb('id', '>', after.id)]),
      ]),
    );
  }
  return q.orderBy('green_channel', 'desc').orderBy('next_due_at').orderBy('id').limit(limit).execute();
}

/**
 * The open statuses as the index `work_orders_open_queue` (migration 0025) is made on, written out: a
 * partial index serves a query whose condition is its own, literally (not bound parameters); and a
 * NOT IN, unlike the list of the open statuses, cannot be served by `work_orders_status_due`, whose
 * rows would then be sorted.
 */
const OPEN_ORDERS = sql<boolean>`status NOT IN ('resolved', 'closed')`;

/** The filter is the open statuses, each once, in any order. */
const isOpenSet = (statuses: readonly string[]) => new Set(statuses).size === OPEN_STATUSES.length && OPEN_STATUSES.every((s) => statuses.includes(s));
