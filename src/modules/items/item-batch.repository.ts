import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { type Scope, scopedPrograms } from '../../domain/access-scope.js';
import type { ItemTable } from './item.table.js';

/** SQLite caps bound parameters per statement; 500 numbers per IN list stays well under it. */
const CHUNK = 500;

/**
 * The stored items among `trackingNos` that the scope holds (unknown numbers, and for a partner the
 * items of programs it plays no role in, are simply absent), one query per 500 numbers.
 */
export async function findItemsByTrackingNos(db: Db, trackingNos: readonly string[], scope: Scope): Promise<Selectable<ItemTable>[]> {
  const programs = scopedPrograms(scope);
  if (programs?.length === 0) return [];
  const rows: Selectable<ItemTable>[] = [];
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const chunk = trackingNos.slice(i, i + CHUNK);
    let q = db.selectFrom('items').selectAll().where('tracking_no', 'in', chunk);
    if (programs) q = q.where('program_code', 'in', programs);
    rows.push(...(await q.execute()));
  }
  return rows;
}
