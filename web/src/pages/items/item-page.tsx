import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Row, Segmented, Skeleton, Space, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { openPdf } from '../../api/client';
import type { TTimeline } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { usePartnerNames } from '../../components/partners';
import { TrackingSearch } from '../../components/tracking-search';
import { UnitLink } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { localTime, normalizeTrackingNo } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';
import { mayView, useSignedInUser } from '../../app/access';
import { DeliveryProof } from './delivery-proof';
import { ItemAddressChanges } from './item-address-changes';
import { NewWorkOrderButton } from '../work-orders/work-order-parts';
import { ItemNotifications } from './item-notifications';
import { ItemTimeline } from './item-timeline';
import { StatusTag } from './status-tag';

export default function ItemPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { trackingNo: raw = '' } = useParams();
  // The proof is the post's: a partner's user is not shown it (the API refuses partners).
  const user = useSignedInUser();
  const trackingNo = normalizeTrackingNo(raw);
  const { get, set } = useUrlState();
  const newestFirst = get('order') === 'desc';
  const { data, error, loading, reload } = useApi<TTimeline>(`/items/${encodeURIComponent(trackingNo)}`);
  const partners = usePartnerNames((data?.consignments.length ?? 0) > 0);
  const { partnerName } = partners;

  const printLabel = () =>
    openPdf('GET', `/items/${encodeURIComponent(trackingNo)}/label.pdf`).catch((err: unknown) => {
      void message.error(`${t('item.labelFailed')}: ${err instanceof Error ? err.message : String(err)}`);
    });

  const openBreakpoints = data?.breakpoints.filter((b) => b.closedAt === null).length ?? 0;

  return (
    <div className="songda-page">
      <PageHeader
        title={
          <Space>
            <span className="songda-mono">{trackingNo}</span>
            {data && <StatusTag status={data.status} />}
            {openBreakpoints > 0 && <Tag color="red">{t('item.openBreakpoints', { n: openBreakpoints })}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <TrackingSearch key={trackingNo} initial={trackingNo} />
            <Button icon={<PrinterOutlined />} onClick={() => void printLabel()} disabled={!data}>
              {t('item.printLabel')}
            </Button>
            {mayView(user, 'staff') && data && <NewWorkOrderButton trackingNo={trackingNo} channel="counter" />}
          </Space>
        }
      />
      <ApiErrorAlert error={error} title={t('item.loadFailed')} />
      <ApiErrorAlert error={partners.error} title={t('programs.partnersFailed')} />
      {loading && !data && <Skeleton active paragraph={{ rows: 8 }} />}
      {data && (
        <>
          <Card size="small" className="songda-card">
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
              <Descriptions.Item label={t('col.status')}>{label('scan', data.status)}</Descriptions.Item>
              <Descriptions.Item label={t('item.origin')}>{data.originUnit ? <UnitLink code={data.originUnit} /> : '–'}</Descriptions.Item>
              <Descriptions.Item label={t('item.destination')}>{data.destination?.divisionName ?? data.destination?.divisionCode ?? '–'}</Descriptions.Item>
              {data.deliveryOffice && (
                <Descriptions.Item label={t('address.deliveryOffice')}>
                  <UnitLink code={data.deliveryOffice.code} />
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('item.weight')}>{data.weightGrams === null ? '–' : `${data.weightGrams} g`}</Descriptions.Item>
              {data.destination?.address && (
                <Descriptions.Item label={t('item.address')} span={2}>
                  {data.destination.address}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('item.lastEvent')} span={2}>
                {data.lastEvent ? `${label('scan', data.lastEvent.code)} · ${data.lastEvent.siteName ?? data.lastEvent.site} · ${localTime(data.lastEvent.at)}` : '–'}
              </Descriptions.Item>
              {data.consignments.map((c) => (
                <Descriptions.Item key={c.trackingNo} label={t('item.consignment')} span={2}>
                  <span className="songda-mono">{c.trackingNo}</span>
                  {' · '}
                  {partnerName(c.fromPartner)} → {c.toUnit ? <UnitLink code={c.toUnit} /> : c.toPartner ? partnerName(c.toPartner) : '–'}
                  {' · '}
                  {c.openedAt ? t('item.consignmentOpened', { at: localTime(c.openedAt), site: c.openedSite ?? '' }) : t('item.consignmentSealed')}
                </Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Row gutter={12}>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                className="songda-card"
                title={t('item.timeline')}
                extra={
                  <Segmented
                    size="small"
                    aria-label={t('item.order')}
                    value={newestFirst ? 'desc' : 'asc'}
                    onChange={(v) => set({ order: v === 'desc' ? 'desc' : null }, { replace: true })}
                    options={[
                      { value: 'asc', label: t('item.oldestFirst') },
                      { value: 'desc', label: t('item.newestFirst') },
                    ]}
                  />
                }
              >
                {data.events.length === 0 ? <Empty description={t('item.noEvents')} /> : <ItemTimeline timeline={data} newestFirst={newestFirst} />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" className="songda-card" title={t('item.breakpoints')}>
                <Table
                  size="small"
                  bordered
                  pagination={false}
                  scroll={{ x: 560 }}
                  rowKey={(b) => `${b.type}-${b.visit}-${b.openedAt}`}
                  dataSource={data.breakpoints}
                  locale={{ emptyText: t('item.noBreakpoints') }}
                  columns={[
                    { title: t('col.type'), dataIndex: 'type', width: 130, render: (type: string) => <span className="songda-nowrap">{label('bpType', type)}</span> },
                    { title: t('bp.responsible'), dataIndex: 'responsibleUnit', ellipsis: true, render: (code: string) => <UnitLink code={code} /> },
                    { title: t('bp.visitShort'), dataIndex: 'visit', width: 48, align: 'right' },
                    { title: t('bp.openedAt'), dataIndex: 'openedAt', width: 170, render: (iso: string) => <span className="songda-nowrap">{localTime(iso)}</span> },
                    {
                      title: t('col.status'),
                      dataIndex: 'closedAt',
                      width: 96,
                      render: (closed: string | null) =>
                        closed ? (
                          <span title={`${t('bp.closedAt')} ${localTime(closed)}`}>
                            <Tag>{t('bp.closed')}</Tag>
                          </span>
                        ) : (
                          <Tag color="red">{t('bp.open')}</Tag>
                        ),
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          {user?.role !== 'partner' && <DeliveryProof trackingNo={trackingNo} />}
          <ItemAddressChanges
            trackingNo={trackingNo}
            canChange={(user?.role === 'operator' || user?.role === 'admin' || user?.role === 'partner') && data.status !== 'DELIVERED' && data.status !== 'RETURNED'}
            onChanged={reload}
          />
          <ItemNotifications trackingNo={trackingNo} />
        </>
      )}
    </div>
  );
}
