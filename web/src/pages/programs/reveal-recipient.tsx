import { Alert, Button, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TRecipient } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';

/**
 * An admin's reveal of one recipient's ID and phone number: asked for a reason first, and the
 * server writes who, when and why to the audit log before it opens the numbers. The numbers stay in
 * this dialog only, and are forgotten when it closes.
 */
export function RevealRecipient({ recipient }: { recipient: TRecipient }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [shown, setShown] = useState<TRecipient>();
  const [form] = Form.useForm<{ reason: string }>();

  const close = () => {
    setOpen(false);
    setShown(undefined);
    setError(undefined);
    form.resetFields();
  };

  const reveal = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      setShown(await api.get<TRecipient>(`/recipients/${encodeURIComponent(recipient.id)}`, { query: { reveal: true, reason: reason.trim() } }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('reveal.button')}
      </Button>
      <Modal
        open={open}
        title={t('reveal.title', { name: recipient.name })}
        onCancel={close}
        forceRender
        footer={
          shown ? (
            <Button type="primary" onClick={close}>
              {t('reveal.close')}
            </Button>
          ) : (
            <>
              <Button onClick={close}>{t('reveal.cancel')}</Button>
              <Button type="primary" danger loading={busy} onClick={() => form.submit()}>
                {t('reveal.confirm')}
              </Button>
            </>
          )
        }
      >
        <ApiErrorAlert error={error} title={t('reveal.failed')} />
        {shown ? (
          <>
            <Descriptions size="small" column={1} bordered className="songda-revealed">
              <Descriptions.Item label={t('recipients.idNumber')}>{mono(shown.idNumber)}</Descriptions.Item>
              <Descriptions.Item label={t('recipients.phone')}>{mono(shown.phone)}</Descriptions.Item>
            </Descriptions>
            <Alert type="info" showIcon title={t('reveal.done')} style={{ marginTop: 12 }} />
          </>
        ) : (
          <>
            <Alert type="warning" showIcon title={t('reveal.note')} style={{ marginBottom: 12 }} />
            <Form name="reveal" form={form} layout="vertical" onFinish={(v) => void reveal(v)} disabled={busy}>
              <Form.Item name="reason" label={t('reveal.reason')} rules={[{ required: true, whitespace: true, message: t('reveal.reasonRequired') }]}>
                <Input maxLength={200} placeholder={t('reveal.reasonPlaceholder')} autoFocus />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}
