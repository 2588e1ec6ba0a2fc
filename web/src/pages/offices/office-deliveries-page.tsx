import { Card, Col, DatePicker, Empty, Form, Row, Skeleton, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { TOfficeDeliveries } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { Chart } from '../../components/chart';
import { PageHeader } from '../../components/page-header';
import { UnitSelect } from '../../components/units';
import { type Translate, useI18n } from '../../i18n/i18n';
import type { EChartsCoreOption } from '../../lib/echarts';
import { count, localDay, localTime } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';

const itemLink = (no: string) => (
  <Link to={`/items/${encodeURIComponent(no)}`} className="songda-mono">
    {no}
  </Link>
);

/** The item's link, and the day its recipient asked for when there is one. */
const itemWithWish = (t: Translate) => (no: string, row: { wishedDate?: string }) => (
  <>
    {itemLink(no)}
    {row.wishedDate && (
      <Tag color="blue" className="songda-nowrap">
        {t('address.round.wished', { date: row.wishedDate })}
      </Tag>
    )}
  </>
);

function reasonBarOption(rows: TOfficeDeliveries['failuresByReason'], t: Translate): EChartsCoreOption {
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label) },
    series: [{ type: 'bar', name: t('office.failed'), data: rows.map((r) => r.count), itemStyle: { color: '#d4380d' }, barMaxWidth: 22, label: { show: true, position: 'right' } }],
  };
}

/** A delivery office's day: attempts and failures by reason, what it holds for pickup, what is due to go back. */
export default function OfficeDeliveriesPage() {
  const { t } = useI18n();
  const { get, set } = useUrlState();
  const office = get('office');
  const date = get('date') ?? localDay();
  const { data, error, loading } = useApi<TOfficeDeliveries>(office ? `/offices/${encodeURIComponent(office)}/deliveries` : null, { date });
  const chart = useMemo(() => (data ? reasonBarOption(data.failuresByReason, t) : null), [data, t]);

  return (
    <div className="songda-page">
      <PageHeader title={t('office.title')} subtitle={t('office.subtitle')} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('office.office')} htmlFor="office-code">
            <UnitSelect id="office-code" kind="delivery_office" value={office} onChange={(v) => set({ office: v })} placeholder={t('office.pickOffice')} style={{ width: 280 }} />
          </Form.Item>
          <Form.Item label={t('office.date')} htmlFor="office-date">
            <DatePicker id="office-date" allowClear={false} value={dayjs(date)} onChange={(d) => set({ date: d ? d.format('YYYY-MM-DD') : null })} />
          </Form.Item>
        </Form>
      </Card>
      {!office && <Empty description={t('office.pickOffice')} />}
      <ApiErrorAlert error={error} title={t('office.loadFailed')} />
      {office && loading && !data && <Skeleton active />}
      {data && (
        <>
          <Row gutter={[12, 12]} className="songda-office-figures">
            {[
              ['office.attempts', data.attempts.total],
              ['office.delivered', data.attempts.delivered],
              ['office.failed', data.attempts.failed],
              ['office.heldCount', data.held.length],
              ['office.returnsDueCount', data.returnsDue.length],
            ].map(([key, value]) => (
              <Col key={key as string} xs={12} md={8} xl={4}>
                <Card size="small" className="songda-figure">
                  <Statistic title={t(key as 'office.attempts')} value={count(value as number)} />
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card size="small" className="songda-card" title={t('office.failuresByReason')}>
                {data.failuresByReason.length === 0 || !chart ? (
                  <Empty description={t('office.noFailures')} />
                ) : (
                  <>
                    <Chart option={chart} height={Math.max(160, 36 * data.failuresByReason.length + 40)} label={t('office.failuresChart', { date: data.date })} />
                    <ul className="songda-sr-only">
                      {data.failuresByReason.map((r) => (
                        <li key={r.reason ?? '-'}>
                          {r.label}: {r.count}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" className="songda-card" title={t('office.attemptList')}>
                <Table
                  size="small"
                  rowKey={(r) => `${r.trackingNo}${r.at}`}
                  dataSource={data.attemptList}
                  pagination={data.attemptList.length > 10 ? { pageSize: 10 } : false}
                  columns={[
                    { title: t('office.at'), dataIndex: 'at', render: (at: string) => localTime(at).slice(11, 16) },
                    { title: t('office.trackingNo'), dataIndex: 'trackingNo', render: itemWithWish(t) },
                    {
                      title: t('office.outcome'),
                      dataIndex: 'outcome',
                      render: (o: string, r) => (o === 'delivered' ? <Tag color="green">{t('office.delivered')}</Tag> : <Tag color="red">{r.reasonLabel ?? t('office.failed')}</Tag>),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Card size="small" className="songda-card songda-office-held" title={`${t('office.held')} (${data.held.length})`}>
            <Table
              size="small"
              rowKey="trackingNo"
              dataSource={data.held}
              pagination={false}
              locale={{ emptyText: t('office.noHeld') }}
              columns={[
                { title: t('office.trackingNo'), dataIndex: 'trackingNo', render: itemWithWish(t) },
                {
                  title: t('office.since'),
                  dataIndex: 'since',
                  render: (since: string, r) => (
                    <>
                      {localTime(since).slice(0, 16)} {!r.shelved && <Tag color="orange">{t('office.notShelved')}</Tag>}
                    </>
                  ),
                },
                { title: t('office.attemptsMade'), dataIndex: 'attempts' },
                { title: t('office.lastDay'), dataIndex: 'lastDay' },
                {
                  title: t('office.pickupCode'),
                  dataIndex: 'pickupCode',
                  render: (code: string | null, r) => (
                    <span className="songda-mono songda-pickup-code">
                      {code ?? t('office.noCode')} {r.pickupCodeLocked && <Tag color="red">{t('office.codeLocked')}</Tag>}
                    </span>
                  ),
                },
              ]}
            />
          </Card>
          <Card size="small" className="songda-card songda-office-returns" title={`${t('office.returnsDue')} (${data.returnsDue.length})`}>
            <Table
              size="small"
              rowKey="trackingNo"
              dataSource={data.returnsDue}
              pagination={false}
              locale={{ emptyText: t('office.noReturnsDue') }}
              columns={[
                { title: t('office.trackingNo'), dataIndex: 'trackingNo', render: itemLink },
                { title: t('office.why'), dataIndex: 'whyLabel' },
                { title: t('office.dueSince'), dataIndex: 'since', render: (since: string) => localTime(since).slice(0, 16) },
                { title: t('office.lastDay'), dataIndex: 'lastDay', render: (d: string | null) => d ?? '—' },
                { title: t('office.attemptsMade'), dataIndex: 'attempts' },
              ]}
            />
          </Card>
        </>
      )}
    </div>
  );
}
