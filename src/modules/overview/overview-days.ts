import type { Db } from '../../db/database.js';
import { addDays, formatLocalDate, parseLocalDate } from '../../domain/local-day.js';
import { localPeriod } from '../breakpoints/breakpoint.schemas.js';
import type { BreakpointReadDeps } from '../breakpoints/breakpoint-list.service.js';
import { reportBreakpointRate } from '../breakpoints/breakpoint-rate.service.js';
import { countItems } from '../items/item-list.service.js';
import {
  advanceWatermark,
  committedEventWatermark,
  itemsScannedBetween,
  markBucketsChanged,
  readChanges,
  readDayRows,
  readWatermark,
  scansOf,
  unitsStamp,
  writeDayRows,
} from './overview.repository.js';
import type { OverviewDayTable } from './overview.table.js';

/**
 * The overview's figures per local day, kept in `overview_days` so that a month's overview reads
 * thirty rows instead of a million items. Every figure is computed by the services behind the lists
 * and the rate report (countItems, reportBreakpointRate), so it is the same number they give; a day
 * is only reused while no scan has touched it since.
 *
 * What makes a day stale: new scans (read by id, past a watermark) of an item change the figures of
 * the day its last scan was on before and the one it is on now (the rate's scope, its break-points,
 * the cities it passed through), and, when they change, of the days of its first acceptance and
 * first delivery (and of its acceptance, when it becomes delivered). Those quarter hours are marked
 * as changed at the new watermark; a day computed at an older watermark than any of its quarter
 * hours is computed again when asked for. A change of units (a unit's city) regroups every day.
 */
export const BUCKET_MS = 900_000;
// New scans are read this many ids at a time, their items' scans this many items at a time.
const ID_CHUNK = 50_000;
const ITEM_CHUNK = 500;

export interface Figures {
  items: number;
  withBreakpoint: number;
  filledLate: number;
  accepted: number;
  delivered: number;
  acceptedDelivered: number;
}

export interface DayFigures {
  day: string;
  total: Figures;
  /** By city code (a province code for units without a city). */
  cities: Map<string, Figures>;
}

export type OverviewDeps = BreakpointReadDeps;

/** One per app: computations in flight, so concurrent requests share them instead of repeating them. */
export function createOverviewDays() {
  let refreshing: Promise<void> | undefined;
  const computing = new Map<string, Promise<DayFigures>>();

  /**
   * Marks what the scans stored since the last call changed; one at a time per server. A call that
   * finds one under way waits for it and then looks again: scans stored after it began must count.
   */
  async function catchUp(db: Db): Promise<void> {
    while (refreshing) await refreshing.catch(() => {});
    const mine = markChangedDays(db).finally(() => {
      if (refreshing === mine) refreshing = undefined;
    });
    refreshing = mine;
    await mine;
  }

  /** The figures of every day from..to (local days, both included), computing those not cached or stale. */
  async function read(deps: OverviewDeps, from: string, to: string): Promise<DayFigures[]> {
    await catchUp(deps.db);
    const watermark = (await readWatermark(deps.db)) ?? 0;
    const stamp = await unitsStamp(deps.db);
    const days = daysBetween(from, to);
    const rows = await readDayRows(deps.db, deps.timeZone, from, to);
    const bounds = localPeriod(from, to, deps.timeZone);
    const changes = await readChanges(deps.db, Math.floor(bounds.startMs / BUCKET_MS), Math.floor((bounds.endMs - 1) / BUCKET_MS));
    const rowsByDay = new Map<string, OverviewDayTable[]>();
    for (const r of rows) rowsByDay.set(r.day, [...(rowsByDay.get(r.day) ?? []), r]);

    const out: DayFigures[] = [];
    for (const day of days) {
      const cached = rowsByDay.get(day);
      if (cached && isFresh(cached, day, stamp, changes, deps.timeZone)) {
        out.push(fromRows(day, cached));
        continue;
      }
      const key = `${deps.timeZone}|${day}|${watermark}|${stamp}`;
      let pending = computing.get(key);
      if (!pending) {
        pending = computeDay(deps, day, watermark, stamp).finally(() => computing.delete(key));
        computing.set(key, pending);
      }
      out.push(await pending);
    }
    return out;
  }

  return { read, catchUp };
}

export type OverviewDays = ReturnType<typeof createOverviewDays>;

async function markChangedDays(db: Db): Promise<void> {
  const upTo = await committedEventWatermark(db);
  const after = await readWatermark(db);
  // The first time there is nothing cached that could be stale: start from here.
  if (after === undefined || upTo <= after) {
    if (after === undefined) await advanceWatermark(db, upTo);
    return;
  }
  const buckets = new Set<number>();
  for (let lo = after; lo < upTo; lo += ID_CHUNK) {
    const items = await itemsScannedBetween(db, lo, Math.min(upTo, lo + ID_CHUNK));
    for (let i = 0; i < items.length; i += ITEM_CHUNK) {
      const scans = await scansOf(db, items.slice(i, i + ITEM_CHUNK), upTo);
      const byItem = new Map<string, ItemScan[]>();
      for (const s of scans) byItem.set(s.tracking_no, [...(byItem.get(s.tracking_no) ?? []), { id: s.id, code: s.code, atMs: s.at_ms }]);
      for (const itemScans of byItem.values()) for (const at of changedInstants(itemScans, after)) buckets.add(Math.floor(at / BUCKET_MS));
    }
  }
  await db.transaction().execute(async (trx) => {
    await markBucketsChanged(trx, [...buckets], upTo);
    await advanceWatermark(trx, upTo);
  });
}

