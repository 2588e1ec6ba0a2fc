import { doorAttempt } from '../../domain/door-attempts.js';
import type { IsoWeek } from '../../domain/iso-week.js';
import { weekDays } from '../../domain/iso-week.js';
import { findDivision } from '../../domain/divisions.js';
import { formatLocalDate, localDayBounds } from '../../domain/local-day.js';
import { formatZoned } from '../../domain/scan-time.js';
import { WORK_ORDER_TYPES } from '../../domain/work-order-defaults.js';
import { countRateByGroup, countRateTotals } from '../breakpoints/breakpoint-query.repository.js';
import type { BreakpointReadDeps } from '../breakpoints/breakpoint-list.service.js';
import { type RateSummaries, reportBreakpointRate } from '../breakpoints/breakpoint-rate.service.js';
import { activationStatusesOf } from '../deliveries/activation.repository.js';
import { findFirstScans } from '../items/first-failures.js';
import { medianOf, programConversion } from '../program-report/program-report.service.js';
import type { Program } from '../programs/program.service.js';
import type { TUnit } from '../units/unit.schemas.js';
import { sumOrdersOpened } from '../work-orders/work-orders-opened.js';
import {
  type Instants,
  type ItemScope,
  countOpenBreakpointsAt,
  countRequestsByDay,
  findOpenMissingScans,
  listWeekItems,
} from './weekly-report.repository.js';
import { MAX_PROBLEM_ITEMS, type TProblemItem, type TWeekFigures, type TWeeklyReport } from './weekly-report.schemas.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Items read at a time: their scans are looked up in one query per page. */
const PAGE = 2000;

export interface WeeklyDeps extends BreakpointReadDeps {
  /** The break-point rate's day summaries (the overview's), passed in by the composition root. */
  summaries: RateSummaries;
}

/** A report's scope, resolved: what it counts and what it is called. */
export interface WeeklyScope {
  kind: 'program' | 'division';
  code: string;
  name: string;
  items: ItemScope;
  /** Every program, by code: the SLA and activation bank of each item's program. */
  programs: ReadonlyMap<string, Program>;
  /** Every unit, by code. */
  units: ReadonlyMap<string, TUnit>;
}

type Counts = { mailed: number; delivered: number; returns: number; overdue: number };
const noCounts = (): Counts => ({ mailed: 0, delivered: 0, returns: 0, overdue: 0 });
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** One week's figures, and with `detail` its days, cities, units and problem items. */
export interface WeekResult {
  figures: TWeekFigures;
  daily: TWeeklyReport['daily'];
  byCity: TWeeklyReport['byCity'];
  byUnit: TWeeklyReport['byUnit'];
  problemItems: TProblemItem[];
  problemItemsTotal: number;
}

/**
 * The figures of a week (decision 0047). The week's items are the scope's items registered in the
 * week, read a page at a time and followed to `deps.now`: each page's first ACCEPTED,
 * DELIVERY_FAILED and RETURNED scans are read in one query, so the cost is one pass over the
 * week's items whatever their number.
 */
