// Reads behind GET /items and the overview's counts: one statement of each filter, so a figure and
// the list it links to cannot disagree. Written as SQL fragments because the driving table changes
// with the filters (acceptance and delivery scans by instant, or items by their last scan).
//
// Besides `items`, these read `scan_events` (first acceptance / delivery, scans at a unit), `units`
// (a unit's city), `breakpoints` (open break-points, the rate's numerator) and `requests` (when an
// item was asked for): the list is a read model over them, as
// the break-point rate report is.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { type BreakpointType, MISSING_SCAN_TYPES, hasOpenBreakpoint } from '../breakpoints/breakpoint.table.js';
import type { ItemKeyset, ItemOrder } from './item-list.schemas.js';
import { hasSuspectScan } from './suspect-scans.js';

/** Half-open instants [startMs, endMs). */
export interface Instants {
  startMs: number;
  endMs: number;
}

export interface ItemListFilter {
  statuses?: readonly string[];
  /** The item's first ACCEPTED scan is in this period. */
  accepted?: Instants;
  /** The item's first DELIVERED scan is in this period. */
  delivered?: Instants;
  /** The item's last scan is in this period. */
  lastEvent?: Instants;
  /** The item has a scan at this unit. */
  unit?: string;
  /** The item has a scan at a unit of this city (a province code for units without a city). */
  city?: string;
  /** The item has a scan at a unit of this province. */
  province?: string;
  /**
   * open: the item has an open break-point of `breakpointTypes` (any type when none); filledLate: its
   * missing-scan break-points were all closed by late scans. Blamed on `unit` / a unit of `city` /
   * of `province` when given.
   */
  breakpoint?: 'open' | 'filledLate';
  breakpointTypes?: readonly BreakpointType[];
  /** The item was mailed for this program. */
  program?: string;
  /** The item's request was made in this period. */
  requested?: Instants;
  /** The item has a scan dated before its request (suspect-scans.ts). */
  suspect?: boolean;
  /** The item was mailed for one of these programs (a partner's scope); none: any item. */
  programs?: readonly string[];
}

export interface ItemListRow {
  tracking_no: string;
  status: string;
  origin_unit: string | null;
  dest_division_code: string | null;
  program_code: string | null;
  created_at: number | string;
  last_event_code: string | null;
  last_event_at: number | string | null;
  last_event_site: string | null;
  accepted_at: number | string | null;
  delivered_at: number | string | null;
  k_ms: number | string;
  k_key: number | string;
}

/** The order a filter is listed in: the most selective instant it names drives the read. */
export function orderFor(filter: ItemListFilter): ItemOrder {
  if (filter.accepted) return 'accepted';
  if (filter.delivered) return 'delivered';
  if (filter.requested || (filter.statuses?.length === 1 && filter.statuses[0] === 'CREATED')) return 'created';
  return 'lastEvent';
}

const MILESTONE_CODE = { accepted: 'ACCEPTED', delivered: 'DELIVERED' } as const;
const MISSING_TYPES = sql.join(MISSING_SCAN_TYPES.map((t) => sql.lit(t)));
// The rate report's grouping of units into cities (breakpoint-query.repository.ts).
const cityOf = (alias: string) => sql`coalesce(${sql.ref(`${alias}.city_code`)}, ${sql.ref(`${alias}.province_code`)})`;

/**
 * The first scan of `code` of the item `i` falls in the period. The code is a literal, not a
 * parameter: SQLite uses a partial index only when the query's term matches the index's exactly.
 */
