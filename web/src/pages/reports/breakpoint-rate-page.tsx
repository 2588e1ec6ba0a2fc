import { Card, Descriptions, Form, Grid, Segmented, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { TBreakpointRateReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { useUnits } from '../../components/units';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { FILLED_LATE, OFFENDING, itemsLink } from '../../lib/figure-links';
import { count, percent } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';
import { ExportLinks } from '../breakpoints/export-links';

type Grouping = 'province' | 'city' | 'unit';
type Row = TBreakpointRateReport['rows'][number];
const GROUPINGS: Grouping[] = ['province', 'city', 'unit'];

/**
 * The break-point rate (DESIGN §5) by province, city or unit, each row leading one level down:
 * province → its cities → their units → the units' break-points.
 */
export default function BreakpointRatePage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { get, set } = useUrlState();
  const { from, to } = useDateRange(7);
  const groupBy: Grouping = (GROUPINGS as string[]).includes(get('groupBy') ?? '') ? (get('groupBy') as Grouping) : 'city';
  const city = groupBy === 'unit' ? get('city') : undefined;
  const province = groupBy === 'city' ? get('province') : undefined;
  const { data, error, loading } = useApi<TBreakpointRateReport>('/reports/breakpoint-rate', { from, to, groupBy });
  // Drilled into a city or a province, the summary is that group's own row, not the whole total.
  const scopeGrouping = city ? 'city' : province ? 'province' : undefined;
  const scoped = useApi<TBreakpointRateReport>(scopeGrouping ? '/reports/breakpoint-rate' : null, { from, to, groupBy: scopeGrouping, group: city ?? province });
  const { byCode } = useUnits();
  // On a phone (below md) the code and kind stand under the name and 逾期补录 is left to the summary, so the figures fit without a sideways scroll.
  const phone = Grid.useBreakpoint().md === false;

  // The report has no city filter for unit rows: the unit list says which city each unit is in.
  const rows = (data?.rows ?? []).filter((r) => {
    if (city) return byCode.get(r.group)?.cityCode === city;
    if (province) return r.group.slice(0, 2) === province.slice(0, 2);
    return true;
  });
  const range = `from=${from}&to=${to}`;
  // Every figure opens the items it counts, in the same period: a row's group, or the drilled-into scope.
  const rowScope = (r: Row) => ({ from, to, [groupBy]: r.group });
  const scope = { from, to, city, province };
  const drillDown = (r: Row) => {
    if (groupBy === 'province') return `/reports/breakpoint-rate?groupBy=city&province=${r.group}&${range}`;
    if (groupBy === 'city') return `/reports/breakpoint-rate?groupBy=unit&city=${r.group}&${range}`;
    return itemsLink(rowScope(r), OFFENDING);
  };
  const scopeName = city ? (data?.rows.length ? cityName(city, byCode) : city) : province;
  const summary = scopeGrouping ? scoped.data?.rows[0] : data?.total;
  const figureLink = (to: string, n: number) => (
    <Link to={to} tabIndex={-1} onClick={(e) => e.stopPropagation()}>
      {count(n)}
    </Link>
  );

  return (
    <div className="songda-page">
      <PageHeader
        title={t('rate.title')}
        subtitle={t('rate.subtitle')}
        extra={<ExportLinks from={from} to={to} groupBy={city ? 'city' : province ? 'province' : undefined} group={city ?? province} />}
      />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('rate.period')} htmlFor="rate-range">
            <DateRangeField id="rate-range" value={{ from, to }} />
          </Form.Item>
          <Form.Item label={t('rate.groupBy')}>
            <Segmented
              aria-label={t('rate.groupBy')}
              value={groupBy}
              onChange={(v) => set({ groupBy: v, city: null, province: null })}
              options={GROUPINGS.map((g) => ({ value: g, label: t(`rate.by.${g}`) }))}
            />
          </Form.Item>
          {scopeName && (
            <Form.Item label={t('rate.scope')}>
              <Tag closable onClose={() => set({ city: null, province: null })}>
                {scopeName}
              </Tag>
            </Form.Item>
          )}
        </Form>
        <ApiErrorAlert error={error ?? scoped.error} title={t('rate.loadFailed')} />
        {data && (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2, md: 4 }}
            className="songda-rate-total"
            title={<span className="songda-rate-scope">{scopeName ? t('rate.summaryOf', { scope: scopeName }) : t('rate.total')}</span>}
          >
            <Descriptions.Item label={t('rate.items')}>{summary ? figureLink(itemsLink(scope), summary.items) : '–'}</Descriptions.Item>
            <Descriptions.Item label={t('col.withBreakpoint')}>{summary ? figureLink(itemsLink(scope, OFFENDING), summary.itemsWithBreakpoint) : '–'}</Descriptions.Item>
            <Descriptions.Item label={t('rate.filledLate')}>{summary ? figureLink(itemsLink(scope, FILLED_LATE), summary.filledLate) : '–'}</Descriptions.Item>
            <Descriptions.Item label={t('col.rate')}>
              <strong>{summary ? percent(summary.rate, 4) : '–'}</strong>
            </Descriptions.Item>
          </Descriptions>
        )}
        <NavTable<Row>
          rowKey="group"
          loading={loading}
          dataSource={rows}
          scroll={phone ? undefined : { x: 760 }}
          onOpen={(r) => navigate(drillDown(r))}
          rowLabel={(r) => `${r.groupName ?? r.group} ${percent(r.rate, 4)}`}
          columns={[
            {
              title: t(`rate.by.${groupBy}`),
              dataIndex: 'groupName',
              width: phone ? undefined : 180,
              ellipsis: !phone,
              render: (name: string | null, r) => {
                const link = (
                  <Link to={drillDown(r)} tabIndex={-1}>
                    {groupBy === 'unit' ? (byCode.get(r.group)?.name ?? name ?? r.group) : (name ?? r.group)}
                  </Link>
                );
                if (!phone) return link;
                const kind = groupBy === 'unit' ? label('unitKind', byCode.get(r.group)?.kind ?? '') : '';
                return (
                  <div className="songda-rate-group">
                    {link}
                    <Typography.Text type="secondary" className="songda-rate-code">
                      {mono(r.group)}
                      {kind && ` · ${kind}`}
                    </Typography.Text>
                  </div>
                );
              },
            },
            ...(phone
              ? []
              : [
                  { title: t('units.code'), dataIndex: 'group', width: 110, render: mono },
                  ...(groupBy === 'unit'
                    ? [{ title: t('units.kind'), key: 'kind', width: 100, render: (_: unknown, r: Row) => label('unitKind', byCode.get(r.group)?.kind ?? '') }]
                    : []),
                ]),
            {
              title: t('rate.items'),
              dataIndex: 'items',
              width: phone ? 64 : 110,
              align: 'right' as const,
              sorter: (a: Row, b: Row) => a.items - b.items,
              render: (n: number, r: Row) => figureLink(itemsLink(rowScope(r)), n),
            },
            {
              title: t('col.withBreakpoint'),
              dataIndex: 'itemsWithBreakpoint',
              width: phone ? 64 : 110,
              align: 'right' as const,
              sorter: (a: Row, b: Row) => a.itemsWithBreakpoint - b.itemsWithBreakpoint,
              render: (n: number, r: Row) => figureLink(itemsLink(rowScope(r), OFFENDING), n),
            },
            ...(phone
              ? []
              : [
                  {
                    title: t('rate.filledLate'),
                    dataIndex: 'filledLate',
                    width: 100,
                    align: 'right' as const,
                    render: (n: number, r: Row) => figureLink(itemsLink(rowScope(r), FILLED_LATE), n),
                  },
                ]),
            {
              title: t('col.rate'),
              dataIndex: 'rate',
              width: phone ? 84 : 110,
              align: 'right' as const,
              defaultSortOrder: 'descend' as const,
              sorter: (a: Row, b: Row) => a.rate - b.rate,
              render: (rate: number) => percent(rate, 4),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function cityName(code: string, byCode: ReadonlyMap<string, { cityCode: string | null; divisionCode: string; divisionName: string | null }>): string {
  for (const u of byCode.values()) if (u.divisionCode === code && u.divisionName) return u.divisionName;
  return code;
}
