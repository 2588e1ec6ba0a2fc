import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from '../../db/database.js';
import { addDays, formatLocalDate, parseLocalDate } from '../../domain/local-day.js';
import { MAX_PERIOD_DAYS, localPeriod, periodLength } from '../../http/query-days.js';
import { RATE_GROUPINGS, type RateGrouping } from '../breakpoints/breakpoint.schemas.js';
import type { BreakpointReadDeps } from '../breakpoints/breakpoint-list.service.js';
import type { SummedRate } from '../breakpoints/breakpoint-rate.service.js';
import { type ItemRateFacts, countRateOfPeriod } from '../breakpoints/breakpoint-rate-day.js';
import { listCountedItems } from '../items/item-list.service.js';
import { committedConsignmentEventHorizon, itemsOfOpeningsBetween, latestVisibleConsignmentEventId } from '../consignments/consignment-opening-feed.repository.js';
import { committedScanEventHorizon, latestVisibleScanEventId } from '../scans/scan-event-feed.repository.js';
import { RECOUNT_CHUNK, readNewScans, recountItems, storeComputedDay } from './overview-counts.js';
import {
  advanceOpeningsWatermark,
  advanceWatermark,
  lockCounts,
  readDayRows,
  readMarkers,
  readOpeningsWatermark,
  readWatermark,
  sumDayGroups,
  unitsStamp,
} from './overview.repository.js';
import type { OverviewDayTable } from './overview.table.js';

/**
 * The overview's figures per local day, kept in `overview_days` so that a month's overview reads
 * thirty rows instead of a million items, and the day's break-point rate per unit, city and province
 * in `overview_day_groups`, which the rate report sums. Every figure is computed by the rules behind
 * the lists and the rate report (countItems, countRateOfPeriod), so it is the same number they give,
 * and every answer counts every batch acknowledged before it was asked for.
 *
 * How the stored days keep up with new scans (read by id, past a watermark): each request first
 * catches up, counting each item with new scans where it counts now instead of where it counted
 * before (overview-counts.ts keeps what each item contributed): a batch costs its items, not its
 * days. A day is computed in full only when it was never stored, or when the units it was grouped by
 * changed (a unit's city); the refresh job (overview-refresh.ts) computes those ahead of the requests.
 */