function firstMilestoneIn(code: 'ACCEPTED' | 'DELIVERED', period: Instants): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from scan_events m where m.tracking_no = i.tracking_no and m.code = ${sql.lit(code)}
      and m.at_ms >= ${period.startMs} and m.at_ms < ${period.endMs})
    and not exists (select 1 from scan_events m where m.tracking_no = i.tracking_no and m.code = ${sql.lit(code)}
      and m.at_ms < ${period.startMs})`;
}

function itemConditions(filter: ItemListFilter, drive: ItemOrder): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (filter.programs) where.push(filter.programs.length > 0 ? sql<SqlBool>`i.program_code in (${sql.join(filter.programs)})` : sql<SqlBool>`1 = 0`);
  if (filter.statuses) where.push(sql<SqlBool>`i.status in (${sql.join(filter.statuses)})`);
  if (drive === 'lastEvent') where.push(sql<SqlBool>`i.last_event_at is not null`);
  if (filter.lastEvent) where.push(sql<SqlBool>`i.last_event_at >= ${filter.lastEvent.startMs} and i.last_event_at < ${filter.lastEvent.endMs}`);
  if (filter.accepted && drive !== 'accepted') where.push(firstMilestoneIn('ACCEPTED', filter.accepted));
  if (filter.delivered && drive !== 'delivered') where.push(firstMilestoneIn('DELIVERED', filter.delivered));
  // The break-point condition first: it is cheaper and passes far fewer items than the scan conditions.
  if (filter.program !== undefined) where.push(sql<SqlBool>`i.program_code = ${filter.program}`);
  if (filter.requested) {
    where.push(sql<SqlBool>`exists (select 1 from requests rq where rq.tracking_no = i.tracking_no
      and rq.created_at >= ${filter.requested.startMs} and rq.created_at < ${filter.requested.endMs})`);
  }
  if (filter.breakpoint) {
    const blamed = { responsibleUnit: filter.unit, responsibleCity: filter.city, responsibleProvince: filter.province };
    if (filter.breakpoint === 'open') where.push(hasOpenBreakpoint('i.tracking_no', { ...blamed, types: filter.breakpointTypes }));
    else {
      // Every missing-scan break-point blamed there is closed: the rate report's "filled late".
      const closedMissing = [sql`b.type in (${MISSING_TYPES})`, sql`b.closed_at is not null`];
      if (blamed.responsibleUnit !== undefined) closedMissing.push(sql`b.responsible_unit = ${blamed.responsibleUnit}`);
      if (blamed.responsibleCity !== undefined) closedMissing.push(sql`${cityOf('ub')} = ${blamed.responsibleCity}`);
      if (blamed.responsibleProvince !== undefined) closedMissing.push(sql`ub.province_code = ${blamed.responsibleProvince}`);
      where.push(sql<SqlBool>`exists (select 1 from breakpoints b inner join units ub on ub.code = b.responsible_unit
        where b.tracking_no = i.tracking_no and ${sql.join(closedMissing, sql` and `)})`);
      where.push(sql<SqlBool>`not ${hasOpenBreakpoint('i.tracking_no', { ...blamed, types: MISSING_SCAN_TYPES })}`);
    }
  }
  if (filter.suspect) where.push(hasSuspectScan('i'));
  if (filter.unit !== undefined) {
    where.push(sql<SqlBool>`exists (select 1 from scan_events su where su.tracking_no = i.tracking_no and su.site = ${filter.unit})`);
  }
  if (filter.city !== undefined) {
    where.push(sql<SqlBool>`exists (select 1 from scan_events sc inner join units uc on uc.code = sc.site
      where sc.tracking_no = i.tracking_no and ${cityOf('uc')} = ${filter.city})`);
  }
  if (filter.province !== undefined) {
    where.push(sql<SqlBool>`exists (select 1 from scan_events sp inner join units up on up.code = sp.site
      where sp.tracking_no = i.tracking_no and up.province_code = ${filter.province})`);
  }
  return where;
}

/** FROM … WHERE … of a filter, and the (instant, tie-breaker) columns it is ordered by. */
function source(filter: ItemListFilter, drive: ItemOrder): { from: RawBuilder<unknown>; ms: RawBuilder<unknown>; key: RawBuilder<unknown> } {
  const conditions = itemConditions(filter, drive);
  if (drive === 'accepted' || drive === 'delivered') {
    const code = sql.lit(MILESTONE_CODE[drive]);
    const period = filter[drive]!;
    // Each item once, at its first such scan (by instant, then arrival).
    conditions.unshift(
      sql<SqlBool>`se.code = ${code} and se.at_ms >= ${period.startMs} and se.at_ms < ${period.endMs}`,
      sql<SqlBool>`not exists (select 1 from scan_events e2 where e2.tracking_no = se.tracking_no and e2.code = ${code}
        and (e2.at_ms < se.at_ms or (e2.at_ms = se.at_ms and e2.id < se.id)))`,
    );
    return {
      from: sql`from scan_events se inner join items i on i.tracking_no = se.tracking_no where ${sql.join(conditions, sql` and `)}`,
      ms: sql`se.at_ms`,
      key: sql`se.id`,
    };
  }
  // Never empty: the lastEvent order needs a last scan, the created order names its status.
  const where = sql` where ${sql.join(conditions, sql` and `)}`;
  return drive === 'created'
    ? { from: sql`from items i${where}`, ms: sql`i.created_at`, key: sql`i.tracking_no` }
    : { from: sql`from items i${where}`, ms: sql`i.last_event_at`, key: sql`i.tracking_no` };
}

/** One page, newest first, strictly after `after` in that order. */
export async function listItemPage(db: Db, filter: ItemListFilter, after: ItemKeyset | undefined, limit: number): Promise<ItemListRow[]> {
  const drive = orderFor(filter);
  const { from, ms, key } = source(filter, drive);
  const afterKey = after && (drive === 'accepted' || drive === 'delivered' ? Number(after.key) : after.key);
  const page = after ? sql` and (${ms}, ${key}) < (${after.ms}, ${afterKey})` : sql``;
  const result = await sql<ItemListRow>`
    select i.tracking_no, i.status, i.origin_unit, i.dest_division_code, i.program_code, i.created_at, i.last_event_code,
      i.last_event_at, i.last_event_site, i.accepted_at, i.delivered_at, ${ms} as k_ms, ${key} as k_key
    ${from}${page}
    order by ${ms} desc, ${key} desc
    limit ${limit}`.execute(db);
  return result.rows;
}

/** How many items the filter lists: the figure a list's page is one part of. */
export async function countItemList(db: Db, filter: ItemListFilter): Promise<number> {
  const { from } = source(filter, orderFor(filter));
  const result = await sql<{ n: number | string }>`select count(*) as n ${from}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The items a filter lists, each once, with their status: what countItemList counts. */
