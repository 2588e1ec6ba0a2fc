import type { Overview } from '../../api/types';
import type { Translate } from '../../i18n/i18n';
import type { EChartsCoreOption } from '../../lib/echarts';
import { count, percent } from '../../lib/format';

/** 湖北省宜昌市 → 宜昌市: the province is the same for every bar. */
export function shortCityName(name: string | null | undefined): string {
  if (!name) return '';
  const m = /^.+?(?:省|自治区)(.+)$/.exec(name);
  return m?.[1] ?? name;
}

const AXIS_PERCENT = (v: number) => `${Number((v * 100).toPrecision(3))}%`;

export function cityBarOption(rows: Overview['rateByCity'], t: Translate): EChartsCoreOption {
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const row = rows[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        return `${shortCityName(row.cityName) || row.cityCode}<br/>${t('col.rate')}: ${percent(row.rate, 4)}<br/>${t('col.withBreakpoint')}: ${count(row.withBreakpoint)} / ${count(row.items)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: rows.map((r) => shortCityName(r.cityName) || r.cityCode),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', name: t('col.rate'), axisLabel: { formatter: AXIS_PERCENT }, nameTextStyle: { align: 'left' } },
    series: [{ type: 'bar', name: t('col.rate'), data: rows.map((r) => r.rate), itemStyle: { color: '#d4380d' }, barMaxWidth: 28 }],
  };
}

export function dailyTrendOption(rows: Overview['dailyTrend'], t: Translate): EChartsCoreOption {
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, data: [t('col.rate'), t('col.items')] },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const row = rows[params[0]?.dataIndex ?? -1];
        if (!row) return '';
        return `${row.day}<br/>${t('col.rate')}: ${percent(row.rate, 4)}<br/>${t('col.withBreakpoint')}: ${count(row.withBreakpoint)} / ${count(row.items)}`;
      },
    },
    xAxis: { type: 'category', data: rows.map((r) => r.day.slice(5)), boundaryGap: false },
    yAxis: [
      { type: 'value', name: t('col.rate'), axisLabel: { formatter: AXIS_PERCENT } },
      { type: 'value', name: t('col.items'), splitLine: { show: false } },
    ],
    series: [
      { type: 'line', name: t('col.rate'), data: rows.map((r) => r.rate), smooth: false, symbolSize: 7, itemStyle: { color: '#d4380d' } },
      { type: 'bar', name: t('col.items'), yAxisIndex: 1, data: rows.map((r) => r.items), itemStyle: { color: '#bfbfbf' }, barMaxWidth: 18 },
    ],
  };
}