export async function weekFigures(deps: WeeklyDeps, scope: WeeklyScope, week: IsoWeek, detail: boolean): Promise<WeekResult> {
  const { db, now, timeZone } = deps;
  const dates = weekDays(week);
  const days = dates.map((d) => localDayBounds(d, timeZone));
  const period: Instants = { startMs: days[0]!.startMs, endMs: days[6]!.endMs };
  const dayOf = (ms: number) => days.findIndex((d) => ms >= d.startMs && ms < d.endMs);

  const total = noCounts();
  const daily = days.map(() => ({ mailed: 0, delivered: 0 }));
  const byCity = new Map<string, Counts>();
  const byUnit = new Map<string, Counts>();
  const hours: number[] = [];
  const problems: Record<TProblemItem['problem'], TProblemItem[]> = { overdue: [], returned: [], breakpoint: [] };
  let problemTotal = 0;
  const problem = (p: TProblemItem) => {
    problemTotal++;
    if (detail && problems[p.problem].length < MAX_PROBLEM_ITEMS) problems[p.problem].push(p);
  };
  let slaDue = 0;
  let withinSla = 0;
  let attempted = 0;
  let firstAttempt = 0;
  let activationDue = 0;
  let activated = 0;

  for (let after = ''; ; ) {
    const rows = await listWeekItems(db, scope.items, period, after, PAGE);
    if (rows.length === 0) break;
    after = rows.at(-1)!.tracking_no;
    const trackingNos = rows.map((r) => r.tracking_no);
    const firsts = await findFirstScans(db, ['ACCEPTED', 'DELIVERY_FAILED', 'RETURNED'], trackingNos);
    const activationItems: string[] = [];
    for (const r of rows) {
      const returnedAt = firsts.get('RETURNED')!.get(r.tracking_no);
      // A return ends with a delivery to its sender: that is a return, not a delivery.
      const deliveredAt = r.delivered_at !== null && !(returnedAt !== undefined && returnedAt <= r.delivered_at) ? r.delivered_at : null;
      const acceptedAt = firsts.get('ACCEPTED')!.get(r.tracking_no);
      const program = r.program_code === null ? undefined : scope.programs.get(r.program_code);
      const unit = r.delivery_office === null ? undefined : scope.units.get(r.delivery_office);
      const groups = unit ? [byUnitRow(byUnit, unit.code), byUnitRow(byCity, cityOf(unit))] : [];
      const count = (k: keyof Counts) => {
        total[k]++;
        for (const g of groups) g[k]++;
      };

      count('mailed');
      const day = daily[dayOf(r.created_at)]!;
      day.mailed++;
      if (deliveredAt !== null) {
        count('delivered');
        day.delivered++;
        if (acceptedAt !== undefined && deliveredAt >= acceptedAt) hours.push((deliveredAt - acceptedAt) / HOUR_MS);
        if (program?.requirements.activationBank) activationItems.push(r.tracking_no);
      }
      const attempt = doorAttempt(deliveredAt, firsts.get('DELIVERY_FAILED')!.get(r.tracking_no));
      if (attempt.attempted) attempted++;
      if (attempt.firstAttempt) firstAttempt++;

      if (returnedAt !== undefined) {
        count('returns');
        problem({ trackingNo: r.tracking_no, programCode: r.program_code, deliveryOffice: r.delivery_office, problem: 'returned', since: formatZoned(returnedAt, timeZone), detail: null });
      } else if (program) {
        // The post's clock starts at acceptance (registration, for an item never scanned in).
        const deadline = (acceptedAt ?? r.created_at) + program.slaDays * DAY_MS;
        if (deliveredAt !== null) {
          slaDue++;
          if (deliveredAt <= deadline) withinSla++;
        } else if (deadline <= now) {
          slaDue++;
          count('overdue');
          problem({ trackingNo: r.tracking_no, programCode: r.program_code, deliveryOffice: r.delivery_office, problem: 'overdue', since: formatZoned(deadline, timeZone), detail: null });
        }
      }
    }
    if (activationItems.length > 0) {
      const statuses = await activationStatusesOf(db, activationItems);
      activationDue += activationItems.length;
      activated += activationItems.filter((t) => statuses.get(t) === 'activated').length;
    }
    const byNo = new Map(rows.map((r) => [r.tracking_no, r]));
    for (const bp of detail ? await findOpenMissingScans(db, trackingNos) : []) {
      const item = byNo.get(bp.tracking_no)!;
      problem({
        trackingNo: bp.tracking_no,
        programCode: item.program_code,
        deliveryOffice: item.delivery_office,
        problem: 'breakpoint',
        since: formatZoned(bp.opened_at, timeZone),
        detail: `${bp.type} ${bp.responsible_unit}`,
      });
    }
  }

  const requestsByDay = await countRequestsByDay(db, scope.items, days);
  const conversion = scope.kind === 'program' ? await programConversion(db, scope.code, period) : undefined;
  const rate = await breakpointRates(deps, scope, period, dates, detail);
  const open = await countOpenBreakpointsAt(db, scope.items, period.endMs);
  const orders = await sumOrdersOpened(db, period, scope.items);
  const median = medianOf(hours);
  const requests = requestsByDay.reduce((a, b) => a + b, 0);

  const figures: TWeekFigures = {
    requests,
    mailed: total.mailed,
    conversionRate: conversion ? conversion.conversionRate : null,
    delivered: total.delivered,
    deliveryRate: ratio(total.delivered, total.mailed),
    slaDue,
    withinSla,
    withinSlaRate: ratio(withinSla, slaDue),
    medianHoursToDeliver: median === null ? null : Math.round(median * 10) / 10,
    attempted,
    firstAttemptDelivered: firstAttempt,
    firstAttemptRate: ratio(firstAttempt, attempted),
    returns: total.returns,
    breakpointItems: rate.total.items,
    itemsWithBreakpoint: rate.total.withBreakpoint,
    breakpointRate: ratio(rate.total.withBreakpoint, rate.total.items),
    worstUnits: [...open]
      .map(([unit, n]) => ({ unit, name: scope.units.get(unit)?.name ?? unit, open: n }))
      .filter((u) => u.open > 0)
      .sort((a, b) => b.open - a.open || (a.unit < b.unit ? -1 : 1))
      .slice(0, 5),
    workOrders: Object.fromEntries(WORK_ORDER_TYPES.map((t) => [t, orders.byType[t]])) as TWeekFigures['workOrders'],
    complaintsPer10k: total.mailed === 0 ? null : (orders.sums.complaints * 10_000) / total.mailed,
    resolved: orders.sums.resolved,
    resolvedOnTime: orders.sums.resolvedOnTime,
    resolutionOnTimeRate: ratio(orders.sums.resolvedOnTime, orders.sums.resolved),
    activationDue,
    activated,
    activationRate: ratio(activated, activationDue),
  };
  if (!detail) return { figures, daily: [], byCity: [], byUnit: [], problemItems: [], problemItemsTotal: problemTotal };

  const cityCodes = new Set([...byCity.keys(), ...rate.cities.keys()]);
  const code = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  return {
    figures,
    daily: dates.map((d, i) => ({
      date: formatLocalDate(d),
      requests: requestsByDay[i]!,
      mailed: daily[i]!.mailed,
      delivered: daily[i]!.delivered,
      deliveryRate: ratio(daily[i]!.delivered, daily[i]!.mailed),
    })),
    byCity: [...cityCodes]
      .map((c) => {
        const counts = byCity.get(c) ?? noCounts();
        const r = rate.cities.get(c) ?? { items: 0, withBreakpoint: 0 };
        return {
          code: c,
          name: findDivision(c)?.name ?? c,
          ...counts,
          deliveryRate: ratio(counts.delivered, counts.mailed),
          breakpointItems: r.items,
          itemsWithBreakpoint: r.withBreakpoint,
          breakpointRate: ratio(r.withBreakpoint, r.items),
        };
      })
      .sort(code),
    byUnit: [...new Set([...byUnit.keys(), ...open.keys()])]
      .map((u) => {
        const counts = byUnit.get(u) ?? noCounts();
        const unit = scope.units.get(u);
        return {
          code: u,
          name: unit?.name ?? u,
          city: unit ? cityOf(unit) : '',
          ...counts,
          deliveryRate: ratio(counts.delivered, counts.mailed),
          openBreakpoints: open.get(u) ?? 0,
        };
      })
      .filter((u) => u.mailed > 0 || u.openBreakpoints > 0)
      .sort(code),
    problemItems: [...problems.overdue, ...problems.returned, ...problems.breakpoint].slice(0, MAX_PROBLEM_ITEMS),
    problemItemsTotal: problemTotal,
  };
}

