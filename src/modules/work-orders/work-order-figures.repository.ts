import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { resolveHoursMedianPostgres } from './work-order-figures.postgres.js';
import { resolveHoursMedianSqlite } from './work-order-figures.sqlite.js';

/** What the figures may be grouped by, and the order's column each is. */
export const FIGURE_GROUPS = { type: 'type', unit: 'unit', program: 'program_code', channel: 'channel' } as const;
export type FigureGroup = keyof typeof FIGURE_GROUPS;
export type FigureColumn = (typeof FIGURE_GROUPS)[FigureGroup];

/** The counts behind the figures of one group of orders created in the period (the group '' holds the orders of no program). */
export interface FigureCounts {
  group: string;
  created: number;
  resolved: number;
  responded: number;
  respondedOnTime: number;
  resolvedOnTime: number;
  everResolved: number;
  reopened: number;
  rated: number;
  satisfactionSum: number;
  complaints: number;
}

export interface FigurePeriod {
  startMs: number;
  endMs: number;
}

const FINISHED = ['resolved', 'closed'];

/**
 * The counts of the orders created in the period, per group (`column`; orders of no program in the
 * group ''). Orders are taken as they stand now: an order resolved after the period still counts as resolved.
 */
export async function countWorkOrderFigures(db: Db, period: FigurePeriod, column: FigureColumn): Promise<FigureCounts[]> {
  const finished = sql<boolean>`status in (${sql.join(FINISHED)})`;
  const rows = await db
    .selectFrom('work_orders')
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .select([
      sql<string | null>`${sql.ref(column)}`.as('grp'),
      sql<string | number>`count(*)`.as('created'),
      sql<string | number>`sum(case when ${finished} then 1 else 0 end)`.as('resolved'),
      sql<string | number>`count(first_response_done_at)`.as('responded'),
      sql<string | number>`sum(case when first_response_done_at <= first_response_due_at then 1 else 0 end)`.as('responded_on_time'),
      sql<string | number>`sum(case when ${finished} and resolution_done_at <= resolution_due_at then 1 else 0 end)`.as('resolved_on_time'),
      sql<string | number>`count(resolved_at)`.as('ever_resolved'),
      sql<string | number>`sum(case when reopen_count > 0 then 1 else 0 end)`.as('reopened'),
      sql<string | number>`count(satisfaction)`.as('rated'),
      sql<string | number | null>`sum(satisfaction)`.as('satisfaction_sum'),
      sql<string | number>`sum(case when type = 'complaint' then 1 else 0 end)`.as('complaints'),
    ])
    .groupBy(sql.ref(column))
    .execute();
  return rows.map((r) => ({
    group: r.grp ?? '',
    created: Number(r.created),
    resolved: Number(r.resolved ?? 0),
    responded: Number(r.responded),
    respondedOnTime: Number(r.responded_on_time ?? 0),
    resolvedOnTime: Number(r.resolved_on_time ?? 0),
    everResolved: Number(r.ever_resolved),
    reopened: Number(r.reopened ?? 0),
    rated: Number(r.rated),
    satisfactionSum: Number(r.satisfaction_sum ?? 0),
    complaints: Number(r.complaints ?? 0),
  })).filter((r) => r.created > 0);
}

/** Median hours to resolve per group, and over all the groups' orders (null when none is resolved). */
export interface ResolveMedians {
  groups: Map<string, number>;
  total: number | null;
}

/**
 * The median hours from creation to the last resolution of the orders created in the period that are
 * resolved or closed now, per group and over all. The one figure whose SQL differs by engine.
 */
export function medianHoursToResolve(db: Db, dialect: 'sqlite' | 'postgres', period: FigurePeriod, column: FigureColumn): Promise<ResolveMedians> {
  return dialect === 'postgres' ? resolveHoursMedianPostgres(db, period, column, FINISHED) : resolveHoursMedianSqlite(db, period, column, FINISHED);
}
