import { App, Button, Form, type FormInstance, Input, InputNumber, Modal, Popconfirm, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { api } from '../api/client';
import type { TApiToken, TTokenCreated } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { localTime } from '../lib/format';
import { ApiErrorAlert } from './api-error';
import { mono } from './mono';

const STATE_COLOURS = { active: 'green', expired: 'default', revoked: 'red' } as const;

export interface NewTokenBody {
  role: string;
  partner?: string;
  name?: string;
  expiresInDays?: number | null;
}

/**
 * Making and revoking API tokens, as a partner's credentials panel and the post's tokens page both
 * do: the value of a new token is kept in `created` until the person says it is saved.
 */
export function useTokenActions(reload: () => void, onCreated: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [created, setCreated] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  const create = async ({ name, expiresInDays, ...rest }: NewTokenBody) => {
    setBusy(true);
    setActionError(undefined);
    try {
      const body = { ...rest, ...(name ? { name } : {}), ...(expiresInDays ? { expiresInDays } : {}) };
      const answer = await api.post<TTokenCreated>('/tokens', { body });
      onCreated();
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

  return { create, revoke, busy, actionError, created, forgetCreated: () => setCreated(undefined) };
}

/** The columns of a token list: id, name, `middle` (what a list adds), state, dates, and revoke. */
export function useTokenColumns(revoke: (id: string) => Promise<void>, middle: ColumnsType<TApiToken> = []): ColumnsType<TApiToken> {
  const { t, label } = useI18n();
  return [
    { title: t('tokens.id'), dataIndex: 'id', width: 170, render: mono },
    { title: t('tokens.name'), dataIndex: 'name', ellipsis: true, render: (n: string | null) => n ?? '–' },
    ...middle,
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
  ];
}

/**
 * The dialog that makes a token: its name and days to expiry, after `fields` (what a caller adds,
 * e.g. the role). The form is the caller's, so that it can reset it once the token is made.
 */
export function NewTokenDialog<T extends object>({
  form,
  open,
  busy,
  error,
  initialValues,
  fields,
  onCancel,
  onFinish,
}: {
  form: FormInstance<T>;
  open: boolean;
  busy: boolean;
  error: unknown;
  initialValues?: Partial<T>;
  fields?: ReactNode;
  onCancel: () => void;
  onFinish: (values: T) => void;
}) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={t('tokens.create')} onCancel={onCancel} onOk={() => form.submit()} confirmLoading={busy} okText={t('tokens.create')} forceRender>
      <ApiErrorAlert error={error} title={t('tokens.createFailed')} />
      <Form<T> name="token" form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} disabled={busy}>
        {fields}
        <Form.Item name="name" label={t('tokens.name')}>
          <Input maxLength={100} placeholder={t('tokens.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHint')}>
          <InputNumber min={1} max={3650} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
