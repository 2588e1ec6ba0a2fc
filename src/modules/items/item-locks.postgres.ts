import type pg from 'pg';
import { texts } from '../../db/pg-arrays.js';
import { countScannedItemsPostgres } from './items-created.js';

/**
 * Creates the items a batch scans for the first time and locks every one of them, in one pass in
 * byte order of the tracking number. Creating first and locking the existing ones after took locks in
 * two passes, and two batches could then deadlock: one holding a new item's insert and waiting for an
 * older item, the other holding that older item from its previous chunk and waiting for the insert.
 *
 * ON CONFLICT DO UPDATE … WHERE false writes nothing to an existing row but still locks it (as
 * FOR UPDATE does), in the same pass and order as the inserts. COLLATE "C" makes that order the one
 * the caller sorts by (code units; tracking numbers are ASCII), whatever the database's collation.
 */
const CREATE_AND_LOCK_ITEMS = `
  INSERT INTO items (tracking_no, service_indicator, source, status, created_at)
  SELECT t, left(t, 2), 'scan', 'CREATED', $2 FROM unnest($1::text[]) AS t ORDER BY t COLLATE "C"
  ON CONFLICT (tracking_no) DO UPDATE SET status = items.status WHERE false`;

/**
 * Locks the given items for the rest of the caller's transaction, creating those not stored yet
 * (source 'scan', status CREATED, as an item first seen in a scan). Whoever locks an item second
 * waits for the first to commit, so it then reads what the first stored.
 */
export async function createAndLockItems(client: Pick<pg.PoolClient, 'query'>, trackingNos: readonly string[], now: number): Promise<void> {
  if (trackingNos.length === 0) return;
  // The rows counted are the inserted ones: a conflicting row is left as it is (`WHERE false`).
  const { rowCount } = await client.query(CREATE_AND_LOCK_ITEMS, [texts(trackingNos), now]);
  await countScannedItemsPostgres(client, now, rowCount ?? 0);
}
