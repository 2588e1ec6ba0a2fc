import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { FigureColumn, FigurePeriod } from './work-order-figures.repository.js';

const HOUR_MS = 3_600_000;

/**
 * SQLite has no median: each group's durations are numbered in order, and the middle one (or the
 * mean of the two middle ones of an even count) is kept — the same value as percentile_cont(0.5).
 */
export async function resolveHoursMedianSqlite(db: Db, period: FigurePeriod, column: FigureColumn | null, finished: readonly string[]): Promise<Map<string, number>> {
  const group = column === null ? sql<string>`''` : sql<string | null>`${sql.ref(column)}`;
  const result = await sql<{ grp: string | null; median_ms: number | null }>`
    with d as (
      select ${group} as grp, resolved_at - created_at as ms
      from work_orders
      where created_at >= ${period.startMs} and created_at < ${period.endMs}
        and status in (${sql.join([...finished])}) and resolved_at is not null
    ), r as (
      select grp, ms, row_number() over (partition by grp order by ms) as rn, count(*) over (partition by grp) as n from d
    )
    select grp, avg(ms) as median_ms from r where rn in ((n + 1) / 2, (n + 2) / 2) group by grp`.execute(db);
  const out = new Map<string, number>();
  for (const r of result.rows) if (r.median_ms !== null) out.set(r.grp ?? '', Number(r.median_ms) / HOUR_MS);
  return out;
}
