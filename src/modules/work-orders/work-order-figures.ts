import type { Db, Dialect } from '../../db/database.js';
import { addDays, formatLocalDate, localDateOf, parseLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { localPeriod, periodLength, periodTooLongMessage, MAX_PERIOD_DAYS } from '../../http/query-days.js';
import { msg } from '../../i18n/message.js';
import { type ItemsMailedBy, countItemsMailed } from '../items/items-mailed.js';
import { FIGURE_GROUPS, type FigureCounts, type FigureGroup, countWorkOrderFigures, medianHoursToResolve } from './work-order-figures.repository.js';
import { DEFAULT_FIGURE_DAYS, type TWorkOrderFigureRow, type TWorkOrderFigures, type TWorkOrderFiguresQuery } from './work-order-figures.schemas.js';

export interface FigureDeps {
  db: Db;
  dialect: Dialect;
  timeZone: string;
  now: number;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Whose items a group's complaints are counted against. */
const ITEMS_BY: Record<FigureGroup, ItemsMailedBy> = { type: 'all', channel: 'all', program: 'program', unit: 'office' };

/**
 * The customer-service figures of the orders created in the local days from..to, per group and in
 * total (definitions in ZWorkOrderFigureRow). Each count is the length of a list GET /work-orders gives.
 */
export async function workOrderFigures(deps: FigureDeps, query: TWorkOrderFiguresQuery): Promise<TWorkOrderFigures> {
  const to = query.to ?? formatLocalDate(localDateOf(deps.now, deps.timeZone));
  const from = query.from ?? formatLocalDate(addDays(parseLocalDate(to)!, 1 - DEFAULT_FIGURE_DAYS));
  const length = periodLength(from, to);
  if (length > MAX_PERIOD_DAYS || length < 1) {
    throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'from', problem: periodTooLongMessage(length) }), { field: 'from' });
  }
  const period = localPeriod(from, to, deps.timeZone);
  const column = FIGURE_GROUPS[query.groupBy];
  // The total's counts are the sums of the groups' (every order is in one group); its median comes with the groups'.
  const [groups, medians, items] = await Promise.all([
    countWorkOrderFigures(deps.db, period, column),
    medianHoursToResolve(deps.db, deps.dialect, period, column),
    countItemsMailed(deps.db, period, ITEMS_BY[query.groupBy]),
  ]);
  const allItems = [...items.values()].reduce((a, b) => a + b, 0);
  const itemsOf = (group: string) => (ITEMS_BY[query.groupBy] === 'all' ? allItems : (items.get(group) ?? 0));
  const rows = groups
    .sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map((g) => figureRow(g, medians.groups.get(g.group) ?? null, itemsOf(g.group)));
  return {
    timeZone: deps.timeZone,
    from,
    to,
    groupBy: query.groupBy,
    rows,
    total: figureRow(groups.reduce(addCounts, emptyCounts()), medians.total, allItems),
  };
}

function figureRow(c: FigureCounts, medianHours: number | null, itemsMailed: number): TWorkOrderFigureRow {
  return {
    group: c.group,
    created: c.created,
    resolved: c.resolved,
    resolutionRate: share(c.resolved, c.created),
    firstResponseOnTime: share(c.respondedOnTime, c.responded),
    resolutionOnTime: share(c.resolvedOnTime, c.resolved),
    medianHoursToResolve: medianHours,
    reopenRate: share(c.reopened, c.everResolved),
    meanSatisfaction: share(c.satisfactionSum, c.rated),
    complaintsPer10kItems: itemsMailed === 0 ? null : (c.complaints * 10_000) / itemsMailed,
  };
}

const addCounts = (a: FigureCounts, b: FigureCounts): FigureCounts => ({
  group: '',
  created: a.created + b.created,
  resolved: a.resolved + b.resolved,
  responded: a.responded + b.responded,
  respondedOnTime: a.respondedOnTime + b.respondedOnTime,
  resolvedOnTime: a.resolvedOnTime + b.resolvedOnTime,
  everResolved: a.everResolved + b.everResolved,
  reopened: a.reopened + b.reopened,
  rated: a.rated + b.rated,
  satisfactionSum: a.satisfactionSum + b.satisfactionSum,
  complaints: a.complaints + b.complaints,
});

const emptyCounts = (): FigureCounts => ({
  group: '',
  created: 0,
  resolved: 0,
  responded: 0,
  respondedOnTime: 0,
  resolvedOnTime: 0,
  everResolved: 0,
  reopened: 0,
  rated: 0,
  satisfactionSum: 0,
  complaints: 0,
});
