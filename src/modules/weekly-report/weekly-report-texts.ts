// What the weekly report's XLSX and PDF both say about it, in the reader's language: its scope and
// week, each figure's name, kind and definition, and the charts' labels.
import { isoWeekday } from '../../domain/iso-week.js';
import { parseLocalDate } from '../../domain/local-day.js';
import { WORK_ORDER_TYPES } from '../../domain/work-order-defaults.js';
import { localWallTime } from '../../export/table-column.js';
import type { Lang } from '../../i18n/lang.js';
import { t, term } from '../../i18n/message.js';
import type { WeeklyChartLabels } from './weekly-charts.js';
import { type ScalarFigure, type TProblemItem, type TWeekFigures, type TWeeklyReport, ZWeekFigures } from './weekly-report.schemas.js';

/** Every figure of the week, in the schema's order: the one-number figures and the two lists. */
export const FIGURES = Object.keys(ZWeekFigures.shape) as (keyof TWeekFigures)[];

/**
 * How a one-number figure reads: a count; a rate (a fraction, shown in percent, its change in
 * points); complaints per 10,000 items; or hours.
 */
export type FigureKind = 'count' | 'rate' | 'per10k' | 'hours';

export function figureKind(figure: ScalarFigure): FigureKind {
  if (figure === 'complaintsPer10k') return 'per10k';
  if (figure === 'medianHoursToDeliver') return 'hours';
  return figure.endsWith('Rate') ? 'rate' : 'count';
}

export const figureName = (lang: Lang, figure: keyof TWeekFigures) => t(lang, `weeklyFile.figure.${figure}`);
export const figureDefinition = (lang: Lang, figure: keyof TWeekFigures) => t(lang, `weeklyFile.def.${figure}`);

/** One row of the figures table: a name and this week's and last week's numbers (null: none). */
export interface FigureRow {
  name: string;
  kind: FigureKind;
  thisWeek: number | null;
  lastWeek: number | null;
  change: number | null;
}

/**
 * The figures as rows, in the schema's order: one a figure, the worst units one each (last week's
 * number when the unit was among last week's worst too), the work orders one a type.
 */
export function figureRows(report: TWeeklyReport, lang: Lang): FigureRow[] {
  const { figures, previous } = report;
  const difference = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return FIGURES.flatMap((figure): FigureRow[] => {
    if (figure === 'worstUnits') {
      return figures.worstUnits.map((u, i) => {
        const lastWeek = previous.worstUnits.find((p) => p.unit === u.unit)?.open ?? null;
        const name = t(lang, 'weeklyFile.worstUnit', { rank: i + 1, name: u.name, unit: u.unit });
        return { name, kind: 'count', thisWeek: u.open, lastWeek, change: difference(u.open, lastWeek) };
      });
    }
    if (figure === 'workOrders') {
      return WORK_ORDER_TYPES.map((type) => {
        const [thisWeek, lastWeek] = [figures.workOrders[type], previous.workOrders[type]];
        return { name: t(lang, 'weeklyFile.workOrderType', { type: term('woType', type) }), kind: 'count', thisWeek, lastWeek, change: thisWeek - lastWeek };
      });
    }
    return [{ name: figureName(lang, figure), kind: figureKind(figure), thisWeek: figures[figure], lastWeek: previous[figure], change: report.change[figure] }];
  });
}

/** "项目 宜昌市退役军人优待证（VET2026）". */
export function scopeText(report: TWeeklyReport, lang: Lang): string {
  return t(lang, `weeklyFile.scope.${report.scope.kind}`, { name: report.scope.name, code: report.scope.code });
}

/** "2026-W48，2026-11-23 至 2026-11-29". */
export function weekText(report: TWeeklyReport, lang: Lang): string {
  return t(lang, 'weeklyFile.weekRange', { week: report.week, from: report.from, to: report.to });
}

/** An ISO 8601 instant as local "YYYY-MM-DD HH:mm" in `timeZone`. */
export function localMinuteText(instant: string, timeZone: string): string {
  return localWallTime(Date.parse(instant), timeZone).toISOString().slice(0, 16).replace('T', ' ');
}

/** When the figures were read, in the report's zone. */
export const generatedAtText = (report: TWeeklyReport) => localMinuteText(report.generatedAt, report.timeZone);

export const problemText = (lang: Lang, problem: TProblemItem['problem']) => t(lang, `weeklyFile.problem.${problem}`);

const WEEKDAYS = [
  'weeklyFile.weekday.1',
  'weeklyFile.weekday.2',
  'weeklyFile.weekday.3',
  'weeklyFile.weekday.4',
  'weeklyFile.weekday.5',
  'weeklyFile.weekday.6',
  'weeklyFile.weekday.7',
] as const;

/** "周一 11-23": a day on the charts' axis. */
function dayLabel(date: string, lang: Lang): string {
  const local = parseLocalDate(date);
  if (local === undefined) return date;
  return t(lang, 'weeklyFile.day', { weekday: t(lang, WEEKDAYS[isoWeekday(local) - 1]!), date: date.slice(5) });
}

/** The charts' labels in the reader's language, for the charts the server draws (weeklyCharts). */
export function weeklyChartLabelsOf(report: TWeeklyReport, lang: Lang): WeeklyChartLabels {
  return {
    mailed: t(lang, 'weeklyFile.mailed'),
    delivered: t(lang, 'weeklyFile.delivered'),
    deliveryRate: t(lang, 'weeklyFile.deliveryRate'),
    breakpointRate: t(lang, 'weeklyFile.breakpointRate'),
    days: report.daily.map((d) => dayLabel(d.date, lang)),
  };
}
