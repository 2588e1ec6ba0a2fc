import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';
import { countItem } from './items-created.js';
import type { ItemTable } from './item.table.js';

export type NewItem = Pick<ItemTable, 'tracking_no' | 'service_indicator' | 'origin_unit' | 'dest_division_code' | 'dest_address' | 'weight_grams'>;

export async function findExistingTrackingNos(db: Db, trackingNos: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // Bounded IN lists: SQLite caps bound parameters per statement.
  for (let i = 0; i < trackingNos.length; i += 500) {
    const chunk = trackingNos.slice(i, i + 500);
    const rows = await db.selectFrom('items').select('tracking_no').where('tracking_no', 'in', chunk).execute();
    for (const r of rows) found.add(r.tracking_no);
  }
  return found;
}

/** Registers an item, or fills in the details of one already known (e.g. first seen in a scan); a new one is counted as created. */
export async function upsertItemDetails(db: Db, item: NewItem, now: number): Promise<void> {
  const inserted = await db
    .insertInto('items')
    .values({ ...item, source: 'api', status: 'CREATED', created_at: now })
    .onConflict((oc) => oc.column('tracking_no').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    await countItem(db, now, null, null, 1);
    return;
  }
  await db
    .updateTable('items')
    .set((eb) => ({
      origin_unit: eb.fn.coalesce(eb.val(item.origin_unit), eb.ref('items.origin_unit')),
      dest_division_code: eb.fn.coalesce(eb.val(item.dest_division_code), eb.ref('items.dest_division_code')),
      dest_address: eb.fn.coalesce(eb.val(item.dest_address), eb.ref('items.dest_address')),
      weight_grams: eb.fn.coalesce(eb.val(item.weight_grams), eb.ref('items.weight_grams')),
    }))
    .where('tracking_no', '=', item.tracking_no)
    .execute();
}

// Built once per database handle: the timeline is the most frequent call, and building these queries
// cost more than running them.
const itemByTrackingNo = compiledQuery((db, trackingNo: string) => db.selectFrom('items').selectAll().where('tracking_no', '=', trackingNo));
// In no order: the caller orders them by compareEventOrder, as every derivation does.
const eventsByTrackingNo = compiledQuery((db, trackingNo: string) => db.selectFrom('scan_events').selectAll().where('tracking_no', '=', trackingNo));

export async function findItem(db: Db, trackingNo: string) {
  return (await itemByTrackingNo(db, trackingNo))[0];
}

// What an item's page and a citizen's tracking show of the item row itself, and whose it is.
const itemForPageByTrackingNo = compiledQuery((db, trackingNo: string) =>
  db
    .selectFrom('items')
    .select(['tracking_no', 'origin_unit', 'dest_division_code', 'dest_address', 'weight_grams', 'program_code', 'delivery_office'])
    .where('tracking_no', '=', trackingNo),
);

/** The item's columns its page shows (its derived state comes from its events), without the rest of the row. */
export async function findItemForPage(db: Db, trackingNo: string) {
  return (await itemForPageByTrackingNo(db, trackingNo))[0];
}

/** The item's events, in no particular order. */
export function listItemEvents(db: Db, trackingNo: string) {
  return eventsByTrackingNo(db, trackingNo);
}

// What a timeline shows of an item's events, and their order: every column but the tracking number
// the caller already has, read from the index that holds them (scan_events_timeline).
const timelineEventsByTrackingNo = compiledQuery((db, trackingNo: string) =>
  db
    .selectFrom('scan_events')
    .select(['id', 'code', 'at_ms', 'at_offset_min', 'site', 'operator', 'reason', 'next_site', 'received_at', 'via_consignment'])
    .where('tracking_no', '=', trackingNo),
);

/** An item's event as its timeline reads it. */
export type TimelineEventRow = Awaited<ReturnType<typeof timelineEventsByTrackingNo>>[number];

/** The item's events as its timeline reads them, in no particular order. */
export function listTimelineEvents(db: Db, trackingNo: string): Promise<TimelineEventRow[]> {
  return timelineEventsByTrackingNo(db, trackingNo);
}
