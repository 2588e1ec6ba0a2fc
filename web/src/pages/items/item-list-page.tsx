import { Card, Checkbox, Form, Select, Space, Tag } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { BREAKPOINT_TYPES, ITEM_STATUSES, type ItemListPage, type ItemListRow } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { DayPairField, OptionalRangeField } from '../../components/date-range';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { TrackingSearch } from '../../components/tracking-search';
import { UnitLink, UnitSelect, useUnits } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { buildDivisionTree, citiesOf } from '../../lib/division-tree';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { StatusTag } from './status-tag';

const FILTERS = ['status', 'acceptedOn', 'deliveredOn', 'unit', 'city', 'province', 'from', 'to', 'breakpoint', 'breakpointType', 'program', 'requestedOn', 'suspect'] as const;
/** Filters the figures of reports link with, shown as tags (they have no field of their own). */
const TAGGED = ['province', 'program', 'requestedOn', 'suspect'] as const;

/** `2026-11-20` or `2026-11-14..2026-11-20`, as the item list takes days. */
function DaysField({ id, name }: { id: string; name: 'acceptedOn' | 'deliveredOn' }) {
  const { get, set } = useUrlState();
  const [from, to = from] = (get(name) ?? '').split('..').filter(Boolean);
  return (
    <DayPairField
      id={id}
      from={from}
      to={to}
      onChange={(a, b) => {
        const first = a ?? b;
        const last = b ?? a;
        set({ [name]: !first || !last ? null : first === last ? first : `${first}..${last}` });
      }}
    />
  );
}

/** Item search by tracking number, and the item lists the overview's figures link to. */
export default function ItemListPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { get, getList, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const { units } = useUnits();
  const cities = useMemo(() => citiesOf(buildDivisionTree(units), t('units.placeholderCity')), [units, t]);
  const filters = Object.fromEntries(FILTERS.map((k) => [k, get(k)])) as Record<(typeof FILTERS)[number], string | undefined>;
  const statuses = getList('status');
  const filtered = Object.values(filters).some(Boolean);
  // Without a filter the list would be every item ever: wait for one.
  const { data, error, loading } = useApi<ItemListPage>(filtered ? '/items' : null, { ...filters, cursor, limit });
  const path = (no: string) => `/items/${encodeURIComponent(no)}`;

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
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              value={statuses}
              onChange={(v: string[]) => set({ status: v })}
              placeholder={t('filter.any')}
              style={{ minWidth: 160 }}
              maxTagCount="responsive"
              options={ITEM_STATUSES.map((s) => ({ value: s, label: label('scan', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('items.acceptedOn')} htmlFor="items-accepted-on">
            <DaysField id="items-accepted-on" name="acceptedOn" />
          </Form.Item>
          <Form.Item label={t('items.deliveredOn')} htmlFor="items-delivered-on">
            <DaysField id="items-delivered-on" name="deliveredOn" />
          </Form.Item>
          <Form.Item label={t('items.lastScanOn')} htmlFor="items-range">
            <OptionalRangeField id="items-range" />
          </Form.Item>
          <Form.Item label={t('col.city')} htmlFor="items-city">
            <Select
              id="items-city"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filters.city}
              onChange={(v?: string) => set({ city: v })}
              placeholder={t('filter.any')}
              style={{ width: 140 }}
              options={cities.map((c) => ({ value: c.code, label: c.name }))}
            />
          </Form.Item>
          <Form.Item label={t('col.unit')} htmlFor="items-unit">
            <UnitSelect id="items-unit" value={filters.unit} onChange={(unit) => set({ unit })} />
          </Form.Item>
          <Form.Item>
            <Checkbox checked={filters.breakpoint === 'open'} onChange={(e) => set({ breakpoint: e.target.checked ? 'open' : null, breakpointType: null })}>
              {t('items.withOpenBreakpoint')}
            </Checkbox>
          </Form.Item>
          {filters.breakpoint === 'open' && (
            <Form.Item label={t('items.filter.breakpointType')} htmlFor="items-bp-type">
              <Select
                id="items-bp-type"
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={getList('breakpointType')}
                onChange={(v: string[]) => set({ breakpointType: v })}
                placeholder={t('filter.any')}
                style={{ minWidth: 200, maxWidth: 420 }}
                maxTagCount="responsive"
                options={BREAKPOINT_TYPES.map((type) => ({ value: type, label: label('bpType', type) }))}
              />
            </Form.Item>
          )}
          {(filters.breakpoint === 'filledLate' || TAGGED.some((k) => filters[k])) && (
            <Form.Item label={t('items.activeFilters')}>
              <Space size={4} wrap>
                {filters.breakpoint === 'filledLate' && (
                  <Tag closable onClose={() => set({ breakpoint: null })}>
                    {t('items.filter.filledLate')}
                  </Tag>
                )}
                {TAGGED.filter((k) => filters[k]).map((k) => (
                  <Tag key={k} closable onClose={() => set({ [k]: null })}>
                    {k === 'suspect' ? t('items.filter.suspect') : `${t(`items.filter.${k}`)}: ${filters[k]}`}
                  </Tag>
                ))}
              </Space>
            </Form.Item>
          )}
        </Form>
        {!filtered && <p className="songda-hint">{t('items.pickFilter')}</p>}
        <ApiErrorAlert error={error} title={t('items.loadFailed')} />
        {filtered && (
          <>
            <NavTable<ItemListRow>
              rowKey="trackingNo"
              loading={loading}
              dataSource={data?.rows ?? []}
              onOpen={(r) => navigate(path(r.trackingNo))}
              rowLabel={(r) => `${r.trackingNo} ${label('scan', r.status)}`}
              scroll={{ x: 1040 }}
              locale={{ emptyText: t('items.none') }}
              columns={[
                {
                  title: t('item.trackingNo'),
                  dataIndex: 'trackingNo',
                  width: 150,
                  render: (no: string) => (
                    <Link to={path(no)} className="songda-mono" tabIndex={-1}>
                      {no}
                    </Link>
                  ),
                },
                { title: t('col.status'), dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
                {
                  title: t('item.origin'),
                  dataIndex: 'originUnit',
                  width: 170,
                  ellipsis: true,
                  render: (code: string | null) => (code ? <UnitLink code={code} /> : '–'),
                },
                { title: t('item.destination'), key: 'destination', width: 200, ellipsis: true, render: (_: unknown, r) => r.destination?.divisionName ?? r.destination?.divisionCode ?? '–' },
                { title: t('items.acceptedAt'), dataIndex: 'acceptedAt', width: 150, render: (iso: string | null) => <span className="songda-mono">{localTime(iso).slice(0, 16) || '–'}</span> },
                {
                  title: t('item.lastEvent'),
                  key: 'lastEvent',
                  ellipsis: true,
                  render: (_: unknown, r) =>
                    r.lastEvent ? (
                      <span>
                        <Tag>{label('scan', r.lastEvent.code)}</Tag>
                        {r.lastEvent.siteName ?? r.lastEvent.site} · <span className="songda-mono">{localTime(r.lastEvent.at).slice(5, 16)}</span>
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
