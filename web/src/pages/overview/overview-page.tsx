import { Card, Col, Form, Row, Skeleton, Statistic, Table } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Overview } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { Chart } from '../../components/chart';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { OFFENDING, itemsLink } from '../../lib/figure-links';
import { count, localDay, percent } from '../../lib/format';
import { cityBarOption, dailyTrendOption, shortCityName } from './overview-charts';

/** A figure on a card that is also the way to the list behind it. */
function Figure({ title, value, to, note }: { title: string; value: string; to: string; note?: string }) {
  return (
    <Card size="small" className="songda-figure">
      <Statistic title={title} value={value} formatter={() => <Link to={to}>{value}</Link>} />
      {note && <div className="songda-figure-note">{note}</div>}
    </Card>
  );
}

export default function OverviewPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { from, to } = useDateRange(7);
  const { data, error, loading } = useApi<Overview>('/reports/overview', { from, to });
  const today = data?.today.day ?? localDay();
  // Every figure links to the item list that has exactly its items (the server's filters match).
  const days = `${from}..${to}`;
  const scope = `from=${from}&to=${to}`;
  const cityItems = (cityCode: string, offending = false) => itemsLink({ from, to, city: cityCode }, offending ? OFFENDING : {});
  const cityUnits = (cityCode: string) => `/reports/breakpoint-rate?groupBy=unit&city=${cityCode}&${scope}`;
  const dayItems = (day: string) => itemsLink({ from: day, to: day }, OFFENDING);

  const barOption = useMemo(() => (data ? cityBarOption(data.rateByCity, t) : undefined), [data, t]);
  const lineOption = useMemo(() => (data ? dailyTrendOption(data.dailyTrend, t) : undefined), [data, t]);

  return (
    <div className="songda-page">
      <PageHeader
        title={t('overview.title')}
        subtitle={t('overview.subtitle', { from, to })}
        extra={
          <Form layout="inline">
            <Form.Item label={t('filter.dateRange')} htmlFor="overview-range">
              <DateRangeField id="overview-range" value={{ from, to }} />
            </Form.Item>
          </Form>
        }
      />
      <ApiErrorAlert error={error} title={t('overview.loadFailed')} />
      {loading && !data && <Skeleton active paragraph={{ rows: 10 }} />}
      {data && (
        <>
          <Row gutter={[12, 12]} className="songda-figures">
            <Col xs={12} md={8} xl={4}>
              <Figure title={t('overview.todayAccepted')} value={count(data.today.accepted)} to={`/items?acceptedOn=${today}`} note={today} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure title={t('overview.todayDelivered')} value={count(data.today.delivered)} to={`/items?deliveredOn=${today}`} note={today} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure title={t('overview.rangeAccepted')} value={count(data.range.accepted)} to={`/items?acceptedOn=${days}`} note={t('overview.inRange')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure title={t('overview.rangeDelivered')} value={count(data.range.delivered)} to={`/items?deliveredOn=${days}`} note={t('overview.inRange')} />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                title={t('overview.deliveryRate')}
                value={percent(data.range.deliveryRate, 2)}
                to={`/items?acceptedOn=${days}&status=DELIVERED`}
                note={t('overview.deliveryRateNote', { delivered: count(data.range.acceptedDelivered), accepted: count(data.range.accepted) })}
              />
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Figure
                title={t('overview.breakpointRate')}
                value={percent(data.range.breakpointRate)}
                to={itemsLink({ from, to }, OFFENDING)}
                note={t('overview.breakpointRateNote', { with: count(data.range.withBreakpoint), items: count(data.range.items) })}
              />
            </Col>
          </Row>

          <Card size="small" title={t('overview.rateByCity')} className="songda-card">
            <Row gutter={16}>
              <Col xs={24} xl={14}>
                {barOption && (
                  <Chart
                    option={barOption}
                    height={300}
                    label={t('overview.rateByCity')}
                    onClick={({ dataIndex }) => {
                      const city = data.rateByCity[dataIndex];
                      if (city) navigate(cityItems(city.cityCode, true));
                    }}
                  />
                )}
              </Col>
              <Col xs={24} xl={10}>
                <Table
                  size="small"
                  bordered
                  pagination={false}
                  scroll={{ y: 262 }}
                  rowKey="cityCode"
                  dataSource={data.rateByCity}
                  columns={[
                    { title: t('col.city'), dataIndex: 'cityName', render: (name: string | null, r) => <Link to={cityUnits(r.cityCode)}>{shortCityName(name) || r.cityCode}</Link> },
                    { title: t('col.items'), dataIndex: 'items', align: 'right', width: 90, render: (n: number, r) => <Link to={cityItems(r.cityCode)}>{count(n)}</Link> },
                    {
                      title: t('col.withBreakpoint'),
                      dataIndex: 'withBreakpoint',
                      align: 'right',
                      width: 90,
                      render: (n: number, r) => <Link to={cityItems(r.cityCode, true)}>{count(n)}</Link>,
                    },
                    { title: t('col.rate'), dataIndex: 'rate', align: 'right', width: 96, render: (rate: number) => percent(rate, 4) },
                  ]}
                />
              </Col>
            </Row>
          </Card>

          <Row gutter={[12, 12]}>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('overview.dailyTrend')} className="songda-card">
                {lineOption && (
                  <Chart
                    option={lineOption}
                    height={260}
                    label={t('overview.dailyTrend')}
                    onClick={({ dataIndex }) => {
                      const day = data.dailyTrend[dataIndex];
                      if (day) navigate(dayItems(day.day));
                    }}
                  />
                )}
                <ul className="songda-sr-only">
                  {data.dailyTrend.map((d) => (
                    <li key={d.day}>
                      <Link to={dayItems(d.day)}>
                        {d.day}: {count(d.withBreakpoint)} / {count(d.items)} ({percent(d.rate, 4)})
                      </Link>
                    </li>
                  ))}
                </ul>
              </Card>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Card size="small" title={t('overview.openByType')} className="songda-card">
                <Table
                  size="small"
                  pagination={false}
                  rowKey="type"
                  dataSource={data.openBreakpointsByType}
                  locale={{ emptyText: t('overview.noOpen') }}
                  columns={[
                    { title: t('col.type'), dataIndex: 'type', render: (type: string) => label('bpType', type) },
                    {
                      title: t('col.open'),
                      dataIndex: 'count',
                      align: 'right',
                      width: 80,
                      render: (n: number, r) => <Link to={`/breakpoints?status=open&type=${r.type}`}>{count(n)}</Link>,
                    },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} md={12} xl={8}>
              <Card size="small" title={t('overview.topUnits')} className="songda-card">
                <Table
                  size="small"
                  pagination={false}
                  rowKey="unitCode"
                  dataSource={data.topUnits}
                  locale={{ emptyText: t('overview.noOpen') }}
                  columns={[
                    { title: '#', key: 'rank', width: 36, render: (_: unknown, __: unknown, i: number) => i + 1 },
                    {
                      title: t('col.unit'),
                      dataIndex: 'unitName',
                      ellipsis: true,
                      render: (name: string | null, r) => <Link to={`/units/${encodeURIComponent(r.unitCode)}/breakpoints`}>{name ?? r.unitCode}</Link>,
                    },
                    {
                      title: t('col.open'),
                      dataIndex: 'open',
                      align: 'right',
                      width: 80,
                      render: (n: number, r) => <Link to={`/units/${encodeURIComponent(r.unitCode)}/breakpoints`}>{count(n)}</Link>,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
