import { Card, Form, Select, Table } from 'antd';
import { Link } from 'react-router';
import { type TWorkOrder, type TWorkOrderPage, WORK_ORDER_CHANNELS } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { PageHeader } from '../../components/page-header';
import { UnitSelect } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { DeadlineTag, NewWorkOrderButton, PriorityTags, WO_STATUSES, WO_TYPES, useLiveDeadlines } from './work-order-parts';

/** The queue: every filter in the URL (a figure's link opens it filtered), green channel first, then the nearest deadline. */
export default function WorkOrderQueuePage() {
  const { t, label } = useI18n();
  const { get, getList, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const statuses = getList('status').filter((v) => (WO_STATUSES as readonly string[]).includes(v));
  const types = getList('type').filter((v) => (WO_TYPES as readonly string[]).includes(v));
  const channels = getList('channel').filter((v) => (WORK_ORDER_CHANNELS as readonly string[]).includes(v));
  const overdue = get('overdue');
  const query = {
    status: statuses.join(','),
    type: types.join(','),
    channel: channels.join(','),
    unit: get('unit'),
    program: get('program'),
    noProgram: get('noProgram') === 'yes' ? 'yes' : undefined,
    assignee: get('assignee'),
    overdue: overdue === 'yes' || overdue === 'no' ? overdue : undefined,
    from: get('from'),
    to: get('to'),
    limit,
    cursor,
  };
  const { data, error, loading, reload } = useApi<TWorkOrderPage>('/work-orders', query);
  const { now, loadedAt } = useLiveDeadlines(data, reload);

  return (
    <div className="songda-page">
      <PageHeader title={t('wo.queue.title')} subtitle={t('wo.queue.subtitle')} extra={<NewWorkOrderButton label={t('wo.new.phoneOpen')} />} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('wo.filter.status')} htmlFor="wo-status">
            <Select
              id="wo-status"
              mode="multiple"
              allowClear
              value={statuses}
              placeholder={t('filter.any')}
              style={{ minWidth: 200 }}
              onChange={(v: string[]) => set({ status: v })}
              options={WO_STATUSES.map((s) => ({ value: s, label: label('woStatus', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('wo.filter.type')} htmlFor="wo-type">
            <Select
              id="wo-type"
              mode="multiple"
              allowClear
              value={types}
              placeholder={t('filter.any')}
              style={{ minWidth: 200 }}
              onChange={(v: string[]) => set({ type: v })}
              options={WO_TYPES.map((s) => ({ value: s, label: label('woType', s) }))}
            />
          </Form.Item>
          <Form.Item label={t('wo.filter.channel')} htmlFor="wo-channel">
            <Select
              id="wo-channel"
              mode="multiple"
              allowClear
              value={channels}
              placeholder={t('filter.any')}
              style={{ minWidth: 160 }}
              onChange={(v: string[]) => set({ channel: v })}
              options={WORK_ORDER_CHANNELS.map((c) => ({ value: c, label: label('woChannel', c) }))}
            />
          </Form.Item>
          <Form.Item label={t('wo.filter.unit')} htmlFor="wo-unit">
            <UnitSelect id="wo-unit" value={get('unit')} onChange={(v) => set({ unit: v })} placeholder={t('filter.any')} style={{ minWidth: 200 }} />
          </Form.Item>
          <Form.Item label={t('wo.filter.overdue')} htmlFor="wo-overdue">
            <Select
              id="wo-overdue"
              allowClear
              value={query.overdue}
              placeholder={t('filter.any')}
              style={{ minWidth: 120 }}
              onChange={(v: string | undefined) => set({ overdue: v })}
              options={[
                { value: 'yes', label: t('wo.filter.overdueYes') },
                { value: 'no', label: t('wo.filter.overdueNo') },
              ]}
            />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('wo.queue.loadFailed')} />
        <Table<TWorkOrder>
          size="small"
          rowKey="number"
          loading={loading && !data}
          pagination={false}
          dataSource={data?.rows ?? []}
          scroll={{ x: true }}
          columns={[
            {
              title: t('wo.col.number'),
              key: 'number',
              render: (_, o) => (
                <>
                  <Link to={`/work-orders/${o.number}`}>{o.number}</Link> <PriorityTags order={o} />
                </>
              ),
            },
            { title: t('wo.col.type'), key: 'type', render: (_, o) => label('woType', o.type) },
            { title: t('wo.col.status'), key: 'status', render: (_, o) => label('woStatus', o.status) },
            { title: t('wo.col.unit'), key: 'unit', render: (_, o) => o.unit.name ?? o.unit.code },
            { title: t('wo.col.firstResponse'), key: 'first', render: (_, o) => <DeadlineTag deadline={o.firstResponse} loadedAt={loadedAt} now={now} /> },
            { title: t('wo.col.resolution'), key: 'resolution', render: (_, o) => <DeadlineTag deadline={o.resolution} loadedAt={loadedAt} now={now} /> },
            { title: t('wo.col.item'), key: 'item', render: (_, o) => (o.trackingNo ? <Link to={`/items/${o.trackingNo}`}>{o.trackingNo}</Link> : '–') },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={data?.rows.length ?? 0} loading={loading} />
      </Card>
    </div>
  );
}
