import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { WorkOrderOutboxTable } from './work-order-outbox.table.js';

/** Tells the outbox what happened to an order, in the caller's transaction (only orders of a program: their sponsor is told). */
export async function recordWorkOrderChange(trx: Db, change: Omit<Insertable<WorkOrderOutboxTable>, 'id'>): Promise<void> {
  await trx.insertInto('work_order_outbox').values(change).execute();
}

/** How far a reader of the work-order outbox by id may go (see committed-horizon.ts). */
export const committedWorkOrderOutboxHorizon = (db: Db) => committedIdHorizon(db, 'work_order_outbox');
export const latestVisibleWorkOrderOutboxId = (db: Db) => latestVisibleId(db, 'work_order_outbox');

export type WorkOrderOutboxRow = Selectable<WorkOrderOutboxTable>;

/** The next outbox rows after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listWorkOrderOutboxAfter(db: Db, after: number, upTo: number, limit: number): Promise<WorkOrderOutboxRow[]> {
  const rows = await db.selectFrom('work_order_outbox').selectAll().where('id', '>', after).where('id', '<=', upTo).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), seq: Number(r.seq), at: Number(r.at), escalation_level: r.escalation_level === null ? null : Number(r.escalation_level) }));
}
