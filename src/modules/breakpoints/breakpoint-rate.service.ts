import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { localPeriod } from '../../http/query-days.js';
import { knowUnits } from '../units/unit.service.js';
import type { BreakpointReadDeps } from './breakpoint-list.service.js';
import type { OffendingItem } from './breakpoint-export.js';
import { type OffendingFilter, type RateCounts, countRateByGroup, countRateTotals, listOffendingPage } from './breakpoint-query.repository.js';
import type { Keyset, RateGrouping, TBreakpointRateQuery, TBreakpointRateReport, TRateFigures } from './breakpoint.schemas.js';

/**
 * Days a report may compute before answering from the day summaries; a longer run of days never
 * computed (a report over years of a store that has never been asked about them) is counted by one
 * query over the items instead, as it is the cheaper way then.
 */
export const MAX_DAYS_COMPUTED_PER_REPORT = 62;

/** A period's rate summed from stored days that count every scan stored before it was asked for. */
export interface SummedRate {
  total: RateCounts;
  groups: (RateCounts & { group: string })[];
}

/**
 * The day summaries the overview keeps (overview-days.ts). The overview is a report built on
 * break-points, so it is passed in by the composition root rather than imported. Answers undefined,
 * computing nothing, when more than `maxCompute` days would have to be computed.
 */
export interface RateSummaries {
  readRate(deps: BreakpointReadDeps, from: string, to: string, grouping: RateGrouping | undefined, maxCompute: number): Promise<SummedRate | undefined>;
}
export type RateSummariesOf = (db: Db) => RateSummaries;

/**
 * The break-point rate of DESIGN §5 for whole local days `from`..`to`: items whose last event falls
 * in the period and that have at least one open missing-scan break-point, ÷ items whose last event
 * falls in the period; per unit, city or province when asked. The total counts every in-scope item
 * once, so it is not the sum of the rows (an item is in the row of every unit it passed through).
 *
 * Answered from the figures of each local day per unit, city and province that the overview keeps
 * (an item's last event falls on one day, so a period's figures are sums of its days'), computed by
 * countRateOfPeriod with the same rule as countRateByGroup; the days are brought up to date before
 * the answer (overview-days.ts), so it counts every scan batch acknowledged before the request.
 */
export async function reportBreakpointRate(deps: BreakpointReadDeps, query: TBreakpointRateQuery, summaries: RateSummaries): Promise<TBreakpointRateReport> {
  const summed = await summaries.readRate(deps, query.from, query.to, query.groupBy, MAX_DAYS_COMPUTED_PER_REPORT);
  const period = localPeriod(query.from, query.to, deps.timeZone);
  const total = figures(summed ? summed.total : await countRateTotals(deps.db, period));
  let rows: TBreakpointRateReport['rows'] = [];
  if (query.groupBy) {
    const groupBy = query.groupBy;
    const counts = (summed ? summed.groups : await countRateByGroup(deps.db, period, groupBy))
      .filter((c) => query.group === undefined || c.group === query.group)
      // By code, compared as plain strings: the same order on both engines, whatever PostgreSQL's collation.
      .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    if (groupBy === 'unit') await knowUnits(deps, counts.map((c) => c.group));
    rows = counts.map((c) => ({
      group: c.group,
      groupName: groupBy === 'unit' ? deps.sites.name(c.group) : (findDivision(c.group)?.fullName ?? null),
      ...figures(c),
    }));
  }
  return { from: query.from, to: query.to, timeZone: deps.timeZone, groupBy: query.groupBy ?? null, rows, total };
}

function figures(c: RateCounts): TRateFigures {
  return {
    items: c.items,
    itemsWithBreakpoint: c.itemsWithBreakpoint,
    filledLate: c.filledLate,
    // Unrounded: published rates are as small as 0.0033 %, and the console decides how to show them.
    rate: c.items === 0 ? 0 : c.itemsWithBreakpoint / c.items,
  };
}

export const OFFENDING_PAGE_SIZE = 1000;

/**
 * The pages of an export, the first one already read: a failure to read (the store is down) is
 * answered as an error before the file's headers go out, not as a truncated file.
 */
export async function openOffendingExport(deps: BreakpointReadDeps, query: TBreakpointRateQuery): Promise<AsyncIterable<OffendingItem[]>> {
  const pages = offendingItemPages(deps, query);
  const first = await pages.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* pages;
  })();
}

/**
 * The offending items behind a rate (one row per open missing-scan break-point), read a page at a
 * time so a large export is never held whole. Pages are separate reads: a break-point closed during
 * the export may be missing from it, but none is listed twice.
 */
export async function* offendingItemPages(deps: BreakpointReadDeps, query: TBreakpointRateQuery, pageSize = OFFENDING_PAGE_SIZE): AsyncGenerator<OffendingItem[]> {
  const filter: OffendingFilter = { period: localPeriod(query.from, query.to, deps.timeZone) };
  if (query.groupBy && query.group !== undefined) filter.group = { by: query.groupBy, code: query.group };
  let after: Keyset | undefined;
  for (;;) {
    const rows = await listOffendingPage(deps.db, filter, after, pageSize);
    if (rows.length === 0) return;
    await knowUnits(deps, rows.flatMap((r) => (r.last_event_site ? [r.responsible_unit, r.last_event_site] : [r.responsible_unit])));
    yield rows.map((r) => ({
      trackingNo: r.tracking_no,
      type: r.type,
      responsibleUnit: r.responsible_unit,
      responsibleUnitName: deps.sites.name(r.responsible_unit),
      visit: Number(r.visit),
      openedAt: Number(r.opened_at),
      lastEventCode: r.last_event_code,
      lastEventAt: r.last_event_at === null ? null : Number(r.last_event_at),
      lastEventSite: r.last_event_site,
      lastEventSiteName: r.last_event_site ? deps.sites.name(r.last_event_site) : null,
    }));
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = { openedAt: Number(last.opened_at), id: Number(last.id) };
  }
}
