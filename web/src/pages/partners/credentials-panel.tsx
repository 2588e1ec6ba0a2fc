import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { TApiToken } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NewTokenDialog, useTokenActions, useTokenColumns } from '../../components/api-tokens';
import { useI18n } from '../../i18n/i18n';
import { ShownOnce } from './shown-once';
import './partners.css';

interface NewToken {
  name?: string;
  expiresInDays?: number | null;
}

/**
 * A partner's API tokens. The post's administrator issues them (`canCreate`); a partner's own user
 * may only revoke, since only the administrator may create credentials.
 */
export function CredentialsPanel({ partner, canCreate }: { partner: string; canCreate: boolean }) {
  const { t } = useI18n();
  // A partner's session gets its own tokens only; an administrator's gets everyone's, hence the filter.
  const { data, error, loading, reload } = useApi<TApiToken[]>('/tokens');
  const tokens = (data ?? []).filter((tk) => tk.role === 'partner' && tk.partner === partner);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<NewToken>();
  const { create, revoke, busy, actionError, created, forgetCreated } = useTokenActions(reload, () => {
    setCreating(false);
    form.resetFields();
  });
  const columns = useTokenColumns(revoke);

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
        columns={columns}
      />
      <NewTokenDialog<NewToken>
        form={form}
        open={creating}
        busy={busy}
        error={actionError}
        onCancel={() => setCreating(false)}
        onFinish={(v) => void create({ role: 'partner', partner, ...v })}
      />
      <ShownOnce title={t('tokens.created')} note={t('tokens.shownOnce')} value={created} onClose={forgetCreated} />
    </section>
  );
}
