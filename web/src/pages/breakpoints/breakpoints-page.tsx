import { Card, Form, Select } from 'antd';
import { BREAKPOINT_STATUSES, BREAKPOINT_TYPES, type TBreakpointPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { OptionalRangeField } from '../../components/date-range';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { PageHeader } from '../../components/page-header';
import { UnitSelect } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { BreakpointTable } from './breakpoint-table';
import { ListExportLinks } from './export-links';

type Status = (typeof BREAKPOINT_STATUSES)[number];

export default function BreakpointsPage() {
  const { t, label } = useI18n();
  const { get, getList, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const status: Status = (BREAKPOINT_STATUSES as readonly string[]).includes(get('status') ?? '') ? (get('status') as Status) : 'open';
  const types = getList('type').filter((v) => (BREAKPOINT_TYPES as readonly string[]).includes(v));
  const unit = get('unit');
  const from = get('from');
  const to = get('to');
  const { data, error, loading } = useApi<TBreakpointPage>('/breakpoints', { status, type: types.join(','), unit, from, to, limit, cursor });

  return (
    <div className="songda-page">
      <PageHeader title={t('bp.title')} subtitle={t('bp.subtitle')} extra={<ListExportLinks status={status} type={types.length > 0 ? types.join(',') : undefined} unit={unit} from={from} to={to} />} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('col.status')} htmlFor="bp-status">
            <Select
              id="bp-status"
              value={status}
              style={{ width: 110 }}
              onChange={(v: Status) => set({ status: v === 'open' ? null : v })}
              options={BREAKPOINT_STATUSES.map((s) => ({ value: s, label: label('bpStatus', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('col.type')} htmlFor="bp-type">
            <Select
              id="bp-type"
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              value={types}
              placeholder={t('filter.any')}
              style={{ minWidth: 220, maxWidth: 460 }}
              maxTagCount="responsive"
              onChange={(v: string[]) => set({ type: v })}
              options={BREAKPOINT_TYPES.map((type) => ({ value: type, label: label('bpType', type) }))}
            />
          </Form.Item>
          <Form.Item label={t('bp.responsible')} htmlFor="bp-unit">
            <UnitSelect id="bp-unit" value={unit} onChange={(v) => set({ unit: v })} />
          </Form.Item>
          <Form.Item label={t('bp.openedOn')} htmlFor="bp-range">
            <OptionalRangeField id="bp-range" />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('bp.loadFailed')} />
        <BreakpointTable rows={data?.rows ?? []} loading={loading} />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={data?.rows.length ?? 0} loading={loading} />
      </Card>
    </div>
  );
}
