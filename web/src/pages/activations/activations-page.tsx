import { Card, Form, Input, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ACTIVATION_STATUSES, type TActivationPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { PageHeader } from '../../components/page-header';
import { useSignedInUser } from '../../app/access';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';

type Row = TActivationPage['rows'][number];
type Status = (typeof ACTIVATION_STATUSES)[number];

const COLOURS: Record<Status, string> = { pending: 'gold', activated: 'green', declined: 'red', deferred: 'blue' };

/**
 * A bank's activation tasks: the items of the programs it activates, with the result that holds now.
 * A bank's own sign-in sees its own; the post's staff pick a bank or see every bank's.
 */
export default function ActivationsPage() {
  const { t, label } = useI18n();
  const user = useSignedInUser();
  const staff = user?.role !== 'partner';
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const status = (ACTIVATION_STATUSES as readonly string[]).includes(get('status') ?? '') ? get('status') : undefined;
  const query = { status, bank: staff ? get('bank') : undefined, program: get('program'), cursor, limit };
  const { data, error, loading } = useApi<TActivationPage>('/activations', query);
  const rows = data?.rows ?? [];
  const [bankText, setBankText] = useState(get('bank') ?? '');
  useEffect(() => setBankText(get('bank') ?? ''), [get]);
  const statusText = (s: Status) => t(`activationStatus.${s}` as MessageKey);

  return (
    <div className="songda-page">
      <PageHeader title={t('activations.title')} subtitle={t('activations.subtitle')} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('activations.status')} htmlFor="activation-status">
            <Select
              id="activation-status"
              allowClear
              placeholder={t('activations.anyStatus')}
              value={status}
              onChange={(v?: string) => set({ status: v })}
              options={ACTIVATION_STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
              style={{ width: 150 }}
            />
          </Form.Item>
          {staff && (
            <Form.Item label={t('activations.bank')} htmlFor="activation-bank">
              <Input.Search
                id="activation-bank"
                allowClear
                placeholder={t('activations.bankPlaceholder')}
                value={bankText}
                onChange={(e) => setBankText(e.target.value)}
                onSearch={(v) => set({ bank: v.trim() || undefined })}
                style={{ width: 200 }}
              />
            </Form.Item>
          )}
        </Form>
        <ApiErrorAlert error={error} title={t('activations.loadFailed')} />
        <Table<Row>
          className="songda-activations"
          size="small"
          bordered
          rowKey="trackingNo"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('activations.none') }}
          columns={[
            {
              title: t('activations.trackingNo'),
              dataIndex: 'trackingNo',
              width: 160,
              render: (no: string) => <Link to={`/items/${encodeURIComponent(no)}`}>{mono(no)}</Link>,
            },
            { title: t('activations.program'), dataIndex: 'program', width: 130, render: mono },
            ...(staff ? [{ title: t('activations.bank'), dataIndex: 'bank', width: 130, render: mono }] : []),
            { title: t('activations.itemStatus'), dataIndex: 'itemStatus', width: 110, render: (s: string) => label('scan', s) },
            { title: t('activations.deliveredAt'), dataIndex: 'deliveredAt', width: 165, render: (at: string | null) => mono(localTime(at)) },
            { title: t('activations.status'), dataIndex: 'status', width: 110, render: (s: Status) => <Tag color={COLOURS[s]}>{statusText(s)}</Tag> },
            {
              title: t('activations.latest'),
              key: 'latest',
              render: (_: unknown, r) =>
                r.latest
                  ? `${t('activations.latestAt', { source: t(`activationSource.${r.latest.source}` as MessageKey), at: localTime(r.latest.at) })}${r.latest.staff ? ` · ${r.latest.staff}` : ''}`
                  : '–',
            },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
      </Card>
    </div>
  );
}
