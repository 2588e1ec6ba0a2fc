import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { MISSING_SCAN_TYPES, PROOF_TYPES } from '../breakpoints/breakpoint.table.js';
import type { WeeklyReportTable } from './weekly-report.table.js';

export interface Instants {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

/** What a report counts: a program's items, or those delivered by the offices of a province or city. */
export type ItemScope = { program: string } | { province: string } | { city: string };

const num = (v: unknown) => Number(v ?? 0);

/** The units of a division's scope, as a subquery of their codes. */
function scopeUnits(db: Db, scope: { province: string } | { city: string }) {
  const q = db.selectFrom('units').select('code');
  return 'province' in scope ? q.where('province_code', '=', scope.province) : q.where('city_code', '=', scope.city);
}

export interface WeekItemRow {
  tracking_no: string;
  program_code: string | null;
  delivery_office: string | null;
  created_at: number;
  delivered_at: number | null;
}

/**
 * The scope's items registered in the period, `limit` at a time in tracking-number order after
 * `after`: a program's through its index, a division's by its offices.
 */
export async function listWeekItems(db: Db, scope: ItemScope, period: Instants, after: string, limit: number): Promise<WeekItemRow[]> {
  let q = db
    .selectFrom('items')
    .select(['tracking_no', 'program_code', 'delivery_office', 'created_at', 'delivered_at'])
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .where('tracking_no', '>', after);
  q = 'program' in scope ? q.where('program_code', '=', scope.program) : q.where('delivery_office', 'in', scopeUnits(db, scope));
  const rows = await q.orderBy('tracking_no').limit(limit).execute();
  return rows.map((r) => ({ ...r, created_at: num(r.created_at), delivered_at: r.delivered_at === null ? null : num(r.delivered_at) }));
}

/** Requests made on each of the days: a program's, or those an office of the division is to deliver. */
export async function countRequestsByDay(db: Db, scope: ItemScope, days: readonly Instants[]): Promise<number[]> {
  const first = days[0]!;
  const last = days.at(-1)!;
  let q = db
    .selectFrom('requests')
    .select(days.map((d, i) => sql<number>`sum(case when created_at >= ${d.startMs} and created_at < ${d.endMs} then 1 else 0 end)`.as(`d${i}`)))
    .where('created_at', '>=', first.startMs)
    .where('created_at', '<', last.endMs);
  q = 'program' in scope ? q.where('program_code', '=', scope.program) : q.where('delivery_office', 'in', scopeUnits(db, scope));
  const row = (await q.executeTakeFirst()) as Record<string, unknown> | undefined;
  return days.map((_, i) => num(row?.[`d${i}`]));
}

/**
 * Break-points open at an instant (opened before it, not closed by then), per responsible unit: of
 * the program's items, or blamed on a unit of the division. Proof break-points are the courier's
 * paperwork, not a missing scan or a stalled item, and are left out.
 */
export async function countOpenBreakpointsAt(db: Db, scope: ItemScope, at: number): Promise<Map<string, number>> {
  let q = db
    .selectFrom('breakpoints as b')
    .select(['b.responsible_unit', (eb) => eb.fn.countAll().as('open')])
    .where('b.opened_at', '<', at)
    .where((eb) => eb.or([eb('b.closed_at', 'is', null), eb('b.closed_at', '>=', at)]))
    .where('b.type', 'not in', PROOF_TYPES)
    .groupBy('b.responsible_unit');
  q =
    'program' in scope
      ? q.where((eb: ExpressionBuilder<Database & { b: Database['breakpoints'] }, 'b'>) =>
          eb.exists(eb.selectFrom('items').select('items.tracking_no').whereRef('items.tracking_no', '=', 'b.tracking_no').where('items.program_code', '=', scope.program)),
        )
      : q.where('b.responsible_unit', 'in', scopeUnits(db, scope));
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.responsible_unit, num(r.open)]));
}

/**
 * Stores a report. One of the same week, scope and zone is replaced in place, keeping its id (the
 * links already pushed stay good), unless `onlyNew`. Answers the stored id, and whether it is new.
 */
export async function saveWeeklyReport(trx: Db, row: WeeklyReportTable, onlyNew: boolean): Promise<{ id: string; created: boolean } | undefined> {
  const found = await trx
    .selectFrom('weekly_reports')
    .select('id')
    .where('week', '=', row.week)
    .where('scope_kind', '=', row.scope_kind)
    .where('scope_code', '=', row.scope_code)
    .where('time_zone', '=', row.time_zone)
    .executeTakeFirst();
  if (found && onlyNew) return undefined;
  if (found) {
    const { id: _new, ...values } = row;
    await trx.updateTable('weekly_reports').set(values).where('id', '=', found.id).execute();
    return { id: found.id, created: false };
  }
  await trx.insertInto('weekly_reports').values(row).execute();
  return { id: row.id, created: true };
}

export interface StoredListFilter {
  week?: string;
  /** A partner's programs; undefined: every report. */
  programs?: readonly string[];
  timeZone: string;
}

/** Stored reports, newest week first, then by scope; after the (week, id) cursor. */
export async function listStoredReports(db: Db, filter: StoredListFilter, after: { week: string; id: string } | undefined, limit: number) {
  let q = db.selectFrom('weekly_reports').selectAll().where('time_zone', '=', filter.timeZone);
  if (filter.week !== undefined) q = q.where('week', '=', filter.week);
  if (filter.programs !== undefined) q = filter.programs.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('program_code', 'in', filter.programs);
  if (after) q = q.where((eb) => eb.or([eb('week', '<', after.week), eb.and([eb('week', '=', after.week), eb('id', '>', after.id)])]));
  const rows = await q.orderBy('week', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, generated_at: num(r.generated_at) }));
}

export async function findStoredReport(db: Db, id: string) {
  const row = await db.selectFrom('weekly_reports').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, generated_at: num(row.generated_at) };
}

/** The open missing-scan break-points of these items. */
export async function findOpenMissingScans(db: Db, trackingNos: readonly string[]) {
  if (trackingNos.length === 0) return [];
  const rows = await db
    .selectFrom('breakpoints')
    .select(['tracking_no', 'type', 'responsible_unit', 'opened_at'])
    .where('tracking_no', 'in', trackingNos)
    .where('closed_at', 'is', null)
    .where('type', 'in', MISSING_SCAN_TYPES)
    .orderBy('opened_at')
    .orderBy('tracking_no')
    .execute();
  return rows.map((r) => ({ ...r, opened_at: num(r.opened_at) }));
}

/** The scopes of a week already stored, as `kind:code`. */
export async function findStoredScopes(db: Db, week: string, timeZone: string): Promise<Set<string>> {
  const rows = await db.selectFrom('weekly_reports').select(['scope_kind', 'scope_code']).where('week', '=', week).where('time_zone', '=', timeZone).execute();
  return new Set(rows.map((r) => `${r.scope_kind}:${r.scope_code}`));
}
