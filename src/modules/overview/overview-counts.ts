import type { Db } from '../../db/database.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import { localPeriod } from '../../http/query-days.js';
import { readUnitGroups } from '../breakpoints/breakpoint-query.repository.js';
import type { RateCounts } from '../breakpoints/breakpoint-query.repository.js';
import { RATE_GROUPINGS } from '../breakpoints/breakpoint.schemas.js';
import {
  type ItemRateFacts,
  type RateOfPeriod,
  type UnitGroups,
  addItemRate,
  emptyRate,
  readItemRateFacts,
} from '../breakpoints/breakpoint-rate-day.js';
import { readDayFacts } from '../items/item-list.service.js';
import { latestVisibleScanEventId } from '../scans/scan-event-feed.repository.js';
import {
  itemsInConsignments,
  lockCounts,
  readDayGroupRows,
  readDayRows,
  readItemCounts,
  readItemCountsOn,
  readScansBetween,
  replaceDayGroups,
  replaceDayTotals,
  storedTimeZones,
  unitsStamp,
  type ItemCountColumn,
  type ItemCountWrite,
  writeItemCounts,
} from './overview.repository.js';
import type { OverviewDayGroupTable, OverviewDayTable, OverviewItemCountTable } from './overview.table.js';

/**
 * What each item contributed to the stored days, so that a scan batch is counted by what it changed
 * instead of by computing its days again (docs/decisions/0029-counting-what-changed.md).
 *
 * The invariant: in a time zone, every stored day's figures (of the units it was grouped by, when
 * those are the units now) are the sums of the contributions of the items whose row names that day.
 * A row says where its item was last counted: the day of its last scan, with the sites and
 * missing-scan break-points it was counted by (the rate, addItemRate); the days of its first acceptance
 * and first delivery, and whether it was delivered (the overview's item counts, the item list's
 * filters). Changing a row always changes the stored days by the difference, in one transaction.
 *
 * - A catch-up (new scans) reads again the facts of every item with scans past the watermark and moves
 *   each to where it counts now: minus its row, plus its new contribution. An item's sites are its
 *   row's (every site of its scans up to the watermark: see NewScans) with those of the new scans.
 * - A day computed in full (computeDay) writes the rows of the items it counted, takes those items out
 *   of the other stored days their rows named, and clears the day from the rows of items it no
 *   longer counts (they changed since; the scans that changed them are past the watermark, so the
 *   next catch-up counts them where they are).
 * - A stored day grouped by other units than now's is left alone: it is computed again when asked.
 */

export interface ItemCount {
  rateDay: string | null;
  rateFacts: ItemRateFacts | null;
  /** rateFacts as stored (JSON of the canonical facts): equal facts have equal texts. */
  rateText: string | null;
  acceptedDay: string | null;
  acceptedDelivered: boolean;
  deliveredDay: string | null;
}

const NOT_COUNTED: ItemCount = { rateDay: null, rateFacts: null, rateText: null, acceptedDay: null, acceptedDelivered: false, deliveredDay: null };

/** The overview's item counts of a day (the item list's counts). */
export interface DayCounts {
  accepted: number;
  delivered: number;
  acceptedDelivered: number;
}

/** What a day computed in full counted. */
export interface ComputedDay {
  kind: 'overview' | 'rate';
  day: string;
  rate: RateOfPeriod;
  /** Each item in the rate's scope, with the facts it was counted by. */
  rateItems: Map<string, ItemRateFacts>;
  /** Overview only: the items accepted on the day, and whether each is delivered; the items delivered on it. */
  accepted?: Map<string, boolean>;
  delivered?: Set<string>;
}

/** Differences to the stored days, per day. */
class DayChanges {
  readonly rate = new Map<string, RateOfPeriod>();
  readonly counts = new Map<string, DayCounts>();
  constructor(private readonly units: UnitGroups) {}

