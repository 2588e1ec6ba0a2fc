import { Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { type TProblemItem, type TWeeklyReport, WORK_ORDER_TYPES, type WorkOrderType } from '../../api/types';
import { mono } from '../../components/mono';
import { UnitLink } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { count, localTime, percent } from '../../lib/format';
import { useChangeText } from './weekly-figures';

type City = TWeeklyReport['byCity'][number];
type Unit = TWeeklyReport['byUnit'][number];
type WorstUnit = TWeeklyReport['figures']['worstUnits'][number];
type ProblemKind = TProblemItem['problem'];

const PROBLEM_COLORS: Record<ProblemKind, string> = { overdue: 'orange', returned: 'purple', breakpoint: 'red' };
const PROBLEM_KINDS = Object.keys(PROBLEM_COLORS) as ProblemKind[];

/** The five units with most break-points open at the end of the week. */
export function WorstUnitsTable({ units }: { units: WorstUnit[] }) {
  const { t } = useI18n();
  return (
    <Table<WorstUnit>
      size="small"
      bordered
      pagination={false}
      rowKey="unit"
      dataSource={units}
      locale={{ emptyText: t('weekly.none') }}
      columns={[
        { title: t('weekly.unit.name'), key: 'unit', render: (_, u) => <UnitLink code={u.unit} name={u.name} /> },
        { title: t('weekly.unit.open'), key: 'open', width: 110, align: 'right', render: (_, u) => count(u.open) },
      ]}
    />
  );
}

/** Work orders opened in the week by type, beside last week's. */
export function WorkOrdersTable({ report }: { report: TWeeklyReport }) {
  const { t, label } = useI18n();
  const changeText = useChangeText();
  return (
    <Table<{ type: WorkOrderType }>
      size="small"
      bordered
      pagination={false}
      rowKey="type"
      dataSource={WORK_ORDER_TYPES.map((type) => ({ type }))}
      onRow={(r) => ({ 'data-type': r.type }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('weekly.wo.type'), key: 'type', render: (_, r) => label('woType', r.type) },
        { title: t('weekly.fig.thisWeek'), key: 'thisWeek', width: 80, align: 'right', render: (_, r) => count(report.figures.workOrders[r.type]) },
        { title: t('weekly.fig.lastWeek'), key: 'lastWeek', width: 80, align: 'right', render: (_, r) => count(report.previous.workOrders[r.type]) },
        {
          title: t('weekly.fig.change'),
          key: 'change',
          width: 80,
          align: 'right',
          render: (_, r) => changeText('count', report.figures.workOrders[r.type] - report.previous.workOrders[r.type]),
        },
      ]}
    />
  );
}

/** The week's items by the city of their delivery office. */
export function ByCityTable({ cities }: { cities: City[] }) {
  const { t } = useI18n();
  return (
    <Table<City>
      size="small"
      bordered
      pagination={false}
      rowKey="code"
      dataSource={cities}
      scroll={{ x: 960 }}
      locale={{ emptyText: t('weekly.none') }}
      columns={[
        { title: t('weekly.city.name'), key: 'name', fixed: 'left', width: 150, render: (_, c) => <span title={c.code}>{c.name}</span> },
        { title: t('weekly.figure.mailed'), key: 'mailed', align: 'right', render: (_, c) => count(c.mailed) },
        { title: t('weekly.figure.delivered'), key: 'delivered', align: 'right', render: (_, c) => count(c.delivered) },
        { title: t('weekly.figure.deliveryRate'), key: 'deliveryRate', align: 'right', render: (_, c) => percent(c.deliveryRate, 2) },
        { title: t('weekly.returns'), key: 'returns', align: 'right', render: (_, c) => count(c.returns) },
        { title: t('weekly.overdue'), key: 'overdue', align: 'right', render: (_, c) => count(c.overdue) },
        { title: t('weekly.figure.breakpointItems'), key: 'breakpointItems', align: 'right', render: (_, c) => count(c.breakpointItems) },
        { title: t('weekly.figure.itemsWithBreakpoint'), key: 'itemsWithBreakpoint', align: 'right', render: (_, c) => count(c.itemsWithBreakpoint) },
        { title: t('weekly.figure.breakpointRate'), key: 'breakpointRate', align: 'right', render: (_, c) => percent(c.breakpointRate, 2) },
      ]}
    />
  );
}

