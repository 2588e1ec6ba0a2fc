import type { Db } from '../../db/database.js';
import { type RateCounts, listItemSites, listItemsInScope, listMissingScans, readUnitGroups } from './breakpoint-query.repository.js';
import { RATE_GROUPINGS, type RateGrouping } from './breakpoint.schemas.js';
import type { Period } from '../../http/query-days.js';

export interface RateOfPeriod {
  total: RateCounts;
  /** Per grouping, per group code: only groups with at least one in-scope item. */
  groups: Record<RateGrouping, Map<string, RateCounts>>;
}

// Items read per step: a step is three indexed reads (on SQLite they run on the server's own
// thread), then the event loop gets a turn. 1,000 items took up to 90 ms on a busy two-core machine;
// no request may hold the loop longer than 100 ms.
const ITEMS_PER_STEP = 400;

/** What one item shows the rate: the distinct sites it has events at, and its missing-scan break-points. */
export interface ItemRateFacts {
  sites: readonly string[];
  gaps: readonly { responsible_unit: string; open: boolean }[];
}

/** An item in a rate's denominator: in its numerator (open), filled late, or neither. */
type ItemRateMark = 'open' | 'filledLate' | 'none';

export type UnitGroups = Map<string, { city: string; province: string }>;

/** The group of a unit in a grouping; undefined for a site that is not a registered unit. */
function groupOf(grouping: RateGrouping, unit: string, units: UnitGroups): string | undefined {
  if (grouping === 'unit') return units.has(unit) ? unit : undefined;
  const groups = units.get(unit);
  return grouping === 'city' ? groups?.city : groups?.province;
}

/** What an item counts as, by its missing-scan break-points (those blamed in `code` when given). */
function markOf(gaps: ItemRateFacts['gaps'], grouping?: RateGrouping, code?: string, units?: UnitGroups): ItemRateMark {
  let mark: ItemRateMark = 'none';
  for (const g of gaps) {
    if (grouping !== undefined && groupOf(grouping, g.responsible_unit, units!) !== code) continue;
    if (g.open) return 'open';
    mark = 'filledLate';
  }
  return mark;
}

/**
 * The rule of DESIGN §5 for one item, added (sign 1) to a rate's counts or taken away (sign -1):
 * the item counts in the total, and once in each unit, city and province it has an event at (sites
 * that are not registered units belong to no group); it is in a group's numerator when it has an open
 * missing-scan break-point blamed on a unit of the group, and "filled late" there when it has such
 * break-points and all are closed. Counted in place: a catch-up adds thousands of items.
 */
export function addItemRate(rate: RateOfPeriod, facts: ItemRateFacts, units: UnitGroups, sign: 1 | -1 = 1): void {
  tally(rate.total, markOf(facts.gaps), sign);
  for (const grouping of RATE_GROUPINGS) {
    const counted: string[] = [];
    for (const site of facts.sites) {
      const code = groupOf(grouping, site, units);
      if (code === undefined || counted.includes(code)) continue;
      counted.push(code);
      let counts = rate.groups[grouping].get(code);
      if (!counts) rate.groups[grouping].set(code, (counts = { items: 0, itemsWithBreakpoint: 0, filledLate: 0 }));
      tally(counts, markOf(facts.gaps, grouping, code, units), sign);
    }
  }
}

export function emptyRate(): RateOfPeriod {
  return {
    total: { items: 0, itemsWithBreakpoint: 0, filledLate: 0 },
    groups: Object.fromEntries(RATE_GROUPINGS.map((g) => [g, new Map<string, RateCounts>()])) as RateOfPeriod['groups'],
  };
}

/**
 * The rate's facts of these items (missing ones have no events and no break-points). Sites only
 * grow: a caller that already knows an item's sites (every site of its scans up to some scan, with
 * those of its later scans added) passes them in `knownSites`, and only the other items' scans are
 * read for theirs. Break-points open and close, so they are always read.
 */
export async function readItemRateFacts(db: Db, trackingNos: readonly string[], knownSites?: ReadonlyMap<string, readonly string[]>): Promise<Map<string, ItemRateFacts>> {
  const unknown = knownSites ? trackingNos.filter((t) => !knownSites.has(t)) : trackingNos;
  const sites = groupBy(await listItemSites(db, unknown), (r) => r.tracking_no);
  const gaps = groupBy(await listMissingScans(db, trackingNos), (r) => r.tracking_no);
  const sitesOf = (t: string) => knownSites?.get(t) ?? (sites.get(t) ?? []).map((s) => s.site);
  return new Map(trackingNos.map((t) => [t, { sites: sitesOf(t), gaps: gaps.get(t) ?? [] }]));
}

/**
 * The break-point rate of DESIGN §5 over a period (in practice one local day), for the total and
 * every unit, city and province at once, read an item page at a time. The same figures as
 * countRateTotals and countRateByGroup: an item counts once in each group it has an event at (sites
 * that are not registered units belong to no group); it is in a group's numerator when it has an
 * open missing-scan break-point blamed on a unit of the group, and "filled late" there when it has
 * such break-points and all are closed (addItemRate). `onItem`, when given, is told each item counted
 * with its facts, so that a caller can keep what each item contributed.
 *
 * The pages are separate reads: scans stored meanwhile may be seen by some pages and not others.
 * Callers keep the figures only as of a watermark read before, so those scans make them stale.
 */
export async function countRateOfPeriod(db: Db, period: Period, onItem?: (trackingNo: string, facts: ItemRateFacts) => void): Promise<RateOfPeriod> {
  const units = await readUnitGroups(db);
  const rate = emptyRate();
  let after: { lastEventAt: number; trackingNo: string } | undefined;
  for (;;) {
    const items = await listItemsInScope(db, period, after, ITEMS_PER_STEP);
    if (items.length === 0) break;
    const facts = await readItemRateFacts(db, items.map((i) => i.trackingNo));
    for (const [trackingNo, itemFacts] of facts) {
      addItemRate(rate, itemFacts, units);
      onItem?.(trackingNo, itemFacts);
    }
    if (items.length < ITEMS_PER_STEP) break;
    after = items.at(-1);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return rate;
}

function tally(counts: RateCounts, mark: ItemRateMark, sign: 1 | -1): void {
  counts.items += sign;
  if (mark === 'open') counts.itemsWithBreakpoint += sign;
  else if (mark === 'filledLate') counts.filledLate += sign;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
}