  /** An item moves from where it counted to where it counts now: only the parts that changed. */
  move(before: ItemCount, after: ItemCount): void {
    if (before.rateDay !== after.rateDay || before.rateText !== after.rateText) {
      this.addRate(before, -1);
      this.addRate(after, 1);
    }
    if (before.acceptedDay !== after.acceptedDay || before.acceptedDelivered !== after.acceptedDelivered) {
      this.addAccepted(before, -1);
      this.addAccepted(after, 1);
    }
    if (before.deliveredDay !== after.deliveredDay) {
      if (before.deliveredDay !== null) this.countsOf(before.deliveredDay).delivered -= 1;
      if (after.deliveredDay !== null) this.countsOf(after.deliveredDay).delivered += 1;
    }
  }

  private addRate(row: ItemCount, sign: 1 | -1): void {
    if (row.rateDay === null || row.rateFacts === null) return;
    let rate = this.rate.get(row.rateDay);
    if (!rate) this.rate.set(row.rateDay, (rate = emptyRate()));
    addItemRate(rate, row.rateFacts, this.units, sign);
  }

  private addAccepted(row: ItemCount, sign: 1 | -1): void {
    if (row.acceptedDay === null) return;
    const counts = this.countsOf(row.acceptedDay);
    counts.accepted += sign;
    if (row.acceptedDelivered) counts.acceptedDelivered += sign;
  }

  days(): string[] {
    return [...new Set([...this.rate.keys(), ...this.counts.keys()])];
  }

  private countsOf(day: string): DayCounts {
    let counts = this.counts.get(day);
    if (!counts) this.counts.set(day, (counts = { accepted: 0, delivered: 0, acceptedDelivered: 0 }));
    return counts;
  }
}

function sameCount(a: ItemCount, b: ItemCount): boolean {
  return (
    a.rateDay === b.rateDay &&
    a.rateText === b.rateText &&
    a.acceptedDay === b.acceptedDay &&
    a.acceptedDelivered === b.acceptedDelivered &&
    a.deliveredDay === b.deliveredDay
  );
}

function changedColumns(before: ItemCount, after: ItemCount): ItemCountColumn[] {
  const changed: ItemCountColumn[] = [];
  if (before.rateDay !== after.rateDay) changed.push('rate_day');
  if (before.rateText !== after.rateText) changed.push('rate_facts');
  if (before.acceptedDay !== after.acceptedDay) changed.push('accepted_day');
  if (before.acceptedDelivered !== after.acceptedDelivered) changed.push('accepted_delivered');
  if (before.deliveredDay !== after.deliveredDay) changed.push('delivered_day');
  return changed;
}

function fromRow(r: OverviewItemCountTable | undefined): ItemCount {
  if (!r) return NOT_COUNTED;
  return {
    rateDay: r.rate_day,
    rateFacts: r.rate_facts === null ? null : (JSON.parse(r.rate_facts) as ItemRateFacts),
    rateText: r.rate_facts,
    acceptedDay: r.accepted_day,
    acceptedDelivered: Number(r.accepted_delivered) === 1,
    deliveredDay: r.delivered_day,
  };
}

function toRow(timeZone: string, trackingNo: string, c: ItemCount): OverviewItemCountTable {
  return {
    time_zone: timeZone,
    tracking_no: trackingNo,
    rate_day: c.rateDay,
    rate_facts: c.rateText,
    accepted_day: c.acceptedDay,
    accepted_delivered: c.acceptedDelivered ? 1 : 0,
    delivered_day: c.deliveredDay,
  };
}

/** Facts in a canonical order, and as text: equal facts compare equal. */
function canonical(facts: ItemRateFacts): Pick<ItemCount, 'rateFacts' | 'rateText'> {
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const rateFacts = {
    sites: [...facts.sites].sort(text),
    gaps: facts.gaps
      .map((g) => ({ responsible_unit: g.responsible_unit, open: g.open }))
      .sort((a, b) => text(a.responsible_unit, b.responsible_unit) || Number(a.open) - Number(b.open)),
  };
  return { rateFacts, rateText: JSON.stringify(rateFacts) };
}

/**
 * The local day of instants in a time zone, for many instants on few days: each day's bounds are
 * found once, then an instant is placed by comparing numbers.
 */
function localDays(timeZone: string): (ms: number | null) => string | null {
  const known: { startMs: number; endMs: number; day: string }[] = [];
  return (ms) => {
    if (ms === null) return null;
    for (const k of known) if (ms >= k.startMs && ms < k.endMs) return k.day;
    const day = formatLocalDate(localDateOf(ms, timeZone));
    known.push({ ...localPeriod(day, day, timeZone), day });
    return day;
  };
}

