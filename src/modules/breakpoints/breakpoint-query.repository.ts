// Reads of break-points for lists and the break-point rate. The writes (detection, the sweep) are in
// breakpoint.repository.ts.
//
// The rate report reads `items`, `scan_events` and `units` as well as `breakpoints`: its denominator
// is "items whose last event falls in the period", and the only exact way to count that at national
// scale is one aggregate query per report, not a walk over every item through other modules'
// services. These reads are read-only and kept in this one file.
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Db } from '../../db/database.js';
import { isPostgres } from '../../db/dialect.js';
import { type Keyset, type ListOrder, type RateGrouping } from './breakpoint.schemas.js';
import type { Period } from '../../http/query-days.js';
import { type BreakpointType, MISSING_SCAN_TYPES, isOpenBreakpoint } from './breakpoint.table.js';

export interface BreakpointListFilter {
  status: 'open' | 'closed' | 'all';
  types?: readonly BreakpointType[];
  responsibleUnit?: string;
  /** Opened at or after this instant. */
  openedFrom?: number;
  /** Opened before this instant. */
  openedBefore?: number;
  /** Of items mailed for one of these programs (a partner's scope); none: of any item. */
  programs?: readonly string[];
}

/**
 * One page of break-points, newest first (opened_at desc, id desc) or oldest first, strictly after
 * `after` in that order. Keyset paging: rows opened meanwhile never shift a later page.
 */
export function listBreakpointPage(db: Db, filter: BreakpointListFilter, order: ListOrder, after: Keyset | undefined, limit: number) {
  const direction = order === 'newest' ? 'desc' : 'asc';
  let q = db
    .selectFrom('breakpoints')
    .select(['id', 'tracking_no', 'type', 'visit', 'responsible_unit', 'opened_at', 'closed_at', 'detail']);
  // Open: the same condition that lists an item as having an open break-point (GET /items).
  if (filter.status === 'open') q = q.where(isOpenBreakpoint('breakpoints', { types: filter.types, responsibleUnit: filter.responsibleUnit }));
  else {
    if (filter.status === 'closed') q = q.where('closed_at', 'is not', null);
    if (filter.types) q = q.where('type', 'in', filter.types);
    if (filter.responsibleUnit !== undefined) q = q.where('responsible_unit', '=', filter.responsibleUnit);
  }
  if (filter.openedFrom !== undefined) q = q.where('opened_at', '>=', filter.openedFrom);
  if (filter.openedBefore !== undefined) q = q.where('opened_at', '<', filter.openedBefore);
  const programs = filter.programs;
  if (programs) {
    // Read-only, like the rate's reads of items: an item's program is what puts it in a partner's scope.
    q = programs.length === 0 ? q.where(sql<SqlBool>`1 = 0`) : q.where('tracking_no', 'in', (eb) => eb.selectFrom('items').select('items.tracking_no').where('items.program_code', 'in', programs));
  }
  if (after) {
    q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('opened_at', 'id'), order === 'newest' ? '<' : '>', tuple(after.openedAt, after.id)));
  }
  return q.orderBy('opened_at', direction).orderBy('id', direction).limit(limit).execute();
}

// ---- Break-point rate (DESIGN §5) --------------------------------------------------------------

export interface RateCounts {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
}

/** Every unit in a group: the unit itself, its city, or its province. */
function unitGroup(alias: 'u' | 'ub', groupBy: RateGrouping): RawBuilder<string> {
  switch (groupBy) {
    case 'unit':
      return sql<string>`${sql.ref(`${alias}.code`)}`;
    // A unit registered at province level has no city: it counts in a row of its province's code.
    case 'city':
      return sql<string>`coalesce(${sql.ref(`${alias}.city_code`)}, ${sql.ref(`${alias}.province_code`)})`;
    case 'province':
      return sql<string>`${sql.ref(`${alias}.province_code`)}`;
  }
}

type ItemScope = ExpressionBuilder<Database, 'items'>;

/** The in-scope items, period half-open on items.last_event_at. */
const lastEventIn = (eb: ItemScope, period: Period) =>
  eb.and([eb('items.last_event_at', '>=', period.startMs), eb('items.last_event_at', '<', period.endMs)]);

