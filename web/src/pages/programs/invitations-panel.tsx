import { PrinterOutlined } from '@ant-design/icons';
import { App, Button, Col, Form, Input, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, apiUrl, openPdf } from '../../api/client';
import type { TCreatedInvitations, TInvitationView } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

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

/** QR invitations: one per listed recipient, per document number, or unnamed; printed as a sheet. */
export function InvitationsPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<InvitationForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<TCreatedInvitations>();

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
      <Form<InvitationForm> form={form} layout="vertical" initialValues={{ expiresInDays: 30 }} onFinish={(v) => void submit(v)} disabled={busy}>
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
          <Table<TInvitationView>
            size="small"
            bordered
            rowKey="id"
            dataSource={created.invitations}
            pagination={created.invitations.length > 20 ? { pageSize: 20, size: 'small' } : false}
            scroll={{ x: 900 }}
            columns={[
              {
                title: t('invitations.qr'),
                dataIndex: 'qrSvg',
                width: 88,
                render: (src: string, inv) => <img src={apiUrl(src)} alt={t('invitations.qrOf', { id: inv.id })} width={72} height={72} className="songda-qr" />,
              },
              { title: t('invitations.recipient'), key: 'recipient', width: 200, render: (_: unknown, inv) => (inv.recipient ? `${inv.recipient.name} ${inv.recipient.idNumber}` : '–') },
              { title: t('invitations.documentNo'), dataIndex: 'documentNo', width: 140, render: (d: string | null) => d ?? '–' },
              { title: t('invitations.expiresAt'), dataIndex: 'expiresAt', width: 160, render: (iso: string) => localTime(iso) },
              {
                title: t('col.status'),
                dataIndex: 'usedAt',
                width: 110,
                render: (used: string | null) => (used ? <Tag>{t('invitations.used')}</Tag> : <Tag color="green">{t('invitations.unused')}</Tag>),
              },
              {
                title: t('invitations.link'),
                dataIndex: 'url',
                render: (url: string) => (
                  <Typography.Text copyable={{ text: url }} ellipsis={{ tooltip: url }} className="songda-link-cell">
                    <a href={url} target="_blank" rel="noreferrer" className="songda-mono">
                      {url}
                    </a>
                  </Typography.Text>
                ),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}
