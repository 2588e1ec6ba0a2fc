import { findDivision } from '../../domain/divisions.js';
import { formatLocalDate, localDateOf } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { periodLength, periodTooLongMessage } from '../../http/query-days.js';
import { MISSING_SCAN_TYPES, SILENCE_TYPES } from '../breakpoints/breakpoint.table.js';
import { knowUnits } from '../units/unit.service.js';
import { type DayFigures, type Figures, type OverviewDays, type OverviewDeps } from './overview-days.js';
import { countOpenBreakpointsByType, countOpenBreakpointsByUnit } from './overview.repository.js';
import { MAX_OVERVIEW_DAYS, type TOverview, type TOverviewQuery } from './overview.schemas.js';
import { msg } from '../../i18n/message.js';

export const TOP_UNITS = 10;

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/**
 * The managers' first page: today's volumes, the period's volumes and break-point rate (in total, by
 * city and by day), and the open break-points by type and by unit. Each figure is the length of a
 * list the API gives (see ZOverview), computed by that list's own service, and counts every scan
 * batch acknowledged before the request (see overview-days.ts).
 */
export async function getOverview(deps: OverviewDeps, days: OverviewDays, query: TOverviewQuery): Promise<TOverview> {
  const today = formatLocalDate(localDateOf(deps.now, deps.timeZone));
  const to = query.to ?? (query.from !== undefined && periodLength(today, query.from) > 1 ? query.from : today);
  const from = query.from ?? to;
  // The schema checks a period it is given whole; one that ends today by default is checked here.
  const length = periodLength(from, to);
  if (length > MAX_OVERVIEW_DAYS) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'from', problem: periodTooLongMessage(length) }), { field: 'from' });
  const figures = await days.read(deps, from, to);
  const todayRead = periodLength(from, today) >= 1 && periodLength(today, to) >= 1 ? figures : await days.read(deps, today, today);
  const todayFigures = todayRead.find((f) => f.day === today)!;

  const total = sum(figures.map((f) => f.total));
  const byType = await countOpenBreakpointsByType(deps.db);
  const byUnit = (await countOpenBreakpointsByUnit(deps.db))
    // Most open first; ties by code, compared as plain strings (the same on both engines).
    .sort((a, b) => b.open - a.open || (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0))
    .slice(0, TOP_UNITS);
  await knowUnits(deps, byUnit.map((u) => u.unit));

  return {
    timeZone: deps.timeZone,
    from,
    to,
    today: { day: today, accepted: todayFigures.total.accepted, delivered: todayFigures.total.delivered },
    range: {
      accepted: total.accepted,
      delivered: total.delivered,
      acceptedDelivered: total.acceptedDelivered,
      deliveryRate: ratio(total.acceptedDelivered, total.accepted),
      items: total.items,
      withBreakpoint: total.withBreakpoint,
      breakpointRate: ratio(total.withBreakpoint, total.items),
    },
    // The route's break-points; a delivery without proof (MISSING_PROOF) is counted apart, in its own lists (decision 0038).
    openBreakpointsByType: [...MISSING_SCAN_TYPES, ...SILENCE_TYPES].map((type) => ({ type, count: byType.get(type) ?? 0 })),
    rateByCity: citiesOf(figures),
    dailyTrend: figures.map((f) => ({ day: f.day, items: f.total.items, withBreakpoint: f.total.withBreakpoint, rate: ratio(f.total.withBreakpoint, f.total.items) })),
    topUnits: byUnit.map((u) => ({ unitCode: u.unit, unitName: deps.sites.name(u.unit), open: u.open })),
  };
}

/**
 * A city's figures for the period are the sums of its days': an item counts on the one day its last
 * scan falls on, so no item is counted twice (the same holds for the total).
 */
function citiesOf(figures: readonly DayFigures[]): TOverview['rateByCity'] {
  const cities = new Map<string, Figures[]>();
  for (const f of figures) for (const [code, c] of f.cities) cities.set(code, [...(cities.get(code) ?? []), c]);
  return [...cities.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((code) => {
      const c = sum(cities.get(code)!);
      return { cityCode: code, cityName: findDivision(code)?.fullName ?? null, items: c.items, withBreakpoint: c.withBreakpoint, rate: ratio(c.withBreakpoint, c.items) };
    });
}

function sum(list: readonly Figures[]): Figures {
  const out: Figures = { items: 0, withBreakpoint: 0, filledLate: 0, accepted: 0, delivered: 0, acceptedDelivered: 0 };
  for (const f of list) for (const k of Object.keys(out) as (keyof Figures)[]) out[k] += f[k];
  return out;
}
