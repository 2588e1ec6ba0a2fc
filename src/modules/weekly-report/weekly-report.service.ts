import { randomUUID } from 'node:crypto';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { type Scope, scopedPrograms } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { type IsoWeek, addWeeks, formatIsoWeek, parseIsoWeek, weekDays, weeksInYear } from '../../domain/iso-week.js';
import { formatLocalDate, localDayBounds } from '../../domain/local-day.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { EARLIEST_QUERY_DAY } from '../../http/query-days.js';
import { msg } from '../../i18n/message.js';
import { getProgramInScope, getPrograms } from '../programs/program.service.js';
import { recordReportReady } from '../report-outbox/report-outbox.repository.js';
import { type WeeklyDeps, type WeeklyScope, weekFigures } from './weekly-figures.js';
import { findStoredReport, findStoredScopes, listStoredReports, saveWeeklyReport } from './weekly-report.repository.js';
import { getUnits } from '../units/unit.service.js';
import { findCreatedScopes } from '../items/items-created.js';
import { SCALAR_FIGURES, type TStoredWeeklyReport, type TWeekFigures, type TWeeklyReport } from './weekly-report.schemas.js';

export type { WeeklyDeps } from './weekly-figures.js';

/** What a report is asked for: a program's code, or a province's or city's. */
export type ScopeAsked = { program: string } | { division: string };

/** The week asked for, refused with the reason when it does not exist or has not begun. */
export function weekAsked(text: string, timeZone: string, now: number): IsoWeek {
  const week = parseIsoWeek(text);
  if (!week) {
    const year = Number(text.slice(0, 4));
    throw new AppError('invalid_request', msg('weekly.noSuchWeek', { year, week: Number(text.slice(6)), weeks: weeksInYear(year) }), [{ field: 'week' }]);
  }
  const monday = weekDays(week)[0]!;
  if (formatLocalDate(monday) < EARLIEST_QUERY_DAY) throw new AppError('invalid_request', msg('weekly.weekTooEarly', { week: text, first: EARLIEST_QUERY_DAY }), [{ field: 'week' }]);
  if (localDayBounds(monday, timeZone).startMs > now) throw new AppError('invalid_request', msg('weekly.weekNotStarted', { week: text, monday: formatLocalDate(monday) }), [{ field: 'week' }]);
  return week;
}

/**
 * The scope asked for, as the caller may see it: a program in a partner's scope (404 otherwise, as
 * for the program's other reads), a province or city for the post's staff alone.
 */
export async function resolveScope(deps: WeeklyDeps, asked: ScopeAsked, caller: Scope): Promise<WeeklyScope> {
  const [programs, units] = await Promise.all([getPrograms(deps.db), getUnits(deps.db)]);
  const all = new Map(programs.map((p) => [p.code, p]));
  const byCode = new Map(units.map((u) => [u.code, u]));
  if ('program' in asked) {
    const program = await getProgramInScope(deps.db, asked.program, caller);
    return { kind: 'program', code: program.code, name: program.name, items: { program: program.code }, programs: all, units: byCode };
  }
  if (caller !== 'all') throw new AppError('forbidden', msg('weekly.divisionForStaff'), [{ field: 'division' }]);
  const division = findDivision(asked.division);
  if (!division || division.level === 'county') throw new AppError('invalid_request', msg('weekly.notProvinceOrCity', { code: asked.division }), [{ field: 'division' }]);
  const items = division.level === 'province' ? { province: division.code } : { city: division.code };
  return { kind: 'division', code: division.code, name: division.fullName, items, programs: all, units: byCode };
}

/** A week's report, read now: the week's figures with its days, cities, units and problem items, and the week before's figures. */
export async function makeWeeklyReport(deps: WeeklyDeps, scope: WeeklyScope, week: IsoWeek): Promise<TWeeklyReport> {
  const current = await weekFigures(deps, scope, week, true);
  const previous = await weekFigures(deps, scope, addWeeks(week, -1), false);
  const dates = weekDays(week);
  return {
    week: formatIsoWeek(week),
    from: formatLocalDate(dates[0]!),
    to: formatLocalDate(dates[6]!),
    timeZone: deps.timeZone,
    scope: { kind: scope.kind, code: scope.code, name: scope.name },
    generatedAt: formatZoned(deps.now, deps.timeZone),
    figures: current.figures,
    previous: previous.figures,
    change: changeOf(current.figures, previous.figures),
    daily: current.daily,
    byCity: current.byCity,
    byUnit: current.byUnit,
    problemItems: current.problemItems,
    problemItemsTotal: current.problemItemsTotal,
  };
}

function changeOf(now: TWeekFigures, before: TWeekFigures): TWeeklyReport['change'] {
  return Object.fromEntries(
    SCALAR_FIGURES.map((k) => {
      const a = now[k];
      const b = before[k];
      return [k, a === null || b === null ? null : a - b];
    }),
  ) as TWeeklyReport['change'];
}