/** A unit's city, or its province when it has none (as the break-point rate groups units). */
const cityOf = (unit: TUnit) => unit.cityCode ?? unit.provinceCode;

function byUnitRow(map: Map<string, Counts>, key: string): Counts {
  let row = map.get(key);
  if (!row) map.set(key, (row = noCounts()));
  return row;
}

type RateCount = { items: number; withBreakpoint: number };

/**
 * The break-point rate of DESIGN §5 over the week: a division's from the rate report's stored days
 * (its row, and its cities'), a program's from the same queries over its items. With `byCity`, per
 * city too: a division's every city with a rate in the province, a program's every city its items
 * were scanned in.
 */
async function breakpointRates(
  deps: WeeklyDeps,
  scope: WeeklyScope,
  period: Instants,
  dates: readonly { year: number; month: number; day: number }[],
  byCity: boolean,
): Promise<{ total: RateCount; cities: Map<string, RateCount> }> {
  const from = formatLocalDate(dates[0]!);
  const to = formatLocalDate(dates[6]!);
  const count = (r: { items: number; itemsWithBreakpoint: number }): RateCount => ({ items: r.items, withBreakpoint: r.itemsWithBreakpoint });
  if (!('program' in scope.items)) {
    const level = 'province' in scope.items ? 'province' : 'city';
    const own = await reportBreakpointRate(deps, { from, to, groupBy: level, group: scope.code, format: 'json' }, deps.summaries);
    const total = own.rows[0] ? count(own.rows[0]) : { items: 0, withBreakpoint: 0 };
    if (!byCity) return { total, cities: new Map() };
    if (level === 'city') return { total, cities: new Map([[scope.code, total]]) };
    const cities = await reportBreakpointRate(deps, { from, to, groupBy: 'city', format: 'json' }, deps.summaries);
    const prefix = scope.code.slice(0, 2);
    return { total, cities: new Map(cities.rows.filter((r) => r.group.startsWith(prefix)).map((r) => [r.group, count(r)])) };
  }
  // A program's: the rate report's own queries, over the program's items only.
  const program = scope.items.program;
  const total = count(await countRateTotals(deps.db, period, program));
  if (!byCity) return { total, cities: new Map() };
  const rows = await countRateByGroup(deps.db, period, 'city', program);
  return { total, cities: new Map(rows.map((r) => [r.group, count(r)])) };
}