const one = sql<number>`1`;
const zero = sql<number>`0`;
/** 1 when the condition holds, else 0, for sum(): portable where count(*) FILTER is not. */
const countIf = (condition: Expression<SqlBool>) => sql<number>`sum(case when ${condition} then ${one} else ${zero} end)`;

/**
 * The period's totals: items in scope, those with an open missing-scan break-point, and those whose
 * missing-scan break-points were all closed. Correlated EXISTS use the (tracking_no, type, visit)
 * index, so the cost follows the items in scope, not the break-points stored. With `program`, only
 * that program's items (a program's weekly report).
 */
export async function countRateTotals(db: Db, period: Period, program?: string): Promise<RateCounts> {
  const row = await db
    .selectFrom('items')
    .where((eb) => lastEventIn(eb, period))
    .$if(program !== undefined, (qb) => qb.where('items.program_code', '=', program!))
    .select((eb) => {
      const missingScan = (openOnly: boolean) =>
        eb.exists(
          eb
            .selectFrom('breakpoints as b')
            .select(one.as('one'))
            .whereRef('b.tracking_no', '=', 'items.tracking_no')
            .where('b.type', 'in', MISSING_SCAN_TYPES)
            .$if(openOnly, (qb) => qb.where('b.closed_at', 'is', null)),
        );
      return [
        eb.fn.countAll<number>().as('items'),
        countIf(missingScan(true)).as('with_breakpoint'),
        countIf(eb.and([missingScan(false), eb.not(missingScan(true))])).as('filled_late'),
      ];
    })
    .executeTakeFirstOrThrow();
  return { items: Number(row.items), itemsWithBreakpoint: Number(row.with_breakpoint ?? 0), filledLate: Number(row.filled_late ?? 0) };
}

/**
 * The same figures per group. A group's items: in-scope items with at least one event at one of its
 * units. Its numerator: those of them with an open missing-scan break-point blamed on one of its
 * units; its "filled late": those with missing-scan break-points blamed on its units, all closed.
 */
export async function countRateByGroup(db: Db, period: Period, groupBy: RateGrouping, program?: string): Promise<(RateCounts & { group: string })[]> {
  const rows = await db
    .with('pairs', (qc) =>
      qc
        .selectFrom('scan_events as se')
        .innerJoin('items', 'items.tracking_no', 'se.tracking_no')
        .innerJoin('units as u', 'u.code', 'se.site')
        .where((eb) => lastEventIn(eb, period))
        .$if(program !== undefined, (qb) => qb.where('items.program_code', '=', program!))
        .select([unitGroup('u', groupBy).as('grp'), 'se.tracking_no as tracking_no'])
        .distinct(),
    )
    .selectFrom('pairs')
    .select((eb) => {
      const missingScanOfGroup = (openOnly: boolean) =>
        eb.exists(
          eb
            .selectFrom('breakpoints as b')
            .innerJoin('units as ub', 'ub.code', 'b.responsible_unit')
            .select(one.as('one'))
            .whereRef('b.tracking_no', '=', 'pairs.tracking_no')
            .where('b.type', 'in', MISSING_SCAN_TYPES)
            .where(sql<SqlBool>`${unitGroup('ub', groupBy)} = ${sql.ref('pairs.grp')}`)
            .$if(openOnly, (qb) => qb.where('b.closed_at', 'is', null)),
        );
      return [
        'pairs.grp',
        eb.fn.countAll<number>().as('items'),
        countIf(missingScanOfGroup(true)).as('with_breakpoint'),
        countIf(eb.and([missingScanOfGroup(false), eb.not(missingScanOfGroup(true))])).as('filled_late'),
      ];
    })
    .groupBy('pairs.grp')
    .execute();
  return rows.map((r) => ({
    group: r.grp,
    items: Number(r.items),
    itemsWithBreakpoint: Number(r.with_breakpoint ?? 0),
    filledLate: Number(r.filled_late ?? 0),
  }));
}

export interface OffendingFilter {
  period: Period;
  /** Only the break-points counted in this group's numerator. */
  group?: { by: RateGrouping; code: string };
}

/**
 * One page of the open missing-scan break-points of in-scope items (the rate's numerator, one row
 * per break-point), oldest first, strictly after `after`.
 */
