import { type Insertable, type Selectable, type Updateable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { FIGURE_ORDER_COLUMNS, type FigureOrder, moveFigureContribution } from './work-order-figure-days.js';
import type { WorkOrderHistoryTable, WorkOrderTable } from './work-order.table.js';

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

/** Stores a new order with its first history row (seq 1, the creation), and counts it in the stored figures; answers the order's id. */
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
  await moveFigureContribution(trx, undefined, await figureOrder(trx, id));
  return id;
}

/**
 * Adds the order's next history row and updates the order with it, only if no other action came
 * first (`last_seq` is still `seenSeq`); false when one did, and nothing is written. The order's
 * contribution to the stored figures moves with it. The caller owns the transaction.
 */
export async function appendWorkOrderAction(
  trx: Db,
  orderId: number,
  seenSeq: number,
  row: Omit<Insertable<WorkOrderHistoryTable>, 'order_id' | 'seq'>,
  changes: Omit<Updateable<WorkOrderTable>, 'id' | 'number' | 'last_seq'>,
): Promise<boolean> {
  const seq = seenSeq + 1;
  const before = await figureOrder(trx, orderId, seenSeq);
  if (!before) return false;
  const updated = await trx
    .updateTable('work_orders')
    .set({ ...changes, last_seq: seq })
    .where('id', '=', orderId)
    .where('last_seq', '=', seenSeq)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await trx.insertInto('work_order_history').values({ ...row, order_id: orderId, seq }).execute();
  await moveFigureContribution(trx, before, (await figureOrder(trx, orderId))!);
  return true;
}

/** The order's columns the figures are made of (at history row `seq` when given: undefined when it has moved on). */
async function figureOrder(trx: Db, id: number): Promise<FigureOrder>;
async function figureOrder(trx: Db, id: number, seq: number): Promise<FigureOrder | undefined>;
async function figureOrder(trx: Db, id: number, seq?: number): Promise<FigureOrder | undefined> {
  let q = trx.selectFrom('work_orders').select([...FIGURE_ORDER_COLUMNS]).where('id', '=', id);
  if (seq !== undefined) q = q.where('last_seq', '=', seq);
  const row = await q.executeTakeFirst();
  if (!row && seq === undefined) throw new Error(`work order ${id} not found in its own transaction`);
  return row as FigureOrder | undefined;
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

/** An order's contact phone as sealed, for a key rotation's walk (id as text, the walk's cursor). */
export interface SealedContact {
  id: string;
  contact_phone_sealed: string;
  contact_phone_hash: string | null;
}

/** Orders whose contact phone is sealed under another key than `keyId`, after order `afterId`, in id order. */
export async function listWorkOrdersToReseal(db: Db, keyId: string, afterId: string, limit: number): Promise<SealedContact[]> {
  const rows = await db
    .selectFrom('work_orders')
    .select(['id', 'contact_phone_sealed', 'contact_phone_hash'])
    .where('id', '>', afterId === '' ? 0 : Number(afterId))
    .where('contact_phone_sealed', 'is not', null)
    .where('contact_phone_sealed', 'not like', `v2.${keyId}.%`)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: String(r.id), contact_phone_sealed: r.contact_phone_sealed!, contact_phone_hash: r.contact_phone_hash }));
}

/** Stores a re-sealed contact phone, only if the order's phone is still what was read (false when it changed meanwhile). */
export async function resealWorkOrderContact(trx: Db, before: SealedContact, after: { contact_phone_sealed: string; contact_phone_hash: string }): Promise<boolean> {
  const result = await trx.updateTable('work_orders').set(after).where('id', '=', Number(before.id)).where('contact_phone_sealed', '=', before.contact_phone_sealed).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