/**
 * What the scans past the watermark show of each item they touch: the sites they were made at.
 * Sites only grow (but for an item inside a consignment, whose copies of the consignment's scans a
 * late opening deletes), and a row's facts hold every site of its item's scans up to the watermark (a
 * catch-up writes them so, and a day computed in full writes facts read after its watermark, then
 * counts again the items scanned since), so a catch-up adds these to its rows' sites instead of
 * reading every scan of the item again.
 */
export type NewScans = ReadonlyMap<string, ReadonlySet<string>>;

/** The scans numbered in (after, upTo], by item. */
export async function readNewScans(db: Db, after: number, upTo: number): Promise<Map<string, Set<string>>> {
  const byItem = new Map<string, Set<string>>();
  for (const scan of await readScansBetween(db, after, upTo)) {
    const sites = byItem.get(scan.tracking_no);
    if (sites) sites.add(scan.site);
    else byItem.set(scan.tracking_no, new Set([scan.site]));
  }
  return byItem;
}

/** Items counted again by one pass: each pass reads them in statements with one parameter per item. */
export const RECOUNT_CHUNK = 5_000;

/**
 * Counts the items of these new scans where they count now, in every time zone some day is stored
 * for, and changes the stored days by the difference; in the caller's transaction, after lockCounts.
 * Any number of items: a day computed during a long ingest counts again every item scanned meanwhile,
 * more than one statement may name (SQLite takes 32,766 parameters, PostgreSQL 65,535).
 */
export async function recountItems(trx: Db, scanned: NewScans): Promise<void> {
  if (scanned.size <= RECOUNT_CHUNK) return recountChunk(trx, scanned);
  const entries = [...scanned];
  for (let i = 0; i < entries.length; i += RECOUNT_CHUNK) await recountChunk(trx, new Map(entries.slice(i, i + RECOUNT_CHUNK)));
}

async function recountChunk(trx: Db, scanned: NewScans): Promise<void> {
  if (scanned.size === 0) return;
  const timeZones = await storedTimeZones(trx);
  if (timeZones.length === 0) return;
  const trackingNos = [...scanned.keys()];
  const storedByZone = new Map<string, Map<string, ItemCount>>();
  // Sites only grow, but for an item inside a consignment: a late opening deletes copies.
  const mayShrink = await itemsInConsignments(trx, trackingNos);
  const knownSites = new Map<string, string[]>();
  for (const timeZone of timeZones) {
    const stored = new Map<string, ItemCount>();
    for (const r of await readItemCounts(trx, timeZone, trackingNos)) {
      const count = fromRow(r);
      stored.set(r.tracking_no, count);
      if (count.rateFacts !== null && !mayShrink.has(r.tracking_no) && !knownSites.has(r.tracking_no)) knownSites.set(r.tracking_no, [...new Set([...count.rateFacts.sites, ...scanned.get(r.tracking_no)!])]);
    }
    storedByZone.set(timeZone, stored);
  }
  const dayFacts = await readDayFacts(trx, trackingNos);
  const rateFacts = await readItemRateFacts(
    trx,
    dayFacts.map((f) => f.trackingNo),
    knownSites,
  );
  const units = await readUnitGroups(trx);
  const stamp = await unitsStamp(trx);
  for (const timeZone of timeZones) {
    const stored = storedByZone.get(timeZone)!;
    const changes = new DayChanges(units);
    const rows: ItemCountWrite[] = [];
    const now = new Map<string, ItemCount>();
    const localDay = localDays(timeZone);
    for (const f of dayFacts) {
      const rateDay = localDay(f.lastEventAt);
      const acceptedDay = localDay(f.acceptedAt);
      now.set(f.trackingNo, {
        rateDay,
        ...(rateDay === null ? { rateFacts: null, rateText: null } : canonical(rateFacts.get(f.trackingNo)!)),
        acceptedDay,
        acceptedDelivered: acceptedDay !== null && f.status === 'DELIVERED',
        deliveredDay: localDay(f.deliveredAt),
      });
    }
    for (const trackingNo of trackingNos) {
      const before = stored.get(trackingNo) ?? NOT_COUNTED;
      const after = now.get(trackingNo) ?? NOT_COUNTED;
      if (sameCount(before, after)) continue;
      changes.move(before, after);
      rows.push({ row: toRow(timeZone, trackingNo, after), changed: changedColumns(before, after) });
    }
    await applyChanges(trx, timeZone, changes, stamp, {});
    await writeItemCounts(trx, rows);
  }
}

