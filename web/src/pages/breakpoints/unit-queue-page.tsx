import { Card, Descriptions, Form, Select } from 'antd';
import { useParams } from 'react-router';
import { BREAKPOINT_TYPES, type TBreakpointPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useDateRange } from '../../components/date-range';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { PageHeader } from '../../components/page-header';
import { useUnits } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { BreakpointTable } from './breakpoint-table';
import { ExportLinks } from './export-links';

/** A unit's own queue: the open break-points blamed on it, oldest first. */
export default function UnitQueuePage() {
  const { t, label } = useI18n();
  const { code = '' } = useParams();
  const { byCode } = useUnits();
  const unit = byCode.get(code);
  const { getList, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const types = getList('type').filter((v) => (BREAKPOINT_TYPES as readonly string[]).includes(v));
  const { data, error, loading } = useApi<TBreakpointPage>(`/units/${encodeURIComponent(code)}/breakpoints`, { type: types.join(','), limit, cursor });
  const month = useDateRange(30);

  return (
    <div className="songda-page">
      <PageHeader
        title={t('queue.title', { unit: unit?.name ?? code })}
        subtitle={t('queue.subtitle')}
        extra={<ExportLinks from={month.from} to={month.to} groupBy="unit" group={code} />}
      />
      {unit && (
        <Card size="small" className="songda-card">
          <Descriptions size="small" column={{ xs: 1, md: 4 }}>
            <Descriptions.Item label={t('units.code')}>{unit.code}</Descriptions.Item>
            <Descriptions.Item label={t('units.kind')}>{label('unitKind', unit.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('units.division')}>{unit.divisionName ?? unit.divisionCode}</Descriptions.Item>
            <Descriptions.Item label={t('units.endOfShift')}>{unit.endOfShift ?? t('units.defaultShift')}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('col.type')} htmlFor="queue-type">
            <Select
              id="queue-type"
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              allowClear
              value={types}
              placeholder={t('filter.any')}
              style={{ minWidth: 240 }}
              onChange={(v: string[]) => set({ type: v })}
              options={BREAKPOINT_TYPES.map((type) => ({ value: type, label: label('bpType', type) }))}
            />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('bp.loadFailed')} />
        <BreakpointTable rows={data?.rows ?? []} loading={loading} showUnit={false} />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={data?.rows.length ?? 0} loading={loading} />
      </Card>
    </div>
  );
}
