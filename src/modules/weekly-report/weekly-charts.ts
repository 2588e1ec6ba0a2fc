import type { TWeeklyReport } from './weekly-report.schemas.js';

/**
 * The weekly report's three charts as ECharts options, built from the report alone: the console draws
 * them on a canvas and the PDF renders the same options to SVG on the server, so both show the same
 * numbers. Pure data in, plain objects out (no ECharts import): labels come from the caller's language.
 */
export interface WeeklyChartLabels {
  mailed: string;
  delivered: string;
  deliveryRate: string;
  breakpointRate: string;
  /** Axis labels of the days, Monday first (e.g. 周一 11-23). */
  days: readonly string[];
}

export interface WeeklyCharts {
  /** Daily volumes: items registered each day, and how many of them are delivered. */
  volumes: Record<string, unknown>;
  /** Delivery rate of each day's items, in percent. */
  deliveryRate: Record<string, unknown>;
  /** Break-point rate by city, in percent, worst first. */
  breakpointByCity: Record<string, unknown>;
}

/** A rate in percent to two decimals, as drawn; null (no denominator) stays a gap. */
export const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 10_000) / 100);

export function weeklyCharts(report: TWeeklyReport, labels: WeeklyChartLabels, opts: { animation?: boolean } = {}): WeeklyCharts {
  const base = { animation: opts.animation ?? true, grid: { left: 56, right: 24, top: 64, bottom: 40 }, tooltip: { trigger: 'axis' } };
  const days = { type: 'category', data: [...labels.days] };
  const cities = [...report.byCity].filter((c) => c.breakpointItems > 0).sort((a, b) => (b.breakpointRate ?? 0) - (a.breakpointRate ?? 0) || (a.code < b.code ? -1 : 1));
  return {
    volumes: {
      ...base,
      legend: { top: 4, data: [labels.mailed, labels.delivered] },
      xAxis: days,
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: labels.mailed, type: 'bar', data: report.daily.map((d) => d.mailed), label: { show: true, position: 'top' } },
        { name: labels.delivered, type: 'bar', data: report.daily.map((d) => d.delivered), label: { show: true, position: 'top' } },
      ],
    },
    deliveryRate: {
      ...base,
      legend: { top: 4, data: [labels.deliveryRate] },
      xAxis: days,
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [{ name: labels.deliveryRate, type: 'line', data: report.daily.map((d) => percent(d.deliveryRate)), label: { show: true, formatter: '{c}%' }, connectNulls: false }],
    },
    breakpointByCity: {
      ...base,
      legend: { top: 4, data: [labels.breakpointRate] },
      xAxis: { type: 'category', data: cities.map((c) => c.name), axisLabel: { interval: 0, rotate: cities.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [{ name: labels.breakpointRate, type: 'bar', data: cities.map((c) => percent(c.breakpointRate)), label: { show: true, position: 'top', formatter: '{c}%' } }],
    },
  };
}