export function listOffendingPage(db: Db, filter: OffendingFilter, after: Keyset | undefined, limit: number) {
  const { period, group } = filter;
  let q = db
    .selectFrom('breakpoints as b')
    .innerJoin('items', 'items.tracking_no', 'b.tracking_no')
    .where((eb) => lastEventIn(eb, period))
    .where('b.closed_at', 'is', null)
    .where('b.type', 'in', MISSING_SCAN_TYPES)
    .select([
      'b.id',
      'b.tracking_no',
      'b.type',
      'b.visit',
      'b.responsible_unit',
      'b.opened_at',
      'items.last_event_code',
      'items.last_event_at',
      'items.last_event_site',
    ]);
  if (group) {
    q = q
      .innerJoin('units as ub', 'ub.code', 'b.responsible_unit')
      .where(sql<SqlBool>`${unitGroup('ub', group.by)} = ${group.code}`)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('scan_events as se')
            .innerJoin('units as u', 'u.code', 'se.site')
            .select(one.as('one'))
            .whereRef('se.tracking_no', '=', 'b.tracking_no')
            .where(sql<SqlBool>`${unitGroup('u', group.by)} = ${group.code}`),
        ),
      );
  }
  if (after) q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('b.opened_at', 'b.id'), '>', tuple(after.openedAt, after.id)));
  return q.orderBy('b.opened_at').orderBy('b.id').limit(limit).execute();
}

// ---- The rate of one day, read an item page at a time (see breakpoint-rate-day.ts) -------------

/** Each unit's city (its province's code when it has none) and province: what the groups are. */
export async function readUnitGroups(db: Db): Promise<Map<string, { city: string; province: string }>> {
  const rows = await db.selectFrom('units').select(['code', 'city_code', 'province_code']).execute();
  return new Map(rows.map((r) => [r.code, { city: r.city_code ?? r.province_code, province: r.province_code }]));
}

/** In-scope items of the period, in (last_event_at, tracking_no) order, strictly after `after`. */
export async function listItemsInScope(db: Db, period: Period, after: { lastEventAt: number; trackingNo: string } | undefined, limit: number) {
  let q = db
    .selectFrom('items')
    .select(['tracking_no', 'last_event_at'])
    .where((eb) => lastEventIn(eb, period));
  if (after) q = q.where(({ eb, refTuple, tuple }) => eb(refTuple('items.last_event_at', 'items.tracking_no'), '>', tuple(after.lastEventAt, after.trackingNo)));
  const rows = await q.orderBy('items.last_event_at').orderBy('items.tracking_no').limit(limit).execute();
  return rows.map((r) => ({ trackingNo: r.tracking_no, lastEventAt: Number(r.last_event_at) }));
}

/** The distinct sites where these items have events. */
export async function listItemSites(db: Db, trackingNos: readonly string[]): Promise<{ tracking_no: string; site: string }[]> {
  if (trackingNos.length === 0) return [];
  if (!isPostgres(db)) return db.selectFrom('scan_events').select(['tracking_no', 'site']).distinct().where('tracking_no', 'in', trackingNos).execute();
  // One probe of scan_events_identity per item: planned as `tracking_no IN (…)` before the table was
  // first analyzed, it read all of scan_events (docs/benchmarks.md).
  const { rows } = await sql<{ tracking_no: string; site: string }>`
    SELECT t.tracking_no, s.site FROM (SELECT DISTINCT unnest(${trackingNos}::text[]) AS tracking_no) t
    CROSS JOIN LATERAL (SELECT DISTINCT site FROM scan_events WHERE tracking_no = t.tracking_no) s`.execute(db);
  return rows;
}

/** The missing-scan break-points of these items, open or closed. */
export async function listMissingScans(db: Db, trackingNos: readonly string[]): Promise<{ tracking_no: string; responsible_unit: string; open: boolean }[]> {
  if (trackingNos.length === 0) return [];
  const rows = await db
    .selectFrom('breakpoints')
    .select(['tracking_no', 'responsible_unit', 'closed_at'])
    .where('tracking_no', 'in', trackingNos)
    .where('type', 'in', MISSING_SCAN_TYPES)
    .execute();
  return rows.map((r) => ({ tracking_no: r.tracking_no, responsible_unit: r.responsible_unit, open: r.closed_at === null }));
}
