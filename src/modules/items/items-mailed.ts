import type { Db } from '../../db/database.js';

/** How items mailed are counted for a report of another module: all together, per program, or per delivery office. */
export type ItemsMailedBy = 'all' | 'program' | 'office';

/**
 * Items mailed (created) in [startMs, endMs), counted per program or per delivery office (its current
 * one), or all together under the key ''. Items of no program or no office are counted under ''.
 */
export async function countItemsMailed(db: Db, period: { startMs: number; endMs: number }, by: ItemsMailedBy): Promise<Map<string, number>> {
  const base = db.selectFrom('items').where('created_at', '>=', period.startMs).where('created_at', '<', period.endMs);
  const out = new Map<string, number>();
  if (by === 'all') {
    const row = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    out.set('', Number(row.n));
    return out;
  }
  const column = by === 'program' ? 'program_code' : 'delivery_office';
  const rows = await base.select([column, (eb) => eb.fn.countAll<string | number>().as('n')]).groupBy(column).execute();
  for (const r of rows) out.set((r as Record<string, unknown>)[column] as string | null ?? '', Number(r.n));
  return out;
}
