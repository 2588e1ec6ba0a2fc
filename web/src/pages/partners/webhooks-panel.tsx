import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { TWebhookCreated, TWebhookEndpoint } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NavTable } from '../../components/nav-table';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { ShownOnce } from './shown-once';
import './partners.css';
import { type WebhookFields, WebhookForm } from './webhook-form';

/** Whether an endpoint is pushed to, and why not when it is not. */
export function EndpointState({ endpoint }: { endpoint: Pick<TWebhookEndpoint, 'enabled' | 'disabledReason'> }) {
  const { t, label } = useI18n();
  return endpoint.enabled ? (
    <Tag color="green">{t('webhooks.on')}</Tag>
  ) : (
    <Tag color="red" title={endpoint.disabledReason ? label('disabledReason', endpoint.disabledReason) : undefined}>
      {t('webhooks.off')}
    </Tag>
  );
}

/**
 * A partner's webhook endpoints, and a new one. `admin`: the post's administrator acting for the
 * partner (who names it); otherwise the partner's own user, for whom the server takes its partner.
 */
export function WebhooksPanel({ partner, basePath, admin }: { partner: string; basePath: string; admin: boolean }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { data, error, loading, reload } = useApi<TWebhookEndpoint[]>('/webhooks', admin ? { partner } : {});
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<unknown>();
  const [form] = Form.useForm<WebhookFields>();
  const path = (id: string) => `${basePath}/webhooks/${encodeURIComponent(id)}`;

  const create = async (values: WebhookFields) => {
    setBusy(true);
    setCreateError(undefined);
    try {
      const body = { url: values.url.trim(), events: values.events, ...(values.description ? { description: values.description } : {}), ...(admin ? { partner } : {}) };
      const created = await api.post<TWebhookCreated>('/webhooks', { body });
      setCreating(false);
      form.resetFields();
      setSecret(created.secret);
      reload();
    } catch (err) {
      setCreateError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="songda-webhooks" aria-label={t('webhooks.title')}>
      <Space className="songda-toolbar" wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('webhooks.create')}
        </Button>
      </Space>
      <ApiErrorAlert error={error} title={t('webhooks.loadFailed')} />
      <NavTable<TWebhookEndpoint>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        onOpen={(w) => navigate(path(w.id))}
        rowLabel={(w) => w.url}
        locale={{ emptyText: t('webhooks.none') }}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('webhooks.url'),
            dataIndex: 'url',
            ellipsis: true,
            render: (url: string, w) => (
              <Link to={path(w.id)} className="songda-mono" tabIndex={-1}>
                {url}
              </Link>
            ),
          },
          { title: t('webhooks.events'), dataIndex: 'events', render: (events: string[]) => events.map((e) => <Tag key={e}>{label('event', e)}</Tag>) },
          { title: t('webhooks.description'), dataIndex: 'description', width: 180, ellipsis: true, render: (d: string | null) => d ?? '–' },
          { title: t('col.status'), key: 'state', width: 90, render: (_: unknown, w) => <EndpointState endpoint={w} /> },
          { title: t('webhooks.createdAt'), dataIndex: 'createdAt', width: 170, render: (at: string) => <Typography.Text className="songda-mono">{localTime(at)}</Typography.Text> },
        ]}
      />
      <Modal open={creating} title={t('webhooks.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('webhooks.create')} width={640} forceRender>
        <ApiErrorAlert error={createError} title={t('webhooks.createFailed')} />
        <WebhookForm form={form} onFinish={(v) => void create(v)} disabled={busy} />
      </Modal>
      <ShownOnce title={t('webhooks.created')} note={t('webhooks.secretOnce')} value={secret} onClose={() => setSecret(undefined)} />
    </section>
  );
}
