import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import { addDays, formatLocalDate, parseLocalDate } from '../../domain/local-day.js';
import { MAX_PERIOD_DAYS, localPeriod, periodLength } from '../../http/query-days.js';
import { RATE_GROUPINGS, type RateGrouping } from '../breakpoints/breakpoint.schemas.js';
import type { BreakpointReadDeps } from '../breakpoints/breakpoint-list.service.js';
import type { RateCounts } from '../breakpoints/breakpoint-query.repository.js';
import type { SummedRate } from '../breakpoints/breakpoint-rate.service.js';
import { type RateOfPeriod, countRateOfPeriod } from '../breakpoints/breakpoint-rate-day.js';
import { countItems } from '../items/item-list.service.js';
import { committedScanEventHorizon, latestVisibleScanEventId } from '../scans/scan-event-feed.repository.js';
import {
  advanceWatermark,
  itemsScannedBetween,
  markBucketsChanged,
  readChanges,
  readDayRows,
  readMarkers,
  readWatermark,
  scansOf,
  sumDayGroups,
  unitsStamp,
  writeDayRows,
} from './overview.repository.js';
import type { OverviewDayGroupTable, OverviewDayTable } from './overview.table.js';

/**
 * The overview's figures per local day, kept in `overview_days` so that a month's overview reads
 * thirty rows instead of a million items, and the day's break-point rate per unit, city and province
 * in `overview_day_groups`, which the rate report sums. Every figure is computed by the rules behind
 * the lists and the rate report (countItems, countRateOfPeriod), so it is the same number they give;
 * a day is only reused while no scan stored before the request has touched it since it was
 * computed: every answer counts every batch acknowledged before it was asked for. The refresh job
 * (overview-refresh.ts) computes changed days ahead of the requests, so that they seldom have to.
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

/**
 * What a stored day holds: 'overview', all its figures (overview_days, and the rate rows below);
 * 'rate', only its break-point rate in total and per group (overview_day_groups). The rate report
 * needs no more than the second, and the item counts of the first cost more than the rate itself.
 */
export type DayKind = 'overview' | 'rate';

/** What a stored day was computed after: one row per stored day. */
export interface DayMarker {
  day: string;
  computedWm: number;
  unitsStamp: string;
}

/** One per database handle, so that the overview, the rate report and the refresh job share computations. */
const perDb = new WeakMap<Db, ReturnType<typeof createOverviewDays>>();
export function overviewDaysOf(db: Db): OverviewDays {
  let days = perDb.get(db);
  if (!days) perDb.set(db, (days = createOverviewDays()));
  return days;
}

export function createOverviewDays() {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const computing = new Map<string, Promise<void>>();

  /**
   * Marks what the scans stored since the last call changed; one at a time per server. A caller
   * must count every scan stored before it called, so it may share a catch-up that has not begun
   * yet (the one queued behind the running one), never one already under way: that one may have
   * read the watermark before the caller's batch was stored. However many requests arrive during a
   * catch-up, one more follows it.
   */
  function catchUp(db: Db): Promise<void> {
    if (queued) return queued;
    const start = (): Promise<void> => {
      const mine: Promise<void> = markChangedDays(db).finally(() => {
        if (running === mine) running = undefined;
      });
      running = mine;
      return mine;
    };
    if (!running) return start();
    const next = running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return start();
      });
    queued = next;
    return next;
  }

  /** Computes a day once per server at a time: concurrent requests wait for the same computation. */
  function compute(deps: Pick<OverviewDeps, 'db' | 'timeZone'>, kind: DayKind, day: string, watermark: number, stamp: string): Promise<void> {
    const key = `${kind}|${deps.timeZone}|${day}|${watermark}|${stamp}`;
    let pending = computing.get(key);
    if (!pending) {
      pending = (kind === 'overview' ? computeDay(deps, day, watermark, stamp) : computeRateDay(deps, day, watermark, stamp)).finally(() => computing.delete(key));
      computing.set(key, pending);
    }
    return pending;
  }

  /**
   * Makes sure every day from..to (local days, both included) is stored with what `kind` needs and
   * counts every scan stored before the call: marks what scans stored since the last catch-up
   * changed (the refresh job keeps that to the scans of its last interval), then computes again
   * the asked days they made stale and those never computed. Answers false, computing nothing, when
   * more than `maxCompute` days would have to be computed.
   */
  async function ensure(deps: OverviewDeps, kind: DayKind, from: string, to: string, maxCompute = Number.POSITIVE_INFINITY): Promise<boolean> {
    await catchUp(deps.db);
    const days = daysBetween(from, to);
    const markers = new Map((await readMarkers(deps.db, kind, deps.timeZone, from, to)).map((m) => [m.day, m]));
    const stamp = await unitsStamp(deps.db);
    const bounds = localPeriod(from, to, deps.timeZone);
    const changes = await readChanges(deps.db, Math.floor(bounds.startMs / BUCKET_MS), Math.floor((bounds.endMs - 1) / BUCKET_MS));
    const todo = days.filter((day) => {
      const marker = markers.get(day);
      return !marker || !isFresh(marker, stamp, changes, deps.timeZone);
    });
    if (todo.length === 0) return true;
    if (todo.length > maxCompute) return false;
    const watermark = (await readWatermark(deps.db)) ?? 0;
    for (const day of todo) {
      await compute(deps, kind, day, watermark, stamp);
      // On SQLite a day's queries run without giving the event loop back: let other requests in
      // between days, so a year of them never holds the server for seconds.
      await nextTurn();
    }
    return true;
  }

  /** The overview's figures of every day from..to, in order, counting every scan stored before the call. */
  async function read(deps: OverviewDeps, from: string, to: string): Promise<DayFigures[]> {
    await ensure(deps, 'overview', from, to);
    const byDay = new Map<string, OverviewDayTable[]>();
    for (const r of await readDayRows(deps.db, deps.timeZone, from, to)) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
    return daysBetween(from, to).map((day) => fromRows(day, byDay.get(day)!));
  }

  /**
   * The break-point rate of from..to (total, and per group when asked) as sums of the stored days:
   * an item's last event falls on one day only, so no item is counted twice. Undefined when more
   * than `maxCompute` days would have to be computed first.
   */
  async function readRate(deps: OverviewDeps, from: string, to: string, grouping: RateGrouping | undefined, maxCompute: number): Promise<SummedRate | undefined> {
    if (!(await ensure(deps, 'rate', from, to, maxCompute))) return undefined;
    const [total] = await sumDayGroups(deps.db, deps.timeZone, from, to, 'total');
    const groups = grouping ? await sumDayGroups(deps.db, deps.timeZone, from, to, grouping) : [];
    return { total: total ?? { items: 0, itemsWithBreakpoint: 0, filledLate: 0 }, groups };
  }

  return { read, readRate, ensure, catchUp, compute };
}

