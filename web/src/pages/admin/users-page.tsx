import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ROLES, type Role, type TPartner, type TPasswordReset, type TUnit, type TUserAccount, type TUserPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSignedInUser } from '../../app/access';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { ShownOnce } from '../partners/shown-once';
import { UserForm } from './user-form';

const STATES = ['all', 'active', 'disabled'] as const;
const STATE_LABELS = { all: 'users.stateAll', active: 'users.stateActive', disabled: 'users.stateDisabled' } as const;

/** The console's users: filtered by role, unit, partner and state; made, changed, disabled, reset here. */
export default function UsersPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useSignedInUser();
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const filter = { role: get('role'), unit: get('unit'), partner: get('partner'), state: get('state') ?? 'all' };
  const { data, error, loading, reload } = useApi<TUserPage>('/users', { ...filter, cursor, limit });
  const units = useApi<TUnit[]>('/units');
  const partners = useApi<TPartner[]>('/partners');
  const rows = data?.rows ?? [];
  const [editing, setEditing] = useState<TUserAccount | 'new'>();
  const [password, setPassword] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();

  const unitOptions = (units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} ${u.code}` }));
  const partnerOptions = (partners.data ?? []).map((p) => ({ value: p.code, label: `${p.name} ${p.code}` }));
  const unitName = (code: string) => units.data?.find((u) => u.code === code)?.name ?? code;
  const partnerName = (code: string) => partners.data?.find((p) => p.code === code)?.name ?? code;

  const act = async (work: () => Promise<unknown>, done: string) => {
    setActionError(undefined);
    try {
      await work();
      void message.success(done);
      reload();
    } catch (err) {
      setActionError(err);
    }
  };
  const setDisabled = (u: TUserAccount, disabled: boolean) =>
    act(() => api.patch(`/users/${encodeURIComponent(u.username)}`, { body: { disabled } }), t(disabled ? 'users.disabled' : 'users.enabled'));
  const resetPassword = async (u: TUserAccount) => {
    setActionError(undefined);
    try {
      const answer = await api.post<TPasswordReset>(`/users/${encodeURIComponent(u.username)}/password`, { body: {} });
      setPassword(answer.password ?? undefined);
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <div className="songda-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.create')}
          </Button>
        }
      />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('users.role')} htmlFor="users-role">
            <Select
              id="users-role"
              allowClear
              placeholder={t('users.anyRole')}
              value={filter.role}
              onChange={(v?: string) => set({ role: v })}
              options={ROLES.map((r) => ({ value: r, label: label('role', r) }))}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Form.Item label={t('users.unit')} htmlFor="users-unit">
            <Select id="users-unit" allowClear showSearch optionFilterProp="label" placeholder={t('users.anyUnit')} value={filter.unit} onChange={(v?: string) => set({ unit: v })} options={unitOptions} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={t('users.partner')} htmlFor="users-partner">
            <Select
              id="users-partner"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('users.anyPartner')}
              value={filter.partner}
              onChange={(v?: string) => set({ partner: v })}
              options={partnerOptions}
              style={{ width: 180 }}
            />
          </Form.Item>
          <Form.Item label={t('users.state')} htmlFor="users-state">
            <Select
              id="users-state"
              value={filter.state}
              onChange={(v: string) => set({ state: v === 'all' ? null : v })}
              options={STATES.map((s) => ({ value: s, label: t(STATE_LABELS[s]) }))}
              style={{ width: 110 }}
            />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('users.loadFailed')} />
        <ApiErrorAlert error={actionError} title={t('users.saveFailed')} />
        <Table<TUserAccount>
          className="songda-users"
          size="small"
          bordered
          rowKey="username"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('users.none') }}
          columns={[
            {
              title: t('users.username'),
              dataIndex: 'username',
              width: 150,
              fixed: 'left',
              render: (name: string) => (
                <>
                  {mono(name)}
                  {name === me?.username && <Typography.Text type="secondary">{t('users.you')}</Typography.Text>}
                </>
              ),
            },
            { title: t('users.displayName'), dataIndex: 'displayName', width: 120, ellipsis: true },
            { title: t('users.role'), dataIndex: 'role', width: 90, render: (r: Role) => <Tag color={r === 'admin' ? 'gold' : undefined}>{label('role', r)}</Tag> },
            {
              title: `${t('users.unit')} / ${t('users.partner')}`,
              key: 'belongs',
              width: 200,
              ellipsis: true,
              render: (_: unknown, u) => (u.partner ? partnerName(u.partner) : u.unit ? unitName(u.unit) : '–'),
            },
            {
              title: t('users.state'),
              key: 'state',
              width: 170,
              render: (_: unknown, u) =>
                u.disabledAt ? <Tag color="red">{t('users.disabledSince', { at: localTime(u.disabledAt) })}</Tag> : <Tag color="green">{t('users.stateActive')}</Tag>,
            },
            { title: t('users.createdAt'), dataIndex: 'createdAt', width: 160, render: (at: string) => mono(localTime(at)) },
            {
              title: t('users.actions'),
              key: 'actions',
              width: 230,
              render: (_: unknown, u) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing(u)}>
                    {t('users.edit')}
                  </Button>
                  <Popconfirm title={t('users.resetConfirm')} onConfirm={() => resetPassword(u)}>
                    <Button size="small">{t('users.resetPassword')}</Button>
                  </Popconfirm>
                  {u.disabledAt ? (
                    <Popconfirm title={t('users.enableConfirm')} onConfirm={() => setDisabled(u, false)}>
                      <Button size="small">{t('users.enable')}</Button>
                    </Popconfirm>
                  ) : (
                    u.username !== me?.username && (
                      <Popconfirm title={t('users.disableConfirm')} onConfirm={() => setDisabled(u, true)}>
                        <Button size="small" danger>
                          {t('users.disable')}
                        </Button>
                      </Popconfirm>
                    )
                  )}
                </Space>
              ),
            },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
      </Card>
      <UserForm
        user={editing}
        unitOptions={unitOptions}
        partnerOptions={partnerOptions}
        onClose={() => setEditing(undefined)}
        onSaved={(generated) => {
          setEditing(undefined);
          reload();
          if (generated) setPassword(generated);
          else void message.success(t('users.saved'));
        }}
      />
      <ShownOnce title={t('users.newPassword')} note={t('users.passwordShownOnce')} value={password} onClose={() => setPassword(undefined)} />
    </div>
  );
}
