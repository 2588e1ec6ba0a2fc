import { KeyOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ApiErrorAlert } from './api-error';

interface PasswordFields {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

/** The header's button and form with which a signed-in user changes their own password. */
export function OwnPasswordButton({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<PasswordFields>();

  const close = () => {
    setOpen(false);
    setError(undefined);
    form.resetFields();
  };
  const save = async ({ currentPassword, newPassword }: PasswordFields) => {
    setSaving(true);
    setError(undefined);
    try {
      const answer = await api.post<{ sessionsEnded: number }>('/session/password', { body: { currentPassword, newPassword } });
      void message.success(t('password.changed', { n: answer.sessionsEnded }));
      close();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<KeyOutlined />} aria-label={t('password.open')} title={t('password.open')} onClick={() => setOpen(true)}>
        {!compact && t('password.open')}
      </Button>
      <Modal
        open={open}
        title={t('password.title')}
        onCancel={close}
        okText={t('password.save')}
        cancelText={t('password.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.newHint')}
            rules={[
              { required: true, message: t('password.required') },
              { min: 8, message: t('password.tooShort') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('password.repeat')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.required') },
              ({ getFieldValue }) => ({
                validator: (_, value: string) => (value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <ApiErrorAlert error={error} />
        </Form>
      </Modal>
    </>
  );
}
