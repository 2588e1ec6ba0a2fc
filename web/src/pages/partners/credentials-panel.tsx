import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TApiToken, TTokenCreated } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { ShownOnce } from './shown-once';
import './partners.css';

const STATE_COLOURS = { active: 'green', expired: 'default', revoked: 'red' } as const;

interface NewToken {
  name?: string;
  expiresInDays?: number | null;
}

/**
 * A partner's API tokens. The post's administrator issues them (`canCreate`); a partner's own user
 * may only revoke, since only the administrator may create credentials.
 */
export function CredentialsPanel({ partner, canCreate }: { partner: string; canCreate: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  // A partner's session gets its own tokens only; an administrator's gets everyone's, hence the filter.
  const { data, error, loading, reload } = useApi<TApiToken[]>('/tokens');
  const tokens = (data ?? []).filter((tk) => tk.role === 'partner' && tk.partner === partner);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const [form] = Form.useForm<NewToken>();

  const create = async (values: NewToken) => {
    setBusy(true);
    setActionError(undefined);
    try {
      const body = { role: 'partner', partner, ...(values.name ? { name: values.name } : {}), ...(values.expiresInDays ? { expiresInDays: values.expiresInDays } : {}) };
      const answer = await api.post<TTokenCreated>('/tokens', { body });
      setCreating(false);
      form.resetFields();
      setCreated(answer.token);
      reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string) => {
    try {
      await api.delete<TApiToken>(`/tokens/${encodeURIComponent(id)}`);
      void message.success(t('tokens.revoked'));
      reload();
    } catch (err) {
      void message.error(`${t('tokens.revokeFailed')}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  return (
    <section className="songda-credentials" aria-label={t('tokens.title')}>
      <Space className="songda-toolbar" wrap>
        {canCreate ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        ) : (
          <Typography.Text type="secondary">{t('tokens.askAdmin')}</Typography.Text>
        )}
      </Space>
      <ApiErrorAlert error={error} title={t('tokens.loadFailed')} />
      <Table<TApiToken>
        size="small"
        bordered
        rowKey="id"
        pagination={false}
        loading={loading}
        dataSource={tokens}
        locale={{ emptyText: t('tokens.none') }}
        scroll={{ x: 800 }}
        columns={[
          { title: t('tokens.id'), dataIndex: 'id', width: 170, render: mono },
          { title: t('tokens.name'), dataIndex: 'name', ellipsis: true, render: (n: string | null) => n ?? '–' },
          { title: t('col.status'), dataIndex: 'state', width: 90, render: (s: TApiToken['state']) => <Tag color={STATE_COLOURS[s]}>{label('tokenState', s)}</Tag> },
          { title: t('tokens.createdAt'), dataIndex: 'createdAt', width: 170, render: (at: string) => mono(localTime(at)) },
          { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', width: 170, render: (at: string | null) => (at ? mono(localTime(at)) : t('tokens.never')) },
          {
            title: '',
            key: 'revoke',
            width: 90,
            render: (_: unknown, tk) =>
              tk.state === 'active' && (
                <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke(tk.id)}>
                  <Button size="small" danger>
                    {t('tokens.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('tokens.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('tokens.create')} forceRender>
        <ApiErrorAlert error={actionError} title={t('tokens.createFailed')} />
        <Form<NewToken> form={form} layout="vertical" onFinish={(v) => void create(v)} disabled={busy}>
          <Form.Item name="name" label={t('tokens.name')}>
            <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHint')}>
            <InputNumber min={1} max={3650} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <ShownOnce title={t('tokens.created')} note={t('tokens.shownOnce')} value={created} onClose={() => setCreated(undefined)} />
    </section>
  );
}
