import { Checkbox, Form, Input, Switch } from 'antd';
import type { FormInstance } from 'antd';
import type { WebhookEventType } from '../../api/types';
import { WEBHOOK_EVENT_TYPES } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export interface WebhookFields {
  url: string;
  events: WebhookEventType[];
  description?: string;
  enabled?: boolean;
}

/** Checked only for being a whole http(s) URL: whether plain http is allowed is the server's setting. */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** An endpoint's settings: its URL, the events it subscribes to, a description and (once it exists) whether it is pushed to. */
export function WebhookForm({ form, onFinish, disabled, withEnabled }: { form: FormInstance<WebhookFields>; onFinish: (values: WebhookFields) => void; disabled?: boolean; withEnabled?: boolean }) {
  const { t, label } = useI18n();
  return (
    <Form<WebhookFields> name="webhook" form={form} layout="vertical" onFinish={onFinish} disabled={disabled} initialValues={{ events: WEBHOOK_EVENT_TYPES, enabled: true }}>
      <Form.Item
        name="url"
        label={t('webhooks.url')}
        rules={[
          { required: true, message: t('webhooks.urlRequired') },
          { validator: async (_, value: string | undefined) => (!value || isHttpUrl(value.trim()) ? undefined : Promise.reject(new Error(t('webhooks.urlInvalid')))) },
        ]}
      >
        <Input className="songda-mono" placeholder="https://" maxLength={2000} />
      </Form.Item>
      <Form.Item name="events" label={t('webhooks.events')} rules={[{ required: true, type: 'array', min: 1, message: t('webhooks.eventsRequired') }]}>
        <Checkbox.Group
          className="songda-event-choices"
          options={WEBHOOK_EVENT_TYPES.map((type) => ({
            value: type,
            label: (
              <>
                {label('event', type)} <span className="songda-mono songda-secondary">{type}</span>
              </>
            ),
          }))}
        />
      </Form.Item>
      <Form.Item name="description" label={t('webhooks.description')}>
        <Input maxLength={200} />
      </Form.Item>
      {withEnabled && (
        <Form.Item name="enabled" label={t('webhooks.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </Form>
  );
}