export async function listItemNumbers(db: Db, filter: ItemListFilter): Promise<{ trackingNo: string; status: string }[]> {
  const { from } = source(filter, orderFor(filter));
  const result = await sql<{ tracking_no: string; status: string }>`select i.tracking_no, i.status ${from}`.execute(db);
  return result.rows.map((r) => ({ trackingNo: r.tracking_no, status: r.status }));
}

/**
 * What puts these items in the day filters of the list: their last scan (`lastEvent`), their first
 * ACCEPTED and first DELIVERED scans by instant (`accepted`, `delivered`, as firstMilestoneIn reads
 * them), and their status. Items not stored are left out. The firsts are the row's `accepted_at` and
 * `delivered_at`, which the write path keeps as those instants (plan-item-update.ts; the recorder's
 * property test checks them against the stored scans on both engines).
 */
export async function findDayFacts(
  db: Db,
  trackingNos: readonly string[],
): Promise<{ trackingNo: string; status: string; lastEventAt: number | null; acceptedAt: number | null; deliveredAt: number | null }[]> {
  if (trackingNos.length === 0) return [];
  const result = await sql<{ tracking_no: string; status: string; last_event_at: number | string | null; accepted: number | string | null; delivered: number | string | null }>`
    select i.tracking_no, i.status, i.last_event_at, i.accepted_at as accepted, i.delivered_at as delivered
    from items i where i.tracking_no in (${sql.join(trackingNos)})`.execute(db);
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return result.rows.map((r) => ({ trackingNo: r.tracking_no, status: r.status, lastEventAt: num(r.last_event_at), acceptedAt: num(r.accepted), deliveredAt: num(r.delivered) }));
}

/**
 * These items, as a list shows them, newest scan first; with `programs`, only those mailed for one of
 * them (a partner's scope). `k_ms`/`k_key` are the list's order, not a page's.
 */
export async function findItemListRows(db: Db, trackingNos: readonly string[], programs: readonly string[] | undefined): Promise<ItemListRow[]> {
  if (trackingNos.length === 0 || programs?.length === 0) return [];
  let q = db
    .selectFrom('items')
    .select(['tracking_no', 'status', 'origin_unit', 'dest_division_code', 'program_code', 'created_at', 'last_event_code', 'last_event_at', 'last_event_site', 'accepted_at', 'delivered_at'])
    .select((eb) => [eb.ref('created_at').as('k_ms'), eb.ref('tracking_no').as('k_key')])
    .where('tracking_no', 'in', [...trackingNos]);
  if (programs) q = q.where('program_code', 'in', [...programs]);
  const rows = await q.execute();
  return rows.sort((a, b) => Number(b.last_event_at ?? b.created_at) - Number(a.last_event_at ?? a.created_at));
}
