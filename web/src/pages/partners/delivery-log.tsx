import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Segmented, Space, Table, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { MESSAGE_STATUSES, type MessageStatus, type TWebhookAttempt, type TWebhookDelivery, type TWebhookDeliveryPage, type TReplayed } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';

const STATUS_COLOURS: Record<MessageStatus, string> = { pending: 'gold', delivered: 'green', failed: 'red' };
/** While a delivery on the page is still pending, the log asks again this often to show how it ended. */
const PENDING_REFRESH_MS = 5_000;

const lastOf = (d: TWebhookDelivery): TWebhookAttempt | undefined => d.attempts[d.attempts.length - 1];
const ms = (n: number | undefined) => (n === undefined ? '–' : `${n} ms`);

/**
 * The picked wall time is read as the reporting zone's (+08:00), the zone every time in the console
 * is shown in, whatever the browser's own zone.
 */
const sinceInstant = (d: dayjs.Dayjs) => `${d.format('YYYY-MM-DDTHH:mm')}:00+08:00`;

/** One endpoint's deliveries, newest first: filter by status, each row's attempts, retry and replay. */
export function DeliveryLog({ endpointId, refresh }: { endpointId: string; refresh: number }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { get, set } = useUrlState();
  const status = (MESSAGE_STATUSES as readonly string[]).includes(get('status') ?? '') ? get('status') : undefined;
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const path = `/webhooks/${encodeURIComponent(endpointId)}/deliveries`;
  const { data, error, loading, reload } = useApi<TWebhookDeliveryPage>(path, { status, cursor, limit });
  const [since, setSince] = useState<dayjs.Dayjs | null>(null);
  const rows = data?.rows ?? [];
  const anyPending = rows.some((d) => d.status === 'pending');

  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  useEffect(() => {
    if (!anyPending) return;
    const timer = setInterval(reload, PENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyPending, reload]);

  const act = async <T,>(call: () => Promise<T>, done: string | ((answer: T) => string), failed: string) => {
    try {
      const answer = await call();
      void message.success(typeof done === 'string' ? done : done(answer));
      reload();
    } catch (err) {
      void message.error(`${failed}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const retry = (d: TWebhookDelivery) => act(() => api.post(`${path}/${encodeURIComponent(d.id)}/retry`), t('deliveries.retried'), t('deliveries.retryFailed'));
  const replay = () =>
        since &&
    act(
      () => api.post<TReplayed>(`/webhooks/${encodeURIComponent(endpointId)}/replay`, { body: { since: sinceInstant(since) } }),
      (answer) => t('deliveries.replayed', { n: answer.replayed }),
      t('deliveries.replayFailed'),
    );

  return (
    <section className="songda-deliveries" aria-label={t('deliveries.title')}>
      <Space className="songda-toolbar" wrap>
        <Segmented
          aria-label={t('deliveries.status')}
          value={status ?? 'all'}
          onChange={(v) => set({ status: v === 'all' ? null : v })}
          options={[{ value: 'all', label: t('filter.any') }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: label('deliveryStatus', s) }))]}
        />
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('deliveries.reload')}
        </Button>
        <Space.Compact>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={since} onChange={setSince} placeholder={t('deliveries.replaySince')} aria-label={t('deliveries.replaySince')} />
          <Button disabled={!since} onClick={() => void replay()} title={t('deliveries.replayHint')}>
            {t('deliveries.replay')}
          </Button>
        </Space.Compact>
      </Space>
      <ApiErrorAlert error={error} title={t('deliveries.loadFailed')} />
      <Table<TWebhookDelivery>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        loading={loading && !data}
        dataSource={rows}
        locale={{ emptyText: t('deliveries.none') }}
        scroll={{ x: 1100 }}
        expandable={{ expandedRowRender: (d) => <Attempts delivery={d} />, rowExpandable: () => true }}
        columns={[
          { title: t('deliveries.time'), dataIndex: 'createdAt', width: 170, render: (at: string) => mono(localTime(at)) },
          {
            title: t('deliveries.type'),
            dataIndex: 'type',
            width: 200,
            render: (type: string) => <span title={type}>{label('event', type)}</span>,
          },
          {
            title: t('deliveries.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: MessageStatus, d) => (
              <Tag color={STATUS_COLOURS[s]} title={d.nextAttemptAt ? t('deliveries.nextAttempt', { at: localTime(d.nextAttemptAt) }) : undefined}>
                {label('deliveryStatus', s)}
              </Tag>
            ),
          },
          { title: t('deliveries.attempts'), key: 'attempts', width: 90, align: 'right', render: (_: unknown, d) => d.attempts.length },
          { title: t('deliveries.statusCode'), key: 'code', width: 100, align: 'right', render: (_: unknown, d) => statusCode(lastOf(d), t('deliveries.noAnswer')) },
          { title: t('deliveries.duration'), key: 'duration', width: 90, align: 'right', render: (_: unknown, d) => ms(lastOf(d)?.durationMs) },
          { title: t('deliveries.error'), key: 'error', ellipsis: true, render: (_: unknown, d) => lastOf(d)?.error ?? '–' },
          {
            title: '',
            key: 'retry',
            width: 80,
            render: (_: unknown, d) =>
              d.status !== 'delivered' && (
                <Button size="small" onClick={() => void retry(d)}>
                  {t('deliveries.retry')}
                </Button>
              ),
          },
        ]}
      />
      <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
    </section>
  );
}

function statusCode(attempt: TWebhookAttempt | undefined, noAnswer: string) {
  if (!attempt) return '–';
  return attempt.statusCode === null ? <Typography.Text type="danger">{noAnswer}</Typography.Text> : mono(String(attempt.statusCode));
}

/** A delivery's attempts, oldest first (what the partner's system answered each time), and the body sent. */
function Attempts({ delivery }: { delivery: TWebhookDelivery }) {
  const { t } = useI18n();
  return (
    <div className="songda-attempts">
      <Table<TWebhookAttempt>
        size="small"
        rowKey={(a) => a.at}
        pagination={false}
        dataSource={delivery.attempts}
        locale={{ emptyText: t('deliveries.noAttempts') }}
        columns={[
          { title: t('deliveries.time'), dataIndex: 'at', width: 170, render: (at: string) => mono(localTime(at)) },
          { title: t('deliveries.statusCode'), key: 'code', width: 110, render: (_: unknown, a) => statusCode(a, t('deliveries.noAnswer')) },
          { title: t('deliveries.duration'), dataIndex: 'durationMs', width: 90, align: 'right', render: (n: number) => ms(n) },
          { title: t('deliveries.error'), dataIndex: 'error', render: (e: string | null) => e ?? '–' },
        ]}
      />
      <Typography.Text type="secondary">
        webhook-id <span className="songda-mono">{delivery.id}</span> · {t('deliveries.payload')}
      </Typography.Text>
      <pre className="songda-payload">{JSON.stringify(delivery.payload, null, 2)}</pre>
    </div>
  );
}
