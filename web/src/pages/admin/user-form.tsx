import { Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ROLES, type Role, type TUserAccount, type TUserCreated } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';

interface Values {
  username?: string;
  displayName?: string;
  role: Role;
  unit?: string;
  partner?: string;
  password?: string;
}

type Option = { value: string; label: string };

/**
 * A new user (`user` is 'new') or a change of one. The role decides what the user belongs to: a
 * partner for role partner, otherwise optionally a unit. The server's rules and messages are the
 * ones shown; nothing is checked twice here beyond what the fields need.
 */
export function UserForm({
  user,
  unitOptions,
  partnerOptions,
  onClose,
  onSaved,
}: {
  user: TUserAccount | 'new' | undefined;
  unitOptions: Option[];
  partnerOptions: Option[];
  onClose: () => void;
  /** With the generated password when the server made one (a new user without a password). */
  onSaved: (generatedPassword: string | undefined) => void;
}) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const role = Form.useWatch('role', form);
  const isNew = user === 'new';

  useEffect(() => {
    setError(undefined);
    if (user === undefined) return;
    form.resetFields();
    if (user !== 'new') {
      form.setFieldsValue({ displayName: user.displayName === user.username ? undefined : user.displayName, role: user.role, unit: user.unit ?? undefined, partner: user.partner ?? undefined });
    } else {
      form.setFieldsValue({ role: 'operator' });
    }
  }, [user, form]);

  const save = async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const belongs = v.role === 'partner' ? { partner: v.partner } : { unit: v.unit };
      if (user === 'new') {
        const body = { username: v.username, role: v.role, ...(v.displayName ? { displayName: v.displayName } : {}), ...belongs, ...(v.password ? { password: v.password } : {}) };
        const answer = await api.post<TUserCreated>('/users', { body });
        onSaved(answer.password ?? undefined);
      } else if (user) {
        const body = { role: v.role, displayName: v.displayName || null, unit: v.role === 'partner' ? null : (v.unit ?? null), partner: v.role === 'partner' ? (v.partner ?? null) : null };
        await api.patch(`/users/${encodeURIComponent(user.username)}`, { body });
        onSaved(undefined);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== undefined}
      title={isNew ? t('users.create') : t('users.editTitle', { username: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={isNew ? t('users.create') : t('users.save')}
      confirmLoading={busy}
      forceRender
    >
      <ApiErrorAlert error={error} title={isNew ? t('users.createFailed') : t('users.saveFailed')} />
      <Form<Values> name="user" form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={busy}>
        {isNew && (
          <Form.Item name="username" label={t('users.username')} extra={t('users.usernameHint')} rules={[{ required: true, message: t('users.username') }]}>
            <Input maxLength={64} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: label('role', r) }))} />
        </Form.Item>
        {role === 'partner' ? (
          <Form.Item name="partner" label={t('users.partner')} extra={t('users.partnerHint')} rules={[{ required: true, message: t('users.partner') }]}>
            <Select showSearch optionFilterProp="label" options={partnerOptions} />
          </Form.Item>
        ) : (
          <Form.Item
            name="unit"
            label={t('users.unit')}
            extra={role === 'courier' ? t('users.unitCourier') : t('users.unitHint')}
            rules={role === 'courier' ? [{ required: true, message: t('users.unitCourier') }] : []}
          >
            <Select allowClear showSearch optionFilterProp="label" options={unitOptions} />
          </Form.Item>
        )}
        {isNew && (
          <Form.Item name="password" label={t('users.password')} extra={t('users.passwordHint')}>
            <Input.Password maxLength={1024} autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
