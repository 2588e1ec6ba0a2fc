import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TApiToken } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NewTokenDialog, useTokenActions, useTokenColumns } from '../../components/api-tokens';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { partnerPath } from '../partners/partners-page';
import { ShownOnce } from '../partners/shown-once';

const STAFF_ROLES = ['admin', 'operator', 'viewer'] as const;

interface NewToken {
  role: (typeof STAFF_ROLES)[number];
  name?: string;
  expiresInDays?: number | null;
}

/**
 * The post's own API tokens (its systems, its staff's scripts): listed without values, made with the
 * value shown once, revoked. Partners' tokens are each partner's page's (CredentialsPanel); here they
 * are only counted, with a link there.
 */
export default function TokensPage() {
  const { t, label } = useI18n();
  const { data, error, loading, reload } = useApi<TApiToken[]>('/tokens');
  const staff = (data ?? []).filter((tk) => tk.role !== 'partner');
  const partnerCounts = new Map<string, number>();
  for (const tk of data ?? []) if (tk.role === 'partner' && tk.partner && tk.state === 'active') partnerCounts.set(tk.partner, (partnerCounts.get(tk.partner) ?? 0) + 1);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewToken>();
  const { create, revoke, busy, actionError, created, forgetCreated } = useTokenActions(reload, () => {
    setCreating(false);
    form.resetFields();
  });
  const columns = useTokenColumns(revoke, [
    { title: t('apiTokens.role'), dataIndex: 'role', width: 90, render: (r: string) => <Tag color={r === 'admin' ? 'gold' : undefined}>{label('role', r)}</Tag> },
    { title: t('apiTokens.source'), dataIndex: 'source', width: 110, render: (s: string | null) => (s ? label('tokenSource', s) : '–') },
  ]);

  return (
    <div className="songda-page">
      <PageHeader
        title={t('apiTokens.title')}
        subtitle={t('apiTokens.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <ApiErrorAlert error={error} title={t('tokens.loadFailed')} />
      <Card size="small" className="songda-card">
        <Table<TApiToken>
          className="songda-tokens"
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          loading={loading}
          dataSource={staff}
          locale={{ emptyText: t('tokens.none') }}
          scroll={{ x: 980 }}
          columns={columns}
        />
      </Card>
      <Card size="small" className="songda-card">
        <Space wrap>
          <Typography.Text type="secondary">{t('apiTokens.partnerNote')}</Typography.Text>
          {[...partnerCounts].map(([partner, n]) => (
            <Link key={partner} to={partnerPath(partner)}>
              {t('apiTokens.partnerActive', { partner, n })}
            </Link>
          ))}
          <Link to="/partners">{t('nav.partners')}</Link>
        </Space>
      </Card>
      <NewTokenDialog<NewToken>
        form={form}
        open={creating}
        busy={busy}
        error={actionError}
        initialValues={{ role: 'viewer' }}
        onCancel={() => setCreating(false)}
        onFinish={(v) => void create(v)}
        fields={
          <Form.Item name="role" label={t('apiTokens.role')} rules={[{ required: true }]}>
            <Select options={STAFF_ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
          </Form.Item>
        }
      />
      <ShownOnce title={t('tokens.created')} note={t('tokens.shownOnce')} value={created} onClose={forgetCreated} />
    </div>
  );
}
