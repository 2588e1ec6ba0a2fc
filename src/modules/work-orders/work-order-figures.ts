import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { addDays, formatLocalDate, localDateOf, parseLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { localPeriod, periodLength, periodTooLongMessage, MAX_PERIOD_DAYS } from '../../http/query-days.js';
import { msg } from '../../i18n/message.js';
import { type ItemsMailedBy, countItemsMailed } from '../items/items-mailed.js';
import { type FigureSums, emptySums, ensureFigureDays, medianHoursOf, readFigurePeriod } from './work-order-figure-days.js';
import { DEFAULT_FIGURE_DAYS, type FigureGroup, type TWorkOrderFigureRow, type TWorkOrderFigures, type TWorkOrderFiguresQuery } from './work-order-figures.schemas.js';

export interface FigureDeps {
  store: DbHandle;
  db: Db;
  timeZone: string;
  now: number;
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** Whose items a group's complaints are counted against. */
const ITEMS_BY: Record<FigureGroup, ItemsMailedBy> = { type: 'all', channel: 'all', program: 'program', unit: 'office' };

/**
 * The customer-service figures of the orders created in the local days from..to, per group and in
 * total (definitions in ZWorkOrderFigureRow), from the days kept with every write of an order
 * (work-order-figure-days.ts; computed in full the first time a time zone's are asked for). Each count
 * is the length of a list GET /work-orders gives.
 */
export async function workOrderFigures(deps: FigureDeps, query: TWorkOrderFiguresQuery): Promise<TWorkOrderFigures> {
  const to = query.to ?? formatLocalDate(localDateOf(deps.now, deps.timeZone));
  const from = query.from ?? formatLocalDate(addDays(parseLocalDate(to)!, 1 - DEFAULT_FIGURE_DAYS));
  const length = periodLength(from, to);
  if (length > MAX_PERIOD_DAYS || length < 1) {
    throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'from', problem: periodTooLongMessage(length) }), { field: 'from' });
  }
  await ensureFigureDays(deps.store, deps.timeZone);
  const [groups, [all], items] = await Promise.all([
    readFigurePeriod(deps.db, deps.timeZone, query.groupBy, from, to),
    readFigurePeriod(deps.db, deps.timeZone, 'all', from, to),
    countItemsMailed(deps.db, localPeriod(from, to, deps.timeZone), ITEMS_BY[query.groupBy]),
  ]);
  const allItems = [...items.values()].reduce((a, b) => a + b, 0);
  const itemsOf = (group: string) => (ITEMS_BY[query.groupBy] === 'all' ? allItems : (items.get(group) ?? 0));
  const sorted = groups.filter((g) => g.sums.created > 0).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const medians = await medianHoursOf(deps.db, deps.timeZone, query.groupBy, sorted, from, to);
  const totalMedian = all ? (await medianHoursOf(deps.db, deps.timeZone, 'all', [all], from, to)).get('') ?? null : null;
  const rows = sorted.map((g) => figureRow(g.group, g.sums, medians.get(g.group) ?? null, itemsOf(g.group)));
  return {
    timeZone: deps.timeZone,
    from,
    to,
    groupBy: query.groupBy,
    rows,
    total: figureRow('', all?.sums ?? emptySums(), totalMedian, allItems),
  };
}

function figureRow(group: string, c: FigureSums, medianHours: number | null, itemsMailed: number): TWorkOrderFigureRow {
  return {
    group,
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
