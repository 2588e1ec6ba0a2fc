import { Card, Col, Empty, Row, Table } from 'antd';
import { useMemo } from 'react';
import type { TWeeklyReport } from '../../api/types';
import { type WeeklyCharts, weeklyCharts } from '../../../../src/modules/weekly-report/weekly-charts.js';
import { Chart } from '../../components/chart';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { count } from '../../lib/format';

/** The categories and series of a chart's option, as its table beside it shows them. */
interface ChartData {
  categories: string[];
  series: { name: string; data: (number | null)[] }[];
}

/**
 * What a chart draws, read back from its option (x-axis categories, each series' values), so the table
 * beside a chart shows the very numbers on its canvas rather than a second reading of the report.
 */
function chartData(option: Record<string, unknown>): ChartData {
  const axis = option.xAxis as { data?: unknown } | undefined;
  const categories = Array.isArray(axis?.data) ? axis.data.map(String) : [];
  const series = Array.isArray(option.series) ? (option.series as { name?: unknown; data?: unknown }[]) : [];
  return {
    categories,
    series: series.map((s) => ({
      name: String(s.name ?? ''),
      data: Array.isArray(s.data) ? s.data.map((v) => (typeof v === 'number' ? v : null)) : [],
    })),
  };
}

/** A chart's numbers as a table: a row a series, a column a category (a day, a city). */
function ChartTable({ data, percent, name }: { data: ChartData; percent: boolean; name: string }) {
  const { t } = useI18n();
  const show = (v: number | null | undefined) => (v === null || v === undefined ? '–' : percent ? `${v.toFixed(2)}%` : count(v));
  const rows = data.series.map((s, i) => ({ key: i, ...s }));
  return (
    <Table
      size="small"
      bordered
      pagination={false}
      className="songda-chart-table"
      aria-label={name}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ 'data-series': r.name }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('weekly.chart.series'), key: 'series', fixed: 'left', render: (_, r) => r.name },
        ...data.categories.map((c, i) => ({ title: c, key: `c${i}`, align: 'right' as const, render: (_: unknown, r: (typeof rows)[number]) => show(r.data[i]) })),
      ]}
    />
  );
}

const CHARTS: { key: keyof WeeklyCharts; title: MessageKey; percent: boolean }[] = [
  { key: 'volumes', title: 'weekly.chart.volumes', percent: false },
  { key: 'deliveryRate', title: 'weekly.chart.deliveryRate', percent: true },
  { key: 'breakpointByCity', title: 'weekly.chart.breakpointByCity', percent: true },
];

/**
 * The report's three charts, from the same options the server draws into the PDF
 * (src/modules/weekly-report/weekly-charts.ts), each with its numbers in a table below it.
 */
export function WeeklyChartsPanel({ report }: { report: TWeeklyReport }) {
  const { t } = useI18n();
  const charts = useMemo(
    () =>
      weeklyCharts(report, {
        mailed: t('weekly.figure.mailed'),
        delivered: t('weekly.figure.delivered'),
        deliveryRate: t('weekly.figure.deliveryRate'),
        breakpointRate: t('weekly.figure.breakpointRate'),
        days: report.daily.map((d, i) => `${t(`weekly.day.${(i % 7) + 1}` as MessageKey)} ${d.date.slice(5)}`),
      }),
    [report, t],
  );
  return (
    <Row gutter={[12, 12]}>
      {CHARTS.map((c) => {
        const option = charts[c.key];
        const data = chartData(option);
        const empty = data.categories.length === 0;
        return (
          <Col key={c.key} xs={24} xl={c.key === 'breakpointByCity' ? 24 : 12}>
            <Card size="small" className="songda-card" title={t(c.title)} data-chart={c.key}>
              <Chart option={option} height={280} label={t(c.title)} />
              {empty ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('weekly.chart.noCities')} /> : <ChartTable data={data} percent={c.percent} name={t(c.title)} />}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