/**
 * Makes a report and stores it, replacing one of the same week and scope (unless `onlyNew`), and, for
 * a program's, tells its sponsor in the same transaction. Undefined when `onlyNew` and one was there.
 */
export async function storeWeeklyReport(
  store: DbHandle,
  deps: WeeklyDeps,
  scope: WeeklyScope,
  week: IsoWeek,
  by: string,
  onlyNew = false,
): Promise<TStoredWeeklyReport | undefined> {
  const report = await makeWeeklyReport(deps, scope, week);
  const programCode = scope.kind === 'program' ? scope.code : null;
  const saved = await withWriteTransaction(store, async (trx) => {
    const saved = await saveWeeklyReport(
      trx,
      {
        id: randomUUID(),
        week: report.week,
        scope_kind: scope.kind,
        scope_code: scope.code,
        time_zone: deps.timeZone,
        program_code: programCode,
        generated_at: deps.now,
        generated_by: by,
        report: JSON.stringify(report),
      },
      onlyNew,
    );
    if (saved && programCode !== null) await recordReportReady(trx, { report_id: saved.id, program_code: programCode, week: report.week, at: deps.now });
    return saved;
  });
  return saved && storedOf({ id: saved.id, generated_by: by, generated_at: deps.now }, report, deps.timeZone);
}

/** The user name the Monday job stores its reports under. */
export const SCHEDULE = 'schedule';

/**
 * Stores the week's report of every program with items registered in it and of every province whose
 * offices have items registered in it, skipping those already stored: what the Monday job runs, safe
 * to run again.
 */
export async function makeWeekReports(store: DbHandle, deps: WeeklyDeps, weekText: string): Promise<{ made: number }> {
  const week = parseIsoWeek(weekText)!;
  const dates = weekDays(week);
  const period = { startMs: localDayBounds(dates[0]!, deps.timeZone).startMs, endMs: localDayBounds(dates[6]!, deps.timeZone).endMs };
  // Read from the hourly counts of new items, not from the items: cheap enough for every tick.
  const [created, stored, units] = await Promise.all([
    findCreatedScopes(deps.db, period),
    findStoredScopes(deps.db, weekText, deps.timeZone),
    getUnits(deps.db),
  ]);
  const provinces = new Map(units.map((u) => [u.code, u.provinceCode]));
  const asked: ScopeAsked[] = [
    ...[...created.programs].sort().map((program) => ({ program })),
    ...[...new Set(created.offices.flatMap((o) => provinces.get(o) ?? []))].sort().map((division) => ({ division })),
  ];
  let made = 0;
  for (const scope of asked) {
    // Checked before the figures are read: the job asks every few minutes, and most weeks are done.
    if (stored.has('program' in scope ? `program:${scope.program}` : `division:${scope.division}`)) continue;
    if ('division' in scope && !findDivision(scope.division)) continue;
    if (await storeWeeklyReport(store, deps, await resolveScope(deps, scope, 'all'), week, SCHEDULE, true)) made++;
  }
  return { made };
}

/** The stored reports a caller may read, newest week first. */
export async function listWeeklyReports(deps: WeeklyDeps, query: { week?: string; limit: number; cursor?: string }, caller: Scope) {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const rows = await listStoredReports(deps.db, { week: query.week, programs: scopedPrograms(caller), timeZone: deps.timeZone }, after, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => storedOf(r, JSON.parse(r.report) as TWeeklyReport, deps.timeZone)),
    nextCursor: rows.length > query.limit && last ? Buffer.from(JSON.stringify([last.week, last.id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { week: string; id: string } {
  try {
    const [week, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof week === 'string' && typeof id === 'string') return { week, id };
  } catch {
    // refused below
  }
  throw new AppError('invalid_request', msg('weekly.badCursor', { cursor }), [{ field: 'cursor' }]);
}

/** A stored report as made, if the caller may read it (a partner: its programs' only). */
export async function getStoredReport(deps: WeeklyDeps, id: string, caller: Scope): Promise<TWeeklyReport> {
  const row = await findStoredReport(deps.db, id);
  const programs = scopedPrograms(caller);
  if (!row || (programs !== undefined && (row.program_code === null || !programs.includes(row.program_code)))) throw new AppError('not_found', msg('weekly.notFound'));
  return JSON.parse(row.report) as TWeeklyReport;
}

function storedOf(row: { id: string; generated_by: string; generated_at: number }, report: TWeeklyReport, timeZone: string): TStoredWeeklyReport {
  return {
    id: row.id,
    week: report.week,
    scope: report.scope,
    generatedAt: formatZoned(row.generated_at, timeZone),
    generatedBy: row.generated_by,
    mailed: report.figures.mailed,
    deliveryRate: report.figures.deliveryRate,
    breakpointRate: report.figures.breakpointRate,
  };
}

