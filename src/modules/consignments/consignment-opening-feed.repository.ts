import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';

/**
 * Readers that count items by their scans follow the consignments' openings too: an opening that
 * arrives late deletes the copies of the consignment's scans made after it (decision 0008), which
 * changes where its items count without a new scan of theirs. See committed-horizon.ts for why
 * PostgreSQL needs a lock to say how far they may read.
 */
export const committedConsignmentEventHorizon = (db: Db) => committedIdHorizon(db, 'consignment_events');
export const latestVisibleConsignmentEventId = (db: Db) => latestVisibleId(db, 'consignment_events');

/** The items inside the consignments with an OPENED event numbered in (after, upTo]. */
export async function itemsOfOpeningsBetween(db: Db, after: number, upTo: number): Promise<string[]> {
  const rows = await db
    .selectFrom('consignment_items')
    .select('consignment_items.tracking_no')
    .distinct()
    .where('consignment_items.consignment_no', 'in', (qb) =>
      qb.selectFrom('consignment_events').select('consignment_no').where('code', '=', 'OPENED').where('id', '>', after).where('id', '<=', upTo),
    )
    .orderBy('consignment_items.tracking_no')
    .execute();
  return rows.map((r) => r.tracking_no);
}
