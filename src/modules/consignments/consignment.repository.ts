import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';
import type { ConsignmentTable } from './consignment.table.js';

export async function insertConsignment(db: Db, consignment: ConsignmentTable, members: readonly string[]): Promise<void> {
  await db.insertInto('consignments').values(consignment).execute();
  for (let from = 0; from < members.length; from += 500) {
    const rows = members.slice(from, from + 500).map((tracking_no) => ({ consignment_no: consignment.tracking_no, tracking_no }));
    await db.insertInto('consignment_items').values(rows).execute();
  }
}

export function findConsignment(db: Db, trackingNo: string) {
  return db.selectFrom('consignments').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export async function findConsignmentNumbers(db: Db, trackingNos: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let from = 0; from < trackingNos.length; from += 500) {
    const rows = await db.selectFrom('consignments').select('tracking_no').where('tracking_no', 'in', trackingNos.slice(from, from + 500)).execute();
    for (const r of rows) found.add(r.tracking_no);
  }
  return found;
}

export function listConsignmentMembers(db: Db, consignmentNo: string) {
  return db.selectFrom('consignment_items').select('tracking_no').where('consignment_no', '=', consignmentNo).orderBy('tracking_no').execute();
}

export function listConsignmentEvents(db: Db, consignmentNo: string) {
  return db.selectFrom('consignment_events').selectAll().where('consignment_no', '=', consignmentNo).orderBy('at_ms').orderBy('id').execute();
}

// Built once per database handle: it is read for every item timeline.
const consignmentsOfItem = compiledQuery((db, trackingNo: string) =>
  db
    .selectFrom('consignment_items as m')
    .innerJoin('consignments as c', 'c.tracking_no', 'm.consignment_no')
    .select(['c.tracking_no', 'c.from_partner', 'c.to_unit', 'c.to_partner', 'c.opened_at', 'c.opened_site', 'c.created_at'])
    .where('m.tracking_no', '=', trackingNo)
    .orderBy('c.created_at'),
);

/** The consignments an item travels in or travelled in, with their openings. */
export function listConsignmentsOfItem(db: Db, trackingNo: string) {
  return consignmentsOfItem(db, trackingNo);
}

/** Members that are still inside another consignment (one not opened yet). */
export async function findItemsInUnopenedConsignments(db: Db, trackingNos: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let from = 0; from < trackingNos.length; from += 500) {
    const rows = await db
      .selectFrom('consignment_items as m')
      .innerJoin('consignments as c', 'c.tracking_no', 'm.consignment_no')
      .select(['m.tracking_no', 'c.tracking_no as consignment_no'])
      .where('m.tracking_no', 'in', trackingNos.slice(from, from + 500))
      .where('c.opened_at', 'is', null)
      .execute();
    for (const r of rows) found.set(r.tracking_no, r.consignment_no);
  }
  return found;
}

export async function hasScanEvents(db: Db, trackingNo: string): Promise<boolean> {
  const row = await db.selectFrom('scan_events').select('id').where('tracking_no', '=', trackingNo).limit(1).executeTakeFirst();
  return row !== undefined;
}
