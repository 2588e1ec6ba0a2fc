import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { FigureColumn, FigurePeriod, ResolveMedians } from './work-order-figures.repository.js';

const HOUR_MS = 3_600_000;

/** PostgreSQL's own median: percentile_cont(0.5) per group and over all (the mean of the two middle values of an even count). */
export async function resolveHoursMedianPostgres(db: Db, period: FigurePeriod, column: FigureColumn, finished: readonly string[]): Promise<ResolveMedians> {
  const [groups, total] = await Promise.all([medians(db, period, column, finished), medians(db, period, null, finished)]);
  return { groups, total: total.get('') ?? null };
}

async function medians(db: Db, period: FigurePeriod, column: FigureColumn | null, finished: readonly string[]): Promise<Map<string, number>> {
  const group = column === null ? sql<string>`''` : sql<string | null>`${sql.ref(column)}`;
  const result = await sql<{ grp: string | null; median_ms: string | number | null }>`
    select ${group} as grp, percentile_cont(0.5) within group (order by resolved_at - created_at) as median_ms
    from work_orders
    where created_at >= ${period.startMs} and created_at < ${period.endMs}
      and status in (${sql.join([...finished])}) and resolved_at is not null
    ${column === null ? sql`` : sql`group by ${sql.ref(column)}`}`.execute(db);
  const out = new Map<string, number>();
  for (const r of result.rows) if (r.median_ms !== null) out.set(r.grp ?? '', Number(r.median_ms) / HOUR_MS);
  return out;
}
