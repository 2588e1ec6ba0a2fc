// The overview is a read model: besides its own tables (overview_days, overview_day_groups,
// overview_item_counts, overview_state) it reads `breakpoints` (open counts), `scan_events` (which items new scans touch,
// and where), `consignment_items` (which items can lose a scan) and `units` (which city each is in). Read-only there; the rules themselves stay in the services
// it calls (the break-point rate, the item list).
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { isPostgres } from '../../db/dialect.js';
import type { BreakpointType } from '../breakpoints/breakpoint.table.js';
import type { RateGrouping } from '../breakpoints/breakpoint.schemas.js';
import type { DayMarker } from './overview-days.js';
import type { OverviewDayGroupTable, OverviewDayTable, OverviewItemCountTable } from './overview.table.js';

// ---- Open break-points (the partial index breakpoints_open_type_unit) ---------------------------

export async function countOpenBreakpointsByType(db: Db): Promise<Map<BreakpointType, number>> {
  const rows = await db
    .selectFrom('breakpoints')
    .select((eb) => ['type', eb.fn.countAll<number>().as('n')])
    .where('closed_at', 'is', null)
    .groupBy('type')
    .execute();
  return new Map(rows.map((r) => [r.type, Number(r.n)]));
}

export async function countOpenBreakpointsByUnit(db: Db): Promise<{ unit: string; open: number }[]> {
  const rows = await db
    .selectFrom('breakpoints')
    .select((eb) => ['responsible_unit', eb.fn.countAll<number>().as('n')])
    .where('closed_at', 'is', null)
    .groupBy('responsible_unit')
    .execute();
  return rows.map((r) => ({ unit: r.responsible_unit, open: Number(r.n) }));
}

// ---- What the cached days depend on -------------------------------------------------------------

/**
 * Changes whenever a unit is added or moves to another city or province: what grouping by city
 * depends on. A digest of those columns, not `updated_at`, which two updates within one millisecond
 * would leave unchanged.
 */
