// The overview is a read model: besides its own tables (overview_days, overview_day_groups,
// overview_changes, overview_state) it reads `breakpoints` (open counts), `scan_events` (which days new scans touch)
// and `units` (which city each is in). Read-only there; the rules themselves stay in the services
// it calls (the break-point rate, the item list).
import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { BreakpointType } from '../breakpoints/breakpoint.table.js';
import type { RateGrouping } from '../breakpoints/breakpoint.schemas.js';
import type { DayMarker } from './overview-days.js';
import type { OverviewDayGroupTable, OverviewDayTable } from './overview.table.js';

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
export const advanceRefreshedAt = (db: Db, to: number) => advanceState(db, REFRESHED_AT, to);

/** Items with scans numbered in (after, upTo]. */
export async function itemsScannedBetween(db: Db, after: number, upTo: number): Promise<string[]> {
  const rows = await db.selectFrom('scan_events').select('tracking_no').distinct().where('id', '>', after).where('id', '<=', upTo).execute();
  return rows.map((r) => r.tracking_no);
}

/** Every scan of these items, numbered up to `upTo`: what changed the items' days is read from them. */
export async function scansOf(db: Db, trackingNos: readonly string[], upTo: number): Promise<{ tracking_no: string; id: number; code: string; at_ms: number }[]> {
  if (trackingNos.length === 0) return [];
  const rows = await db
    .selectFrom('scan_events')
    .select(['tracking_no', 'id', 'code', 'at_ms'])
    .where('tracking_no', 'in', trackingNos)
    .where('id', '<=', upTo)
    .execute();
  return rows.map((r) => ({ tracking_no: r.tracking_no, id: Number(r.id), code: r.code, at_ms: Number(r.at_ms) }));
}

export async function markBucketsChanged(db: Db, buckets: readonly number[], watermark: number): Promise<void> {
  for (let i = 0; i < buckets.length; i += 500) {
    await db
      .insertInto('overview_changes')
      .values(buckets.slice(i, i + 500).map((bucket) => ({ bucket, changed_wm: watermark })))
      .onConflict((oc) => oc.column('bucket').doUpdateSet({ changed_wm: watermark }).where('overview_changes.changed_wm', '<', watermark))
      .execute();
  }
}

/** The latest change watermark of each quarter hour in [first, last]. */
export async function readChanges(db: Db, first: number, last: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('overview_changes').select(['bucket', 'changed_wm']).where('bucket', '>=', first).where('bucket', '<=', last).execute();
  return new Map(rows.map((r) => [Number(r.bucket), Number(r.changed_wm)]));
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

/** Quarter hours changed after watermark `after`, with their latest change. */
export async function readChangesAfter(db: Db, after: number): Promise<{ bucket: number; changedWm: number }[]> {
  const rows = await db.selectFrom('overview_changes').select(['bucket', 'changed_wm']).where('changed_wm', '>', after).execute();
  return rows.map((r) => ({ bucket: Number(r.bucket), changedWm: Number(r.changed_wm) }));
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

/**
 * Replaces a day's rows with freshly computed ones: its rate in total and per unit, city and
 * province, and, unless `rows` is undefined (the rate alone was computed), its overview figures.
 */
export async function writeDayRows(db: Db, timeZone: string, day: string, rows: readonly OverviewDayTable[] | undefined, groups: readonly OverviewDayGroupTable[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (rows) await trx.deleteFrom('overview_days').where('time_zone', '=', timeZone).where('day', '=', day).execute();
    await trx.deleteFrom('overview_day_groups').where('time_zone', '=', timeZone).where('day', '=', day).execute();
    // Another server may have written the same day meanwhile: both computed it after the same
    // scans, so either answer will do.
    for (let i = 0; i < (rows?.length ?? 0); i += 200) {
      await trx
        .insertInto('overview_days')
        .values(rows!.slice(i, i + 200))
        .onConflict((oc) => oc.columns(['time_zone', 'day', 'grp']).doNothing())
        .execute();
    }
    for (let i = 0; i < groups.length; i += 200) {
      await trx
        .insertInto('overview_day_groups')
        .values(groups.slice(i, i + 200))
        .onConflict((oc) => oc.columns(['time_zone', 'grouping', 'day', 'grp']).doNothing())
        .execute();
    }
  });
}