/**
 * Stores a day computed in full at watermark `watermark`, with the rows of the items it counted (see
 * above), then counts again the items scanned since the watermark (a catch-up may have moved them
 * while the day was being read).
 */
export async function storeComputedDay(db: Db, timeZone: string, computed: ComputedDay, watermark: number, stamp: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCounts(trx);
    const { day, kind } = computed;
    const units = await readUnitGroups(trx);
    const unitsNow = await unitsStamp(trx);
    const columns = kind === 'overview' ? (['rate_day', 'accepted_day', 'delivered_day'] as const) : (['rate_day'] as const);
    const stored = new Map((await readItemCountsOn(trx, timeZone, day, columns)).map((r) => [r.tracking_no, fromRow(r)]));
    const counted = [...computed.rateItems.keys(), ...(computed.accepted?.keys() ?? []), ...(computed.delivered ?? [])].filter((t) => !stored.has(t));
    for (const r of await readItemCounts(trx, timeZone, [...new Set(counted)])) stored.set(r.tracking_no, fromRow(r));
    const touched = new Set([...stored.keys(), ...counted]);

    const changes = new DayChanges(units);
    const rows: ItemCountWrite[] = [];
    for (const trackingNo of touched) {
      const before = stored.get(trackingNo) ?? NOT_COUNTED;
      const after = { ...before };
      const facts = computed.rateItems.get(trackingNo);
      if (facts) Object.assign(after, { rateDay: day, ...canonical(facts) });
      else if (before.rateDay === day) Object.assign(after, { rateDay: null, rateFacts: null, rateText: null });
      if (kind === 'overview') {
        const delivered = computed.accepted!.get(trackingNo);
        if (delivered !== undefined) Object.assign(after, { acceptedDay: day, acceptedDelivered: delivered });
        else if (before.acceptedDay === day) Object.assign(after, { acceptedDay: null, acceptedDelivered: false });
        if (computed.delivered!.has(trackingNo)) after.deliveredDay = day;
        else if (before.deliveredDay === day) after.deliveredDay = null;
      }
      if (sameCount(before, after)) continue;
      changes.move(before, after);
      rows.push({ row: toRow(timeZone, trackingNo, after), changed: changedColumns(before, after) });
    }
    // The day itself is written whole below: only the other days change by difference.
    await applyChanges(trx, timeZone, changes, unitsNow, { groupsOf: day, totalsOf: kind === 'overview' ? day : undefined });
    await writeItemCounts(trx, rows);
    await replaceDayGroups(trx, timeZone, day, rateRows(timeZone, day, computed.rate, watermark, stamp));
    if (kind === 'overview') await replaceDayTotals(trx, timeZone, day, totalRows(timeZone, day, computed.rate, dayCounts(computed), watermark, stamp));

    // The items scanned since the day's watermark whose rows were just written: a catch-up may have
    // counted them meanwhile, even one that has not moved the watermark yet, and these rows hold facts
    // read before. A row not written here is as the catch-up left it, and the next catch-up counts
    // its item's new scans against it.
    const latest = await latestVisibleScanEventId(trx);
    if (latest > watermark && rows.length > 0) {
      const written = new Set(rows.map((r) => r.row.tracking_no));
      const since = await readNewScans(trx, watermark, latest);
      for (const trackingNo of since.keys()) if (!written.has(trackingNo)) since.delete(trackingNo);
      await recountItems(trx, since);
    }
  });
}

function dayCounts(computed: ComputedDay): DayCounts {
  const accepted = [...computed.accepted!.values()];
  return { accepted: accepted.length, delivered: computed.delivered!.size, acceptedDelivered: accepted.filter(Boolean).length };
}

