import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, openPdf } from '../../api/client';
import type { TCreatedInvitations } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { InvitationBatches } from './invitation-batches';
import { InvitationTable } from './invitation-table';

interface InvitationForm {
  count?: number | null;
  recipients?: string;
  documents?: string;
  expiresInDays: number;
}

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,，;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** QR invitations: one per listed recipient, per document number, or unnamed; printed as a sheet; past batches below. */
export function InvitationsPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<InvitationForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<TCreatedInvitations>();
  const [made, setMade] = useState(0);

  const submit = async (values: InvitationForm) => {
    const recipients = lines(values.recipients);
    const documents = lines(values.documents);
    const body = {
      ...(recipients.length ? { recipients } : {}),
      ...(documents.length ? { documents } : {}),
      ...(values.count ? { count: values.count } : {}),
      expiresInDays: values.expiresInDays,
    };
    if (!body.recipients && !body.documents && !body.count) {
      setError(new Error(t('invitations.needSomething')));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setCreated(await api.post<TCreatedInvitations>(`/programs/${encodeURIComponent(code)}/invitations`, { body }));
      setMade((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const printSheet = (sheet: string) =>
    openPdf('GET', sheet).catch((err: unknown) => void message.error(`${t('invitations.sheetFailed')}: ${err instanceof Error ? err.message : String(err)}`));

  return (
    <>
      <Form<InvitationForm> name="invitations" form={form} layout="vertical" initialValues={{ expiresInDays: 30 }} onFinish={(v) => void submit(v)} disabled={busy}>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="recipients" label={t('invitations.recipients')} extra={t('invitations.onePerLine')}>
              <Input.TextArea rows={4} className="songda-mono" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="documents" label={t('invitations.documents')} extra={t('invitations.onePerLine')}>
              <Input.TextArea rows={4} className="songda-mono" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="count" label={t('invitations.count')} extra={t('invitations.countHint')}>
              <InputNumber min={1} max={1000} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="expiresInDays" label={t('invitations.expiresInDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} className="songda-panel-actions">
          {t('invitations.create')}
        </Button>
      </Form>
      <ApiErrorAlert error={error} title={t('invitations.failed')} />
      {created && (
        <section className="songda-invitations" aria-label={t('invitations.created', { n: created.invitations.length })}>
          <Space className="songda-panel-actions" wrap>
            <Typography.Text strong>{t('invitations.created', { n: created.invitations.length })}</Typography.Text>
            <Typography.Text type="secondary">
              {t('invitations.batch')}: <span className="songda-mono">{created.batch}</span> · {t('invitations.expiresAt')} {localTime(created.expiresAt)}
            </Typography.Text>
            <Button icon={<PrinterOutlined />} onClick={() => void printSheet(created.sheet)}>
              {t('invitations.printSheet')}
            </Button>
          </Space>
          <InvitationTable invitations={created.invitations} now={Date.now()} />
        </section>
      )}
      <InvitationBatches code={code} generation={made} />
    </>
  );
}
