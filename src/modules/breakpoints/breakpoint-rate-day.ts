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

/** Where one item counts (see countRateOfPeriod): in the total, and in each group it has an event at. */
export interface ItemRate {
  total: ItemRateMark;
  groups: Record<RateGrouping, Map<string, ItemRateMark>>;
}
/** An item in a rate's denominator: in its numerator (open), filled late, or neither. */
export type ItemRateMark = 'open' | 'filledLate' | 'none';

export type UnitGroups = Map<string, { city: string; province: string }>;

/** The rule of DESIGN §5 for one item: each group it has an event at, and what it counts there. */
export function rateOfItem(facts: ItemRateFacts, units: UnitGroups): ItemRate {
  const groupOf: Record<RateGrouping, (unit: string) => string | undefined> = {
    unit: (u) => (units.has(u) ? u : undefined),
    city: (u) => units.get(u)?.city,
    province: (u) => units.get(u)?.province,
  };
  const mark = (gaps: ItemRateFacts['gaps']): ItemRateMark => (gaps.some((g) => g.open) ? 'open' : gaps.length > 0 ? 'filledLate' : 'none');
  const groups = Object.fromEntries(RATE_GROUPINGS.map((g) => [g, new Map<string, ItemRateMark>()])) as ItemRate['groups'];
  for (const grouping of RATE_GROUPINGS) {
    const of = groupOf[grouping];
    const inGroups = new Set<string>();
    for (const site of facts.sites) {
      const code = of(site);
      if (code !== undefined) inGroups.add(code);
    }
    for (const code of inGroups) groups[grouping].set(code, mark(facts.gaps.filter((g) => of(g.responsible_unit) === code)));
  }
  return { total: mark(facts.gaps), groups };
}

/** Adds (sign 1) or takes away (sign -1) one item's marks to a rate's counts. */
export function addItemRate(rate: RateOfPeriod, item: ItemRate, sign: 1 | -1 = 1): void {
  tally(rate.total, item.total, sign);
  for (const grouping of RATE_GROUPINGS) {
    for (const [code, mark] of item.groups[grouping]) {
      let counts = rate.groups[grouping].get(code);
      if (!counts) rate.groups[grouping].set(code, (counts = { items: 0, itemsWithBreakpoint: 0, filledLate: 0 }));
      tally(counts, mark, sign);
    }
  }
}

export function emptyRate(): RateOfPeriod {
  return {
    total: { items: 0, itemsWithBreakpoint: 0, filledLate: 0 },
    groups: Object.fromEntries(RATE_GROUPINGS.map((g) => [g, new Map<string, RateCounts>()])) as RateOfPeriod['groups'],
  };
}

/** The rate's facts of these items (missing ones have no events and no break-points). */
export async function readItemRateFacts(db: Db, trackingNos: readonly string[]): Promise<Map<string, ItemRateFacts>> {
  const sites = groupBy(await listItemSites(db, trackingNos), (r) => r.tracking_no);
  const gaps = groupBy(await listMissingScans(db, trackingNos), (r) => r.tracking_no);
  return new Map(trackingNos.map((t) => [t, { sites: (sites.get(t) ?? []).map((s) => s.site), gaps: gaps.get(t) ?? [] }]));
}

/**
 * The break-point rate of DESIGN §5 over a period (in practice one local day), for the total and
 * every unit, city and province at once, read an item page at a time. The same figures as
 * countRateTotals and countRateByGroup: an item counts once in each group it has an event at (sites
 * that are not registered units belong to no group); it is in a group's numerator when it has an
 * open missing-scan break-point blamed on a unit of the group, and "filled late" there when it has
 * such break-points and all are closed (rateOfItem). `onItem`, when given, is told each item counted
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
      addItemRate(rate, rateOfItem(itemFacts, units));
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
