import { Card, Form, Segmented, Table } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { TWorkOrderFigureRow, TWorkOrderFigures } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { Chart } from '../../components/chart';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { count, hours, percent } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';

const GROUPS = ['type', 'unit', 'program', 'channel'] as const;
type Group = (typeof GROUPS)[number];

/**
 * `/work-orders?…`: the list a figure is counted over — the orders created in the period, of the row's
 * group (`noProgram=yes` for the orders of no program); `resolved` narrows it to the resolved and
 * closed ones.
 */
export function workOrdersLink(from: string, to: string, groupBy: Group, group: string | null, resolved = false): string {
  const params = new URLSearchParams({ from, to });
  if (group !== null) {
    if (groupBy === 'program' && group === '') params.set('noProgram', 'yes');
    else params.set(groupBy, group);
  }
  if (resolved) params.set('status', 'resolved,closed');
  return `/work-orders?${params.toString().replaceAll('%2C', ',')}`;
}

/** The figures of GET /reports/work-orders: a chart of created and resolved per group, and every figure in a table, each a link to its list. */
export default function WorkOrderFiguresPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { get, set } = useUrlState();
  const { from, to } = useDateRange(30);
  const groupBy: Group = (GROUPS as readonly string[]).includes(get('groupBy') ?? '') ? (get('groupBy') as Group) : 'type';
  const { data, error, loading } = useApi<TWorkOrderFigures>('/reports/work-orders', { from, to, groupBy });
  const groupName = (g: string) =>
    groupBy === 'type' ? label('woType', g) : groupBy === 'channel' ? label('woChannel', g) : groupBy === 'program' && g === '' ? t('wo.figures.noProgram') : g;
  const rows = useMemo(() => (data ? [...data.rows.map((r) => ({ ...r, key: r.group, total: false })), { ...data.total, key: '__total', total: true }] : []), [data]);

  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('wo.figures.created'), t('wo.figures.resolved')] },
      grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: (data?.rows ?? []).map((r) => groupName(r.group)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('wo.figures.created'), type: 'bar', data: (data?.rows ?? []).map((r) => r.created) },
        { name: t('wo.figures.resolved'), type: 'bar', data: (data?.rows ?? []).map((r) => r.resolved) },
      ],
    }),
    // groupName follows t and groupBy.
    [data, t, groupBy],
  );

  const cell = (row: TWorkOrderFigureRow & { total: boolean }, text: string, resolved = false) => {
    const link = workOrdersLink(from, to, groupBy, row.total ? null : row.group, resolved);
    return link ? <Link to={link}>{text}</Link> : text;
  };

  return (
    <div className="songda-page">
      <PageHeader title={t('wo.figures.title')} subtitle={t('wo.figures.subtitle')} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('rate.period')} htmlFor="wo-range">
            <DateRangeField id="wo-range" value={{ from, to }} />
          </Form.Item>
          <Form.Item label={t('wo.figures.groupBy')}>
            <Segmented aria-label={t('wo.figures.groupBy')} value={groupBy} onChange={(v) => set({ groupBy: v })} options={GROUPS.map((g) => ({ value: g, label: t(`wo.figures.by.${g}`) }))} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('wo.figures.loadFailed')} />
        <Chart
          option={option}
          height={280}
          label={t('wo.figures.chart')}
          onClick={(p) => {
            const row = data?.rows[p.dataIndex];
            const link = row && workOrdersLink(from, to, groupBy, row.group, p.seriesIndex === 1);
            if (link) navigate(link);
          }}
        />
        <Table
          size="small"
          loading={loading}
          pagination={false}
          dataSource={rows}
          scroll={{ x: true }}
          columns={[
            { title: t('wo.figures.group'), key: 'group', render: (_, r) => (r.total ? <strong>{t('wo.figures.total')}</strong> : groupName(r.group)) },
            { title: t('wo.figures.created'), key: 'created', align: 'right', render: (_, r) => cell(r, count(r.created)) },
            { title: t('wo.figures.resolved'), key: 'resolved', align: 'right', render: (_, r) => cell(r, count(r.resolved), true) },
            { title: t('wo.figures.resolutionRate'), key: 'rr', align: 'right', render: (_, r) => cell(r, percent(r.resolutionRate)) },
            { title: t('wo.figures.firstResponseOnTime'), key: 'fr', align: 'right', render: (_, r) => cell(r, percent(r.firstResponseOnTime)) },
            { title: t('wo.figures.resolutionOnTime'), key: 'ro', align: 'right', render: (_, r) => cell(r, percent(r.resolutionOnTime), true) },
            { title: t('wo.figures.medianHoursToResolve'), key: 'mh', align: 'right', render: (_, r) => cell(r, hours(r.medianHoursToResolve), true) },
            { title: t('wo.figures.reopenRate'), key: 'reopen', align: 'right', render: (_, r) => cell(r, percent(r.reopenRate)) },
            { title: t('wo.figures.meanSatisfaction'), key: 'sat', align: 'right', render: (_, r) => cell(r, r.meanSatisfaction === null ? '–' : r.meanSatisfaction.toFixed(2)) },
            { title: t('wo.figures.complaintsPer10kItems'), key: 'c10k', align: 'right', render: (_, r) => cell(r, r.complaintsPer10kItems === null ? '–' : r.complaintsPer10kItems.toFixed(1)) },
          ]}
        />
      </Card>
    </div>
  );
}
