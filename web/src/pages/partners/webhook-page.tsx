import { DeleteOutlined, KeyOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Popconfirm, Skeleton, Space } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { type TSecretRotated, type TWebhookEndpoint, type TWebhookPatch, isWebhookEventType } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { DeliveryLog } from './delivery-log';
import { partnerPath } from './partners-page';
import { ShownOnce } from './shown-once';
import './partners.css';
import { type WebhookFields, WebhookForm } from './webhook-form';
import { EndpointState } from './webhooks-panel';

/**
 * One webhook endpoint: its settings, its signing secret, a test event, and its delivery log. Under
 * /partners/:code for the post's administrator, under /access for the partner's own user.
 */
export default function WebhookPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { code, id = '' } = useParams();
  const back = code === undefined ? '/access' : partnerPath(code);
  const path = `/webhooks/${encodeURIComponent(id)}`;
  const { data, error, loading, reload } = useApi<TWebhookEndpoint>(path);
  const [form] = Form.useForm<WebhookFields>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [secret, setSecret] = useState<string>();
  const [sent, setSent] = useState(0);

  useEffect(() => {
    if (data) form.setFieldsValue({ url: data.url, events: data.events.filter(isWebhookEventType), description: data.description ?? '', enabled: data.enabled });
  }, [data, form]);

  const save = async (values: WebhookFields) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      const description = values.description?.trim();
      const body: TWebhookPatch = { url: values.url.trim(), events: values.events, description: description ? description : null, enabled: values.enabled ?? true };
      await api.patch<TWebhookEndpoint>(path, { body });
      void message.success(t('endpoint.saved'));
      reload();
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const fail = (what: string) => (err: unknown) => void message.error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  const rotate = () =>
    api
      .post<TSecretRotated>(`${path}/rotate-secret`)
      .then((answer) => {
        setSecret(answer.secret);
        reload();
      })
      .catch(fail(t('endpoint.rotateFailed')));
  const sendTest = () =>
    api
      .post(`${path}/test`)
      .then(() => {
        void message.success(t('endpoint.testSent'));
        setSent((n) => n + 1);
      })
      .catch(fail(t('endpoint.testFailed')));
  const remove = () =>
    api
      .delete(path)
      .then(() => {
        void message.success(t('endpoint.deleted'));
        navigate(back);
      })
      .catch(fail(t('endpoint.deleteFailed')));

  return (
    <div className="songda-page">
      <PageHeader
        title={<span className="songda-mono">{data?.url ?? id}</span>}
        subtitle={
          <>
            <Link to={back}>{t('webhooks.title')}</Link> · <span className="songda-mono">{id}</span> {data && <EndpointState endpoint={data} />}
          </>
        }
        extra={
          <Space wrap>
            <Button type="primary" icon={<SendOutlined />} onClick={() => void sendTest()} disabled={!data}>
              {t('endpoint.test')}
            </Button>
            <Popconfirm title={t('endpoint.rotateConfirm')} onConfirm={rotate}>
              <Button icon={<KeyOutlined />} disabled={!data}>
                {t('endpoint.rotate')}
              </Button>
            </Popconfirm>
            <Popconfirm title={t('endpoint.deleteConfirm')} onConfirm={remove}>
              <Button danger icon={<DeleteOutlined />} disabled={!data}>
                {t('endpoint.delete')}
              </Button>
            </Popconfirm>
          </Space>
        }
      />
      <ApiErrorAlert error={error} title={t('endpoint.loadFailed')} />
      {data && !data.enabled && data.disabledReason && (
        <Alert type="warning" showIcon className="songda-card" title={t('endpoint.disabledReason', { reason: label('disabledReason', data.disabledReason) })} />
      )}
      {data?.previousSecretExpiresAt && <Alert type="info" showIcon className="songda-card" title={t('endpoint.previousSecret', { at: localTime(data.previousSecretExpiresAt) })} />}
      {loading && !data && <Skeleton active />}
      <Card size="small" className="songda-card" title={t('endpoint.settings')} hidden={!data}>
        <ApiErrorAlert error={saveError} title={t('endpoint.saveFailed')} />
        <WebhookForm form={form} onFinish={(v) => void save(v)} disabled={saving} withEnabled />
        <Button type="primary" onClick={() => form.submit()} loading={saving}>
          {t('endpoint.save')}
        </Button>
      </Card>
      <Card size="small" className="songda-card" title={t('deliveries.title')}>
        <DeliveryLog endpointId={id} refresh={sent} />
      </Card>
      <ShownOnce title={t('endpoint.rotated')} note={t('webhooks.secretOnce')} value={secret} onClose={() => setSecret(undefined)} />
    </div>
  );
}
