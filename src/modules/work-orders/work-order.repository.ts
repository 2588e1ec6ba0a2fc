import { type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { WorkOrderHistoryTable, WorkOrderOutboxTable, WorkOrderTable } from './work-order.table.js';

export type WorkOrderRow = Selectable<WorkOrderTable>;
export type WorkOrderHistoryRow = Selectable<WorkOrderHistoryTable>;

/**
 * The next sequence number of local day `day` (`YYYY-MM-DD`), counted up in the caller's
 * transaction: two servers creating at once get different numbers (the row is locked by the first
 * until it commits, and SQLite has one writer).
 */
export async function nextWorkOrderSeq(trx: Db, day: string): Promise<number> {
  const row = await trx
    .insertInto('work_order_days')
    .values({ day, last_seq: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet({ last_seq: sql`work_order_days.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** Stores a new order with its first history row (seq 1, the creation); answers the order's id. */
export async function insertWorkOrder(
  trx: Db,
  order: Omit<Insertable<WorkOrderTable>, 'id' | 'last_seq'>,
  created: Omit<Insertable<WorkOrderHistoryTable>, 'order_id' | 'seq'>,
): Promise<number> {
  const row = await trx
    .insertInto('work_orders')
    .values({ ...order, last_seq: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await trx.insertInto('work_order_history').values({ ...created, order_id: id, seq: 1 }).execute();
  return id;
}

/**
 * Adds the order's next history row and updates the order with it, only if no other action came
 * first (`last_seq` is still `seenSeq`); false when one did, and nothing is written. The caller
 * owns the transaction.
 */
export async function appendWorkOrderAction(
  trx: Db,
  orderId: number,
  seenSeq: number,
  row: Omit<Insertable<WorkOrderHistoryTable>, 'order_id' | 'seq'>,
  changes: Omit<Updateable<WorkOrderTable>, 'id' | 'number' | 'last_seq'>,
): Promise<boolean> {
  const seq = seenSeq + 1;
  const updated = await trx
    .updateTable('work_orders')
    .set({ ...changes, last_seq: seq })
    .where('id', '=', orderId)
    .where('last_seq', '=', seenSeq)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx.insertInto('work_order_history').values({ ...row, order_id: orderId, seq }).execute();
  return true;
}

export function findWorkOrderByNumber(db: Db, number: string): Promise<WorkOrderRow | undefined> {
  return db.selectFrom('work_orders').selectAll().where('number', '=', number).executeTakeFirst();
}

/** The order's history, oldest first. */
export function listWorkOrderHistory(db: Db, orderId: number): Promise<WorkOrderHistoryRow[]> {
  return db.selectFrom('work_order_history').selectAll().where('order_id', '=', orderId).orderBy('seq').execute();
}

/** The histories of these orders, each oldest first; one query per 500 orders. */
export async function listWorkOrderHistories(db: Db, orderIds: readonly number[]): Promise<Map<number, WorkOrderHistoryRow[]>> {
  const out = new Map<number, WorkOrderHistoryRow[]>();
  for (let i = 0; i < orderIds.length; i += 500) {
    const chunk = orderIds.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('work_order_history').selectAll().where('order_id', 'in', chunk).orderBy('order_id').orderBy('seq').execute();
    for (const r of rows) {
      const id = Number(r.order_id);
      const list = out.get(id);
      if (list) list.push(r);
      else out.set(id, [r]);
    }
  }
  return out;
}

/** The orders about an item, newest first. */
export function listWorkOrdersOfItem(db: Db, trackingNo: string): Promise<WorkOrderRow[]> {
  return db.selectFrom('work_orders').selectAll().where('tracking_no', '=', trackingNo).orderBy('id', 'desc').execute();
}

/** Tells the outbox what happened to an order, in the caller's transaction (only orders of a program: their sponsor is told). */
export async function recordWorkOrderChange(trx: Db, change: Omit<Insertable<WorkOrderOutboxTable>, 'id'>): Promise<void> {
  await trx.insertInto('work_order_outbox').values(change).execute();
}

/** How far a reader of the work-order outbox by id may go (see committed-horizon.ts). */
export const committedWorkOrderOutboxHorizon = (db: Db) => committedIdHorizon(db, 'work_order_outbox');
export const latestVisibleWorkOrderOutboxId = (db: Db) => latestVisibleId(db, 'work_order_outbox');

/** The next outbox rows after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listWorkOrderOutboxAfter(db: Db, after: number, upTo: number, limit: number) {
  const rows = await db
    .selectFrom('work_order_outbox')
    .selectAll()
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), seq: Number(r.seq), at: Number(r.at) }));
}