/** Adds the changes to the stored days of a time zone grouped by `stamp`'s units, but for the days a caller rewrites. */
async function applyChanges(trx: Db, timeZone: string, changes: DayChanges, stamp: string, except: { groupsOf?: string; totalsOf?: string }): Promise<void> {
  for (const day of changes.days()) {
    const rate = changes.rate.get(day) ?? emptyRate();
    const counts = changes.counts.get(day) ?? { accepted: 0, delivered: 0, acceptedDelivered: 0 };
    if (day !== except.groupsOf && changes.rate.has(day)) {
      const rows = await readDayGroupRows(trx, timeZone, day);
      const marker = rows.find((r) => r.grouping === 'total');
      if (marker && marker.units_stamp === stamp) {
        const stored = emptyRate();
        for (const r of rows) {
          const counts = { items: Number(r.items), itemsWithBreakpoint: Number(r.with_breakpoint), filledLate: Number(r.filled_late) };
          if (r.grouping === 'total') stored.total = counts;
          else stored.groups[r.grouping].set(r.grp, counts);
        }
        await replaceDayGroups(trx, timeZone, day, rateRows(timeZone, day, sumRates(stored, rate), Number(marker.computed_wm), stamp));
      }
    }
    if (day !== except.totalsOf) {
      const rows = await readDayRows(trx, timeZone, day, day);
      const marker = rows.find((r) => r.grp === '');
      if (marker && marker.units_stamp === stamp) {
        const stored = emptyRate();
        for (const r of rows) {
          const counts = { items: Number(r.items), itemsWithBreakpoint: Number(r.with_breakpoint), filledLate: Number(r.filled_late) };
          if (r.grp === '') stored.total = counts;
          else stored.groups.city.set(r.grp, counts);
        }
        const storedCounts = { accepted: Number(marker.accepted), delivered: Number(marker.delivered), acceptedDelivered: Number(marker.accepted_delivered) };
        const summed = {
          accepted: storedCounts.accepted + counts.accepted,
          delivered: storedCounts.delivered + counts.delivered,
          acceptedDelivered: storedCounts.acceptedDelivered + counts.acceptedDelivered,
        };
        await replaceDayTotals(trx, timeZone, day, totalRows(timeZone, day, sumRates(stored, rate), summed, Number(marker.computed_wm), stamp));
      }
    }
  }
}

/** a + b, without the groups left with no item (a day computed in full has none). */
function sumRates(a: RateOfPeriod, b: RateOfPeriod): RateOfPeriod {
  const add = (x: RateCounts, y: RateCounts): RateCounts => ({
    items: x.items + y.items,
    itemsWithBreakpoint: x.itemsWithBreakpoint + y.itemsWithBreakpoint,
    filledLate: x.filledLate + y.filledLate,
  });
  const out = emptyRate();
  out.total = add(a.total, b.total);
  for (const grouping of RATE_GROUPINGS) {
    for (const code of new Set([...a.groups[grouping].keys(), ...b.groups[grouping].keys()])) {
      const zero = { items: 0, itemsWithBreakpoint: 0, filledLate: 0 };
      const sum = add(a.groups[grouping].get(code) ?? zero, b.groups[grouping].get(code) ?? zero);
      if (sum.items !== 0) out.groups[grouping].set(code, sum);
    }
  }
  return out;
}

/** A day's rate rows: in total and per unit, city and province (a row of the rate report each). */
export function rateRows(timeZone: string, day: string, rate: RateOfPeriod, watermark: number, stamp: string): OverviewDayGroupTable[] {
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

/** A day's overview rows: its total (grp ''), and its rate per city. */
function totalRows(timeZone: string, day: string, rate: RateOfPeriod, counts: DayCounts, watermark: number, stamp: string): OverviewDayTable[] {
  const row = (grp: string, c: RateCounts, d: DayCounts): OverviewDayTable => ({
    time_zone: timeZone,
    day,
    grp,
    items: c.items,
    with_breakpoint: c.itemsWithBreakpoint,
    filled_late: c.filledLate,
    accepted: d.accepted,
    delivered: d.delivered,
    accepted_delivered: d.acceptedDelivered,
    computed_wm: watermark,
    units_stamp: stamp,
  });
  const none = { accepted: 0, delivered: 0, acceptedDelivered: 0 };
  return [row('', rate.total, counts), ...[...rate.groups.city].map(([grp, c]) => row(grp, c, none))];
}
