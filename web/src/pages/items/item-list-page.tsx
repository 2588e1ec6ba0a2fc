import { Card, DatePicker, Form, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { type ItemPage, type ItemSummary, SCAN_CODES } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { DateRangeField } from '../../components/date-range';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { TrackingSearch } from '../../components/tracking-search';
import { UnitLink, UnitSelect } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { StatusTag } from './status-tag';

const ITEM_STATUSES = ['CREATED', ...SCAN_CODES];

/** Item search by tracking number, and the item lists the overview's figures link to. */
export default function ItemListPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const filters = {
    status: get('status'),
    acceptedOn: get('acceptedOn'),
    deliveredOn: get('deliveredOn'),
    unit: get('unit'),
    from: get('from'),
    to: get('to'),
  };
  const filtered = Object.values(filters).some(Boolean);
  // Without a filter the list would be every item ever: wait for one.
  const { data, error, loading } = useApi<ItemPage>(filtered ? '/items' : null, { ...filters, cursor, limit });
  const open = (row: ItemSummary) => navigate(`/items/${encodeURIComponent(row.trackingNo)}`);
  const day = (text: string | undefined) => (text ? dayjs(text) : null);

  return (
    <div className="songda-page">
      <PageHeader title={t('items.title')} subtitle={t('items.subtitle')} />
      <Card size="small" className="songda-card">
        <TrackingSearch autoFocus={!filtered} />
      </Card>
      <Card size="small" className="songda-card" title={t('items.listTitle')}>
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('col.status')} htmlFor="items-status">
            <Select
              id="items-status"
              allowClear
              value={filters.status}
              onChange={(v?: string) => set({ status: v })}
              placeholder={t('filter.any')}
              style={{ width: 140 }}
              options={ITEM_STATUSES.map((s) => ({ value: s, label: label('scan', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('items.acceptedOn')} htmlFor="items-accepted-on">
            <DatePicker id="items-accepted-on" value={day(filters.acceptedOn)} onChange={(d) => set({ acceptedOn: d ? d.format('YYYY-MM-DD') : null })} />
          </Form.Item>
          <Form.Item label={t('items.deliveredOn')} htmlFor="items-delivered-on">
            <DatePicker id="items-delivered-on" value={day(filters.deliveredOn)} onChange={(d) => set({ deliveredOn: d ? d.format('YYYY-MM-DD') : null })} />
          </Form.Item>
          <Form.Item label={t('filter.dateRange')} htmlFor="items-range">
            <DateRangeField id="items-range" allowClear value={filters.from && filters.to ? { from: filters.from, to: filters.to } : undefined} />
          </Form.Item>
          <Form.Item label={t('col.unit')} htmlFor="items-unit">
            <UnitSelect id="items-unit" value={filters.unit} onChange={(unit) => set({ unit })} />
          </Form.Item>
        </Form>
        {!filtered && <p className="songda-hint">{t('items.pickFilter')}</p>}
        <ApiErrorAlert error={error} title={t('items.loadFailed')} />
        {filtered && (
          <>
            <NavTable<ItemSummary>
              rowKey="trackingNo"
              loading={loading}
              dataSource={data?.rows ?? []}
              onOpen={open}
              rowLabel={(r) => `${r.trackingNo} ${label('scan', r.status)}`}
              scroll={{ x: 900 }}
              columns={[
                {
                  title: t('item.trackingNo'),
                  dataIndex: 'trackingNo',
                  width: 150,
                  render: (no: string) => (
                    <Link to={`/items/${encodeURIComponent(no)}`} className="songda-mono" tabIndex={-1}>
                      {no}
                    </Link>
                  ),
                },
                { title: t('col.status'), dataIndex: 'status', width: 110, render: (s: string) => <StatusTag status={s} /> },
                {
                  title: t('item.origin'),
                  dataIndex: 'originUnit',
                  width: 180,
                  ellipsis: true,
                  render: (code: string | null | undefined, r) => (code ? <UnitLink code={code} name={r.originUnitName} /> : '–'),
                },
                {
                  title: t('item.destination'),
                  key: 'destination',
                  ellipsis: true,
                  render: (_: unknown, r) => r.destination?.divisionName ?? r.destination?.divisionCode ?? '–',
                },
                {
                  title: t('item.lastEvent'),
                  key: 'lastEvent',
                  ellipsis: true,
                  render: (_: unknown, r) =>
                    r.lastEvent ? (
                      <span>
                        <Tag>{label('scan', r.lastEvent.code)}</Tag>
                        {r.lastEvent.siteName ?? r.lastEvent.site} · {localTime(r.lastEvent.at)}
                      </span>
                    ) : (
                      '–'
                    ),
                },
              ]}
            />
            <KeysetPager nextCursor={data?.nextCursor} rowCount={data?.rows.length ?? 0} loading={loading} />
          </>
        )}
      </Card>
    </div>
  );
}
