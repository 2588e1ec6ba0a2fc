import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** The item's state on a courier's list: out for delivery from the office, or held at it for pickup. */
export type AtOfficeState = 'OUT_FOR_DELIVERY' | 'HELD';

export interface ItemAtOfficeRow {
  tracking_no: string;
  last_event_code: AtOfficeState;
  last_event_at: number;
  program_code: string | null;
  dest_division_code: string | null;
  dest_address: string | null;
  /** Who the last scan names (the scanner's own text, not a Songda user). */
  operator: string | null;
}

/**
 * The items whose last scan, made at `office`, took them out for delivery or held them there: what the
 * office's couriers have in hand. Read from the items' own last event, newest first, at most `limit`.
 */
export async function listItemsAtOffice(db: Db, office: string, limit: number): Promise<ItemAtOfficeRow[]> {
  const rows = await db
    .selectFrom('items')
    .leftJoin('scan_events', 'scan_events.id', 'items.last_event_id')
    .select([
      'items.tracking_no',
      'items.last_event_code',
      'items.last_event_at',
      'items.program_code',
      'items.dest_division_code',
      'items.dest_address',
      'scan_events.operator',
    ])
    .where('items.last_event_site', '=', office)
    // Written out, not bound: SQLite uses a partial index (items_at_office, migration 0021) only for
    // a query whose terms are the index's own literals.
    .where(sql<boolean>`items.last_event_code in ('OUT_FOR_DELIVERY', 'HELD')`)
    .orderBy('items.last_event_at', 'desc')
    .orderBy('items.tracking_no')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, last_event_code: r.last_event_code as AtOfficeState, last_event_at: Number(r.last_event_at) }));
}

/** The office with the most items out for delivery now (ties by code): where the demo's courier works. */
export async function busiestDeliveryOffice(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('items')
    .select(['last_event_site', (eb) => eb.fn.countAll<number>().as('n')])
    .where('last_event_code', '=', 'OUT_FOR_DELIVERY')
    .where('last_event_site', 'is not', null)
    .groupBy('last_event_site')
    .orderBy('n', 'desc')
    .orderBy('last_event_site')
    .limit(1)
    .executeTakeFirst();
  return row?.last_event_site ?? undefined;
}
