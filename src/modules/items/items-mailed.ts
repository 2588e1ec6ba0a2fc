import type { Db } from '../../db/database.js';
import { HOUR_MS } from './items-created.js';

/** How items mailed are counted for a report of another module: all together, per program, or per delivery office. */
export type ItemsMailedBy = 'all' | 'program' | 'office';

/**
 * Items mailed (created) in [startMs, endMs), counted per program or per delivery office (its current
 * one), or all together under the key ''. Items of no program or no office are counted under ''.
 * A period of whole hours (the local days of a whole-hour time zone) is summed from the hours counted
 * with every item's creation (items-created.ts); any other is counted from the items themselves.
 */
export async function countItemsMailed(db: Db, period: { startMs: number; endMs: number }, by: ItemsMailedBy): Promise<Map<string, number>> {
  if (period.startMs % HOUR_MS !== 0 || period.endMs % HOUR_MS !== 0) return countItemsMailedFromItems(db, period, by);
  const base = db.selectFrom('items_created_hours').where('hour', '>=', period.startMs / HOUR_MS).where('hour', '<', period.endMs / HOUR_MS);
  const out = new Map<string, number>();
  if (by === 'all') {
    const row = await base.select((eb) => eb.fn.sum<string | number | null>('items').as('n')).executeTakeFirstOrThrow();
    out.set('', Number(row.n ?? 0));
    return out;
  }
  const column = by === 'program' ? 'program_code' : 'delivery_office';
  const rows = await base.select([column, (eb) => eb.fn.sum<string | number>('items').as('n')]).groupBy(column).execute();
  for (const r of rows) {
    const n = Number(r.n);
    if (n !== 0) out.set((r as Record<string, unknown>)[column] as string, n);
  }
  return out;
}

/** The same counted from the items of the period (a read of all of them): for periods not of whole hours, and as the reference of the tests. */
export async function countItemsMailedFromItems(db: Db, period: { startMs: number; endMs: number }, by: ItemsMailedBy): Promise<Map<string, number>> {
  const base = db.selectFrom('items').where('created_at', '>=', period.startMs).where('created_at', '<', period.endMs);
  const out = new Map<string, number>();
  if (by === 'all') {
    const row = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    out.set('', Number(row.n));
    return out;
  }
  const column = by === 'program' ? 'program_code' : 'delivery_office';
  const rows = await base.select([column, (eb) => eb.fn.countAll<string | number>().as('n')]).groupBy(column).execute();
  for (const r of rows) out.set(((r as Record<string, unknown>)[column] as string | null) ?? '', Number(r.n));
  return out;
}
