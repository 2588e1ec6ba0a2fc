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

/**
 * The break-point rate of DESIGN §5 over a period (in practice one local day), for the total and
 * every unit, city and province at once, read an item page at a time. The same figures as
 * countRateTotals and countRateByGroup: an item counts once in each group it has an event at (sites
 * that are not registered units belong to no group); it is in a group's numerator when it has an
 * open missing-scan break-point blamed on a unit of the group, and "filled late" there when it has
 * such break-points and all are closed.
 *
 * The pages are separate reads: scans stored meanwhile may be seen by some pages and not others.
 * Callers keep the figures only as of a watermark read before, so those scans make them stale.
 */
export async function countRateOfPeriod(db: Db, period: Period): Promise<RateOfPeriod> {
  const units = await readUnitGroups(db);
  const groupOf: Record<RateGrouping, (unit: string) => string | undefined> = {
    unit: (u) => (units.has(u) ? u : undefined),
    city: (u) => units.get(u)?.city,
    province: (u) => units.get(u)?.province,
  };
  const total: RateCounts = { items: 0, itemsWithBreakpoint: 0, filledLate: 0 };
  const groups = Object.fromEntries(RATE_GROUPINGS.map((g) => [g, new Map<string, RateCounts>()])) as RateOfPeriod['groups'];

  let after: { lastEventAt: number; trackingNo: string } | undefined;
  for (;;) {
    const items = await listItemsInScope(db, period, after, ITEMS_PER_STEP);
    if (items.length === 0) break;
    const trackingNos = items.map((i) => i.trackingNo);
    const sites = groupBy(await listItemSites(db, trackingNos), (r) => r.tracking_no);
    const gaps = groupBy(await listMissingScans(db, trackingNos), (r) => r.tracking_no);
    for (const trackingNo of trackingNos) {
      const itemGaps = gaps.get(trackingNo) ?? [];
      tally(total, itemGaps.length > 0, itemGaps.some((g) => g.open));
      for (const grouping of RATE_GROUPINGS) {
        const of = groupOf[grouping];
        const inGroups = new Set<string>();
        for (const s of sites.get(trackingNo) ?? []) {
          const code = of(s.site);
          if (code !== undefined) inGroups.add(code);
        }
        for (const code of inGroups) {
          const blamed = itemGaps.filter((g) => of(g.responsible_unit) === code);
          let counts = groups[grouping].get(code);
          if (!counts) groups[grouping].set(code, (counts = { items: 0, itemsWithBreakpoint: 0, filledLate: 0 }));
          tally(counts, blamed.length > 0, blamed.some((g) => g.open));
        }
      }
    }
    if (items.length < ITEMS_PER_STEP) break;
    after = items.at(-1);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { total, groups };
}

function tally(counts: RateCounts, anyGap: boolean, anyOpen: boolean): void {
  counts.items += 1;
  if (anyOpen) counts.itemsWithBreakpoint += 1;
  else if (anyGap) counts.filledLate += 1;
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
