import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ActivationResultTable, ActivationStatus } from './activation.table.js';
import type { ActivationResult } from './delivery.table.js';

export { ACTIVATION_STATUSES, type ActivationStatus } from './activation.table.js';

/**
 * The one definition of an item's activation status (decision 0038), over `items` aliased `i`: the
 * bank's latest result recorded after the door (by instant, then by order of recording), else the
 * door's result on the delivered outcome, else `pending`. A result recorded later is never dated
 * before the delivery, so it follows the door's. Read here beside the outcomes this module keeps; the
 * program report asks activationStatusesOf for the same expression.
 */
const STATUS: RawBuilder<ActivationStatus> = sql<ActivationStatus>`coalesce(
  (select a.result from activation_results a where a.tracking_no = i.tracking_no order by a.at_ms desc, a.id desc limit 1),
  (select d.activation_result from delivery_outcomes d
    where d.tracking_no = i.tracking_no and d.outcome = 'delivered' and d.activation_result is not null order by d.at_ms desc limit 1),
  'pending')`;

export interface ActivationTaskRow {
  tracking_no: string;
  program_code: string;
  item_status: string;
  delivered_at: number | null;
  activation: ActivationStatus;
}

/** A page of the items of these programs, by tracking number after `after`, of one status when given. */
export async function listActivationTasks(
  db: Db,
  programs: readonly string[],
  filter: { status?: ActivationStatus; after?: string; limit: number },
): Promise<ActivationTaskRow[]> {
  if (programs.length === 0) return [];
  let query = db
    .selectFrom('items as i')
    .select(['i.tracking_no', 'i.program_code', 'i.status as item_status', 'i.delivered_at', STATUS.as('activation')])
    .where('i.program_code', 'in', [...programs]);
  if (filter.after !== undefined) query = query.where('i.tracking_no', '>', filter.after);
  if (filter.status !== undefined) query = query.where(STATUS, '=', filter.status);
  const rows = await query.orderBy('i.tracking_no').limit(filter.limit).execute();
  return rows.map((r) => ({ ...r, program_code: r.program_code ?? '', delivered_at: r.delivered_at === null ? null : Number(r.delivered_at) }));
}

/** The activation status of each of these items (those that exist). */
export async function activationStatusesOf(db: Db, trackingNos: readonly string[]): Promise<Map<string, ActivationStatus>> {
  const out = new Map<string, ActivationStatus>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const rows = await db
      .selectFrom('items as i')
      .select(['i.tracking_no', STATUS.as('activation')])
      .where('i.tracking_no', 'in', trackingNos.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.tracking_no, r.activation);
  }
  return out;
}

export interface ActivationEntry {
  source: 'door' | 'bank';
  result: ActivationResult;
  atMs: number;
  offsetMin: number;
  staff: string | null;
}

/** Each item's results in the order they hold: the door's, then the bank's later ones. */
export async function activationHistories(db: Db, trackingNos: readonly string[]): Promise<Map<string, ActivationEntry[]>> {
  const out = new Map<string, ActivationEntry[]>();
  if (trackingNos.length === 0) return out;
  const add = (t: string, e: ActivationEntry) => {
    const list = out.get(t);
    if (list) list.push(e);
    else out.set(t, [e]);
  };
  const door = await db
    .selectFrom('delivery_outcomes')
    .select(['tracking_no', 'activation_result', 'at_ms', 'at_offset_min', 'activation_staff'])
    .where('tracking_no', 'in', [...trackingNos])
    .where('outcome', '=', 'delivered')
    .where('activation_result', 'is not', null)
    .orderBy('at_ms')
    .execute();
  for (const d of door) add(d.tracking_no, { source: 'door', result: d.activation_result!, atMs: Number(d.at_ms), offsetMin: d.at_offset_min, staff: d.activation_staff });
  const later = await db.selectFrom('activation_results').selectAll().where('tracking_no', 'in', [...trackingNos]).orderBy('at_ms').orderBy('id').execute();
  for (const a of later) add(a.tracking_no, { source: 'bank', result: a.result, atMs: Number(a.at_ms), offsetMin: a.at_offset_min, staff: a.staff });
  return out;
}

/** Stores a later result; the same result at the same instant sent again stores nothing. */
export async function insertActivationResult(db: Db, row: Omit<ActivationResultTable, 'id'>): Promise<void> {
  await db
    .insertInto('activation_results')
    .values(row)
    .onConflict((oc) => oc.columns(['tracking_no', 'at_ms', 'result']).doNothing())
    .execute();
}