/** The week's items by the unit that delivers them; the city by name where the report has it. */
export function ByUnitTable({ units, cities }: { units: Unit[]; cities: City[] }) {
  const { t } = useI18n();
  const cityName = useMemo(() => new Map(cities.map((c) => [c.code, c.name])), [cities]);
  return (
    <Table<Unit>
      size="small"
      bordered
      rowKey="code"
      dataSource={units}
      pagination={units.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
      scroll={{ x: 960 }}
      locale={{ emptyText: t('weekly.none') }}
      columns={[
        { title: t('weekly.unit.name'), key: 'name', fixed: 'left', width: 200, render: (_, u) => <UnitLink code={u.code} name={u.name} /> },
        { title: t('weekly.unit.city'), key: 'city', width: 110, render: (_, u) => cityName.get(u.city) ?? mono(u.city) },
        { title: t('weekly.figure.mailed'), key: 'mailed', align: 'right', render: (_, u) => count(u.mailed) },
        { title: t('weekly.figure.delivered'), key: 'delivered', align: 'right', render: (_, u) => count(u.delivered) },
        { title: t('weekly.figure.deliveryRate'), key: 'deliveryRate', align: 'right', render: (_, u) => percent(u.deliveryRate, 2) },
        { title: t('weekly.returns'), key: 'returns', align: 'right', render: (_, u) => count(u.returns) },
        { title: t('weekly.overdue'), key: 'overdue', align: 'right', render: (_, u) => count(u.overdue) },
        { title: t('weekly.unit.open'), key: 'openBreakpoints', align: 'right', render: (_, u) => count(u.openBreakpoints) },
      ]}
    />
  );
}

/** The report's problem items (at most 2,000 of `total`), filtered by kind here, each linking to its item page. */
export function ProblemItemsTable({ items, total }: { items: TProblemItem[]; total: number }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<ProblemKind>();
  const shown = useMemo(() => (kind ? items.filter((i) => i.problem === kind) : items), [items, kind]);
  return (
    <>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" data-testid="weekly-problems-count">
          {items.length < total ? t('weekly.page.problemsShown', { total: count(total), shown: count(items.length) }) : t('weekly.page.problemsAll', { total: count(total) })}
        </Typography.Text>
        <Select<ProblemKind>
          size="small"
          allowClear
          aria-label={t('weekly.problem.kind')}
          placeholder={t('filter.any')}
          value={kind}
          onChange={setKind}
          style={{ minWidth: 140 }}
          options={PROBLEM_KINDS.map((k) => ({ value: k, label: t(`weekly.problem.${k}`) }))}
        />
      </Space>
      <Table<TProblemItem>
        size="small"
        bordered
        rowKey={(i) => `${i.problem}\u0000${i.trackingNo}`}
        dataSource={shown}
        pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('weekly.none') }}
        columns={[
          { title: t('weekly.problem.trackingNo'), key: 'trackingNo', width: 150, render: (_, i) => <Link to={`/items/${encodeURIComponent(i.trackingNo)}`}>{mono(i.trackingNo)}</Link> },
          { title: t('weekly.problem.kind'), key: 'problem', width: 110, render: (_, i) => <Tag color={PROBLEM_COLORS[i.problem]}>{t(`weekly.problem.${i.problem}`)}</Tag> },
          { title: t('weekly.problem.since'), key: 'since', width: 160, render: (_, i) => localTime(i.since) },
          { title: t('weekly.problem.program'), key: 'program', width: 110, render: (_, i) => mono(i.programCode) },
          { title: t('weekly.problem.office'), key: 'office', width: 180, render: (_, i) => (i.deliveryOffice ? <UnitLink code={i.deliveryOffice} /> : '–') },
          { title: t('weekly.problem.detail'), key: 'detail', render: (_, i) => i.detail ?? '' },
        ]}
      />
    </>
  );
}
