import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ItemTable } from './item.table.js';

/** SQLite caps bound parameters per statement; 500 numbers per IN list stays well under it. */
const CHUNK = 500;

/** The stored items among `trackingNos` (unknown numbers are simply absent), one query per 500 numbers. */
export async function findItemsByTrackingNos(db: Db, trackingNos: readonly string[]): Promise<Selectable<ItemTable>[]> {
  const rows: Selectable<ItemTable>[] = [];
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const chunk = trackingNos.slice(i, i + CHUNK);
    rows.push(...(await db.selectFrom('items').selectAll().where('tracking_no', 'in', chunk).execute()));
  }
  return rows;
}