export type OverviewDays = ReturnType<typeof createOverviewDays>;

async function markChangedDays(db: Db): Promise<void> {
  // Every request catches up: when no scan past the watermark is visible, every batch acknowledged
  // so far is already counted, and PostgreSQL's lock (which new scans wait behind) is not taken.
  const known = await readWatermark(db);
  if (known !== undefined && (await latestVisibleScanEventId(db)) <= known) return;
  const upTo = await committedScanEventHorizon(db);
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
      await nextTurn();
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

function isFresh(marker: DayMarker, stamp: string, changes: ReadonlyMap<number, number>, timeZone: string): boolean {
  if (marker.unitsStamp !== stamp) return false;
  const { startMs, endMs } = localPeriod(marker.day, marker.day, timeZone);
  const computedAt = marker.computedWm;
  for (let b = Math.floor(startMs / BUCKET_MS); b * BUCKET_MS < endMs; b++) {
    if ((changes.get(b) ?? -1) > computedAt) return false;
  }
  return true;
}

/**
 * A day's figures, stored: its break-point rate in total and per unit, city and province
 * (countRateOfPeriod, the rule of the rate report), and the item list's counts.
 */
export async function computeDay(deps: Pick<OverviewDeps, 'db' | 'timeZone'>, day: string, watermark: number, stamp: string): Promise<void> {
  const period = localPeriod(day, day, deps.timeZone);
  const rate = await countRateOfPeriod(deps.db, period);
  // Each count is one read that SQLite runs on this thread: the event loop gets a turn after each.
  const count = async (filter: Parameters<typeof countItems>[1]) => {
    await nextTurn();
    return countItems(deps.db, filter);
  };
  const total: Figures = {
    items: rate.total.items,
    withBreakpoint: rate.total.itemsWithBreakpoint,
    filledLate: rate.total.filledLate,
    accepted: await count({ accepted: period }),
    delivered: await count({ delivered: period }),
    acceptedDelivered: await count({ accepted: period, statuses: ['DELIVERED'] }),
  };
  await nextTurn();
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
  const cityRows = [...rate.groups.city].map(([grp, c]) =>
    row(grp, { items: c.items, withBreakpoint: c.itemsWithBreakpoint, filledLate: c.filledLate, accepted: 0, delivered: 0, acceptedDelivered: 0 }),
  );
  await writeDayRows(deps.db, deps.timeZone, day, [row('', total), ...cityRows], rateRows(deps.timeZone, day, rate, watermark, stamp));
}

/** A day's break-point rate alone, stored. */
async function computeRateDay(deps: Pick<OverviewDeps, 'db' | 'timeZone'>, day: string, watermark: number, stamp: string): Promise<void> {
  const rate = await countRateOfPeriod(deps.db, localPeriod(day, day, deps.timeZone));
  await writeDayRows(deps.db, deps.timeZone, day, undefined, rateRows(deps.timeZone, day, rate, watermark, stamp));
}

function rateRows(timeZone: string, day: string, rate: RateOfPeriod, watermark: number, stamp: string): OverviewDayGroupTable[] {
  const row = (grouping: OverviewDayGroupTable['grouping'], grp: string, c: RateCounts): OverviewDayGroupTable => ({
    time_zone: timeZone,
    day,
    grouping,
    grp,
    items: c.items,
    with_breakpoint: c.itemsWithBreakpoint,
    filled_late: c.filledLate,
    computed_wm: watermark,
    units_stamp: stamp,
  });
  return [row('total', '', rate.total), ...RATE_GROUPINGS.flatMap((grouping) => [...rate.groups[grouping]].map(([grp, c]) => row(grouping, grp, c)))];
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

/**
 * Local days from..to, both included (dates that passed ZLocalDate, in a period no longer than
 * MAX_PERIOD_DAYS). Counted as numbers: compared as text, "10000-01-01" comes before "9999-12-31".
 */
export function daysBetween(from: string, to: string): string[] {
  const count = periodLength(from, to);
  if (count > MAX_PERIOD_DAYS) throw new RangeError(`${from}..${to} is ${count} days, more than ${MAX_PERIOD_DAYS}`);
  const first = parseLocalDate(from)!;
  return Array.from({ length: Math.max(count, 0) }, (_, i) => formatLocalDate(addDays(first, i)));
}