// New scans are read this many ids at a time, their items counted one pass per transaction.
const ID_CHUNK = 50_000;

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
   * Counts the scans stored since the last call; one at a time per server. A caller
   * must count every scan stored before it called, so it may share a catch-up that has not begun
   * yet (the one queued behind the running one), never one already under way: that one may have
   * read the watermark before the caller's batch was stored. However many requests arrive during a
   * catch-up, one more follows it.
   */
  function catchUp(db: Db): Promise<void> {
    if (queued) return queued;
    const start = (): Promise<void> => {
      const mine: Promise<void> = countNewScans(db).finally(() => {
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
   * counts every scan stored before the call: counts the scans stored since the last catch-up (the
   * refresh job keeps that to the scans of its last interval), then computes the asked days never
   * stored or grouped by other units. Answers false, computing nothing, when more than `maxCompute`
   * days would have to be computed.
   */
  async function ensure(deps: OverviewDeps, kind: DayKind, from: string, to: string, maxCompute = Number.POSITIVE_INFINITY): Promise<boolean> {
    await catchUp(deps.db);
    const days = daysBetween(from, to);
    const markers = new Map((await readMarkers(deps.db, kind, deps.timeZone, from, to)).map((m) => [m.day, m]));
    const stamp = await unitsStamp(deps.db);
    const todo = days.filter((day) => markers.get(day)?.unitsStamp !== stamp);
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

async function countNewScans(db: Db): Promise<void> {
  await countItemsOfOpenings(db);
  // Every request catches up: when no scan past the watermark is visible, every batch acknowledged
  // so far is already counted, and PostgreSQL's lock (which new scans wait behind) is not taken.
  const known = await readWatermark(db);
  if (known !== undefined && (await latestVisibleScanEventId(db)) <= known) return;
  const upTo = await committedScanEventHorizon(db);
  const after = await readWatermark(db);
  // The first time nothing is stored yet that could count these scans: start from here.
  if (after === undefined || upTo <= after) {
    if (after === undefined) await advanceWatermark(db, upTo);
    return;
  }
  for (let lo = after; lo < upTo; lo += ID_CHUNK) {
    await recountInChunks(db, [...(await readNewScans(db, lo, Math.min(upTo, lo + ID_CHUNK)))]);
  }
  await advanceWatermark(db, upTo);
}

/**
 * A consignment opening that arrives late deletes copies of the consignment's scans: its items may
 * no longer count where they did, with no new scan of theirs to say so. The items of every opening
 * stored since the last catch-up are counted again from their whole event set (an item inside a
 * consignment always is). An opening and its deletions commit together, so an opening read here has
 * done its deletions; one committed later is past this horizon and read by the next catch-up.
 */
async function countItemsOfOpenings(db: Db): Promise<void> {
  const known = await readOpeningsWatermark(db);
  if (known !== undefined && (await latestVisibleConsignmentEventId(db)) <= known) return;
  const upTo = await committedConsignmentEventHorizon(db);
  const after = await readOpeningsWatermark(db);
  if (after === undefined || upTo <= after) {
    if (after === undefined) await advanceOpeningsWatermark(db, upTo);
    return;
  }
  const items = await itemsOfOpeningsBetween(db, after, upTo);
  await recountInChunks(db, items.map((trackingNo) => [trackingNo, new Set<string>()]));
  await advanceOpeningsWatermark(db, upTo);
}

async function recountInChunks(db: Db, scanned: [string, Set<string>][]): Promise<void> {
  for (let i = 0; i < scanned.length; i += RECOUNT_CHUNK) {
    await db.transaction().execute(async (trx) => {
      await lockCounts(trx);
      await recountItems(trx, new Map(scanned.slice(i, i + RECOUNT_CHUNK)));
    });
    await nextTurn();
  }
}

/**
 * A day's figures, stored: its break-point rate in total and per unit, city and province
 * (countRateOfPeriod, the rule of the rate report), and the item list's counts; with what each item
 * contributed (overview-counts.ts).
 */
export async function computeDay(deps: Pick<OverviewDeps, 'db' | 'timeZone'>, day: string, watermark: number, stamp: string): Promise<void> {
  const period = localPeriod(day, day, deps.timeZone);
  const rateItems = new Map<string, ItemRateFacts>();
  const rate = await countRateOfPeriod(deps.db, period, (trackingNo, facts) => rateItems.set(trackingNo, facts));
  // Each list is one read that SQLite runs on this thread: the event loop gets a turn after each.
  await nextTurn();
  const accepted = new Map((await listCountedItems(deps.db, { accepted: period })).map((i) => [i.trackingNo, i.status === 'DELIVERED']));
  await nextTurn();
  const delivered = new Set((await listCountedItems(deps.db, { delivered: period })).map((i) => i.trackingNo));
  await nextTurn();
  await storeComputedDay(deps.db, deps.timeZone, { kind: 'overview', day, rate, rateItems, accepted, delivered }, watermark, stamp);
}

/** A day's break-point rate alone, stored. */
async function computeRateDay(deps: Pick<OverviewDeps, 'db' | 'timeZone'>, day: string, watermark: number, stamp: string): Promise<void> {
  const rateItems = new Map<string, ItemRateFacts>();
  const rate = await countRateOfPeriod(deps.db, localPeriod(day, day, deps.timeZone), (trackingNo, facts) => rateItems.set(trackingNo, facts));
  await storeComputedDay(deps.db, deps.timeZone, { kind: 'rate', day, rate, rateItems }, watermark, stamp);
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

