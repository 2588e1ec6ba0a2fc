import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';

/** Voids a draft or an issued statement; the reason is required (the audit log keeps it). */
export function VoidStatementButton({ id, onVoided }: { id: string; onVoided: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/statements/${encodeURIComponent(id)}/void`, { body: { reason: reason.trim() } });
      setOpen(false);
      void message.success(t('stmt.void.done'));
      onVoided();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        {t('stmt.void')}
      </Button>
      <Modal
        open={open}
        title={t('stmt.void.title')}
        okText={t('stmt.void')}
        okButtonProps={{ danger: true }}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('stmt.void.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
          <Form.Item name="reason" label={t('stmt.void.reason')} rules={[{ required: true, whitespace: true, message: t('stmt.void.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('stmt.void.failed')} />
      </Modal>
    </>
  );
}