export async function unitsStamp(db: Db): Promise<string> {
  const rows = await db.selectFrom('units').select(['code', 'city_code', 'province_code']).execute();
  const lines = rows.map((r) => `${r.code}\t${r.city_code ?? ''}\t${r.province_code}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('base64url');
}

const WATERMARK = 'scan_watermark';
/**
 * The instant the refresh job's last complete pass began (every scan stored before it was then
 * counted in the stored days): for operations, to see the job keeps up. No answer depends on it.
 */
const REFRESHED_AT = 'refreshed_at';

async function readState(db: Db, name: string): Promise<number | undefined> {
  const row = await db.selectFrom('overview_state').select('value').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.value) : undefined;
}

/** Moves a value forward (never back, whoever else moved it meanwhile). */
async function advanceState(db: Db, name: string, to: number): Promise<void> {
  await db
    .insertInto('overview_state')
    .values({ name, value: to })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: to }).where('overview_state.value', '<', to))
    .execute();
}

export const readWatermark = (db: Db) => readState(db, WATERMARK);
export const advanceWatermark = (db: Db, to: number) => advanceState(db, WATERMARK, to);
/** How far the consignments' events were followed for openings (their items are counted again). */
const OPENINGS_WATERMARK = 'openings_watermark';
export const readOpeningsWatermark = (db: Db) => readState(db, OPENINGS_WATERMARK);
export const advanceOpeningsWatermark = (db: Db, to: number) => advanceState(db, OPENINGS_WATERMARK, to);
export const advanceRefreshedAt = (db: Db, to: number) => advanceState(db, REFRESHED_AT, to);

/** The scans numbered in (after, upTo], in id order (a range of the primary key). */
export async function readScansBetween(db: Db, after: number, upTo: number): Promise<{ tracking_no: string; code: string; at_ms: number; site: string }[]> {
  const rows = await db.selectFrom('scan_events').select(['tracking_no', 'code', 'at_ms', 'site']).where('id', '>', after).where('id', '<=', upTo).orderBy('id').execute();
  return rows.map((r) => ({ tracking_no: r.tracking_no, code: r.code, at_ms: Number(r.at_ms), site: r.site }));
}

/**
 * Those of these items that are or were inside a consignment (`consignment_items`, read-only): a late
 * opening deletes the copies of the consignment's scans made after it (decision 0008), so only these
 * items can lose a site.
 */
export async function itemsInConsignments(db: Db, trackingNos: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < trackingNos.length; i += 5_000) {
    const rows = await db.selectFrom('consignment_items').select('tracking_no').where('tracking_no', 'in', trackingNos.slice(i, i + 5_000)).execute();
    for (const r of rows) found.add(r.tracking_no);
  }
  return found;
}

// ---- The cached days ----------------------------------------------------------------------------

export function readDayRows(db: Db, timeZone: string, from: string, to: string) {
  return db.selectFrom('overview_days').selectAll().where('time_zone', '=', timeZone).where('day', '>=', from).where('day', '<=', to).execute();
}

/** What the stored days of a kind (from..to, both given, or all of them) were computed after. */
export async function readMarkers(db: Db, kind: 'overview' | 'rate', timeZone: string, from?: string, to?: string): Promise<DayMarker[]> {
  const rows =
    kind === 'overview'
      ? await db
          .selectFrom('overview_days')
          .select(['day', 'computed_wm', 'units_stamp'])
          .where('time_zone', '=', timeZone)
          .where('grp', '=', '')
          .$if(from !== undefined, (qb) => qb.where('day', '>=', from!).where('day', '<=', to!))
          .execute()
      : await db
          .selectFrom('overview_day_groups')
          .select(['day', 'computed_wm', 'units_stamp'])
          .where('time_zone', '=', timeZone)
          .where('grouping', '=', 'total')
          .$if(from !== undefined, (qb) => qb.where('day', '>=', from!).where('day', '<=', to!))
          .execute();
  return rows.map((r) => ({ day: r.day, computedWm: Number(r.computed_wm), unitsStamp: r.units_stamp }));
}

/** Per group, the sums of the stored days from..to of one grouping. */
export async function sumDayGroups(db: Db, timeZone: string, from: string, to: string, grouping: RateGrouping | 'total') {
  const rows = await db
    .selectFrom('overview_day_groups')
    .select((eb) => [
      'grp',
      eb.fn.sum<number>('items').as('items'),
      eb.fn.sum<number>('with_breakpoint').as('with_breakpoint'),
      eb.fn.sum<number>('filled_late').as('filled_late'),
    ])
    .where('time_zone', '=', timeZone)
    .where('grouping', '=', grouping)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('grp')
    .execute();
  return rows.map((r) => ({ group: r.grp, items: Number(r.items), itemsWithBreakpoint: Number(r.with_breakpoint), filledLate: Number(r.filled_late) }));
}

/** A day's rate rows (overview_day_groups), every grouping. */
export function readDayGroupRows(db: Db, timeZone: string, day: string) {
  return db.selectFrom('overview_day_groups').selectAll().where('time_zone', '=', timeZone).where('day', '=', day).execute();
}

/** Replaces a day's rate rows (overview_day_groups) in a transaction the caller holds. */
export async function replaceDayGroups(trx: Db, timeZone: string, day: string, groups: readonly OverviewDayGroupTable[]): Promise<void> {
  await trx.deleteFrom('overview_day_groups').where('time_zone', '=', timeZone).where('day', '=', day).execute();
  for (let i = 0; i < groups.length; i += 200) await trx.insertInto('overview_day_groups').values(groups.slice(i, i + 200)).execute();
}

/** Replaces a day's overview figures (overview_days) in a transaction the caller holds. */
export async function replaceDayTotals(trx: Db, timeZone: string, day: string, rows: readonly OverviewDayTable[]): Promise<void> {
  await trx.deleteFrom('overview_days').where('time_zone', '=', timeZone).where('day', '=', day).execute();
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('overview_days').values(rows.slice(i, i + 200)).execute();
}

// ---- What each item contributed to the stored days ----------------------------------------------

/**
 * Taken first in every transaction that changes the stored days or the items' rows: they are read,
 * changed and written back, so two of them (two servers on PostgreSQL) must not interleave. On SQLite
 * the write also takes the database's write lock at once, so the reads that follow cannot be
 * overtaken by the scan writer's commits.
 */
export async function lockCounts(trx: Db): Promise<void> {
  await trx
    .insertInto('overview_state')
    .values({ name: 'counts_lock', value: 0 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: 0 }))
    .execute();
}

/** The time zones some day is stored for. */
export async function storedTimeZones(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('overview_day_groups').select('time_zone').distinct().execute();
  return rows.map((r) => r.time_zone);
}

export async function readItemCounts(db: Db, timeZone: string, trackingNos: readonly string[]): Promise<OverviewItemCountTable[]> {
  const postgres = isPostgres(db);
  const out: OverviewItemCountTable[] = [];
  for (let i = 0; i < trackingNos.length; i += 500) {
    if (i > 0 && i % 5_000 === 0) await nextTurn();
    const chunk = trackingNos.slice(i, i + 500);
    if (postgres) {
      // One primary-key probe per item. Planned as `tracking_no IN (…)`, PostgreSQL took the table as
      // having no useful statistics until autovacuum first analyzed it (a minute or more after it
      // filled), and read every row of the time zone per chunk (docs/benchmarks.md).
      const { rows } = await sql<OverviewItemCountTable>`
        SELECT c.* FROM unnest(${chunk}::text[]) AS t(tracking_no)
        CROSS JOIN LATERAL (SELECT * FROM overview_item_counts WHERE time_zone = ${timeZone} AND tracking_no = t.tracking_no LIMIT 1) c`.execute(db);
      out.push(...rows);
    } else {
      out.push(...(await db.selectFrom('overview_item_counts').selectAll().where('time_zone', '=', timeZone).where('tracking_no', 'in', chunk).execute()));
    }
  }
  return out;
}

/** The items last counted on a day in one of these columns (each read by its index). */
export async function readItemCountsOn(db: Db, timeZone: string, day: string, columns: readonly ('rate_day' | 'accepted_day' | 'delivered_day')[]): Promise<OverviewItemCountTable[]> {
  const byItem = new Map<string, OverviewItemCountTable>();
  for (const column of columns) {
    for (const r of await db.selectFrom('overview_item_counts').selectAll().where('time_zone', '=', timeZone).where(column, '=', day).execute()) byItem.set(r.tracking_no, r);
  }
  return [...byItem.values()];
}

export type ItemCountColumn = 'rate_day' | 'rate_facts' | 'accepted_day' | 'accepted_delivered' | 'delivered_day';

/**
 * Writes items' rows: a row already stored gets only the columns named changed, so that the indexes
 * on the columns that did not change (an item delivered keeps its last scan's day) are left alone.
 */
export interface ItemCountWrite {
  row: OverviewItemCountTable;
  /** The columns that differ from the stored row (all of them for an item without one). */
  changed: readonly ItemCountColumn[];
}

export async function writeItemCounts(trx: Db, rows: readonly ItemCountWrite[]): Promise<void> {
  const byChange = new Map<string, { changed: readonly ItemCountColumn[]; rows: OverviewItemCountTable[] }>();
  for (const { row, changed } of rows) {
    const key = changed.join();
    const group = byChange.get(key);
    if (group) group.rows.push(row);
    else byChange.set(key, { changed, rows: [row] });
  }
  let written = 0;
  for (const { changed, rows: group } of byChange.values()) {
    for (let i = 0; i < group.length; i += 200) {
      // A day computed in full writes tens of thousands: timers and sockets get a turn in between.
      if (written > 0 && written % 2_000 === 0) await nextTurn();
      written += 200;
      await trx
        .insertInto('overview_item_counts')
        .values(group.slice(i, i + 200))
        .onConflict((oc) =>
          oc.columns(['time_zone', 'tracking_no']).doUpdateSet((eb) => Object.fromEntries(changed.map((c) => [c, eb.ref(`excluded.${c}`)])) as Record<ItemCountColumn, never>),
        )
        .execute();
    }
  }
}