export interface ItemScan {
  id: number;
  code: string;
  atMs: number;
}

/**
 * The instants whose days an item's scans numbered after `after` changed (see above): its last scan
 * before and now, and its first acceptance and first delivery before and now when they moved.
 */
export function changedInstants(scans: readonly ItemScan[], after: number): number[] {
  const facts = (list: readonly ItemScan[]) => {
    let last: number | undefined;
    let accepted: number | undefined;
    let delivered: number | undefined;
    for (const s of list) {
      if (last === undefined || s.atMs > last) last = s.atMs;
      if (s.code === 'ACCEPTED' && (accepted === undefined || s.atMs < accepted)) accepted = s.atMs;
      if (s.code === 'DELIVERED' && (delivered === undefined || s.atMs < delivered)) delivered = s.atMs;
    }
    return { last, accepted, delivered };
  };
  const before = facts(scans.filter((s) => s.id <= after));
  const now = facts(scans);
  const instants = [before.last, now.last];
  if (before.accepted !== now.accepted) instants.push(before.accepted, now.accepted);
  if (before.delivered !== now.delivered) instants.push(before.delivered, now.delivered);
  // Newly delivered: one more of the items accepted that day is delivered.
  if (before.delivered === undefined && now.delivered !== undefined) instants.push(now.accepted);
  return instants.filter((at): at is number => at !== undefined);
}

function isFresh(rows: readonly OverviewDayTable[], day: string, stamp: string, changes: ReadonlyMap<number, number>, timeZone: string): boolean {
  const total = rows.find((r) => r.grp === '');
  if (!total || total.units_stamp !== stamp) return false;
  const { startMs, endMs } = localPeriod(day, day, timeZone);
  const computedAt = Number(total.computed_wm);
  for (let b = Math.floor(startMs / BUCKET_MS); b * BUCKET_MS < endMs; b++) {
    if ((changes.get(b) ?? -1) > computedAt) return false;
  }
  return true;
}

/** A day's figures from the services behind the lists and the rate report, then cached. */
async function computeDay(deps: OverviewDeps, day: string, watermark: number, stamp: string): Promise<DayFigures> {
  const rate = await reportBreakpointRate(deps, { from: day, to: day, groupBy: 'city', format: 'json' });
  const accepted = localPeriod(day, day, deps.timeZone);
  const total: Figures = {
    items: rate.total.items,
    withBreakpoint: rate.total.itemsWithBreakpoint,
    filledLate: rate.total.filledLate,
    accepted: await countItems(deps.db, { accepted }),
    delivered: await countItems(deps.db, { delivered: accepted }),
    acceptedDelivered: await countItems(deps.db, { accepted, statuses: ['DELIVERED'] }),
  };
  const cities = new Map<string, Figures>(
    rate.rows.map((r) => [r.group, { items: r.items, withBreakpoint: r.itemsWithBreakpoint, filledLate: r.filledLate, accepted: 0, delivered: 0, acceptedDelivered: 0 }]),
  );
  const row = (grp: string, f: Figures): OverviewDayTable => ({
    time_zone: deps.timeZone,
    day,
    grp,
    items: f.items,
    with_breakpoint: f.withBreakpoint,
    filled_late: f.filledLate,
    accepted: f.accepted,
    delivered: f.delivered,
    accepted_delivered: f.acceptedDelivered,
    computed_wm: watermark,
    units_stamp: stamp,
  });
  await writeDayRows(deps.db, deps.timeZone, day, [row('', total), ...[...cities].map(([grp, f]) => row(grp, f))]);
  return { day, total, cities };
}

function fromRows(day: string, rows: readonly OverviewDayTable[]): DayFigures {
  const figures = (r: OverviewDayTable): Figures => ({
    items: Number(r.items),
    withBreakpoint: Number(r.with_breakpoint),
    filledLate: Number(r.filled_late),
    accepted: Number(r.accepted),
    delivered: Number(r.delivered),
    acceptedDelivered: Number(r.accepted_delivered),
  });
  const total = rows.find((r) => r.grp === '')!;
  return { day, total: figures(total), cities: new Map(rows.filter((r) => r.grp !== '').map((r) => [r.grp, figures(r)])) };
}

/** Local days from..to, both included (dates that passed ZLocalDate). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  let date = parseLocalDate(from)!;
  for (let text = from; text <= to; date = addDays(date, 1), text = formatLocalDate(date)) days.push(text);
  return days;
}

