import { App, Button, Descriptions, Form, InputNumber, Skeleton, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { DEFAULT_POLICIES, type TProgramWorkOrderSettings, WORK_ORDER_TYPES, type WorkOrderType } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { showFieldErrors } from '../../lib/element-errors';
import './forms.css';

type Minutes = number | null | undefined;
/** The form's values: the API's policy with blanks (null) where the default applies, and proactive service as a switch. */
interface SettingsFields {
  greenChannel: boolean;
  policy: Partial<Record<WorkOrderType, { firstResponseMinutes?: Minutes; resolutionMinutes?: Minutes }>> & { proactive?: { afterHours?: Minutes } };
  proactiveOn: boolean;
}
const FIELDS = ['greenChannel', 'policy'] as const;
const DEADLINES = ['firstResponseMinutes', 'resolutionMinutes'] as const;

function toFields(s: TProgramWorkOrderSettings): SettingsFields {
  return { greenChannel: s.greenChannel, policy: s.policy ?? {}, proactiveOn: s.policy?.proactive !== undefined };
}

/** The numbers filled in; a blank is left out. */
function filled(fields: Record<string, Minutes>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, number] => typeof e[1] === 'number'));
}

/**
 * What PUT sends: the numbers filled in (a blank keeps the default), `policy: null` when none is (back to
 * the defaults). Proactive service switched on without hours is sent so, for the API to name the field.
 */
function toInput(v: SettingsFields): { greenChannel: boolean; policy: Record<string, Record<string, number>> | null } {
  const policy: Record<string, Record<string, number>> = {};
  for (const type of WORK_ORDER_TYPES) {
    const own = filled({ ...v.policy?.[type] });
    if (Object.keys(own).length > 0) policy[type] = own;
  }
  if (v.proactiveOn) policy.proactive = filled({ ...v.policy?.proactive });
  return { greenChannel: v.greenChannel, policy: Object.keys(policy).length > 0 ? policy : null };
}

/**
 * A program's work-order settings, for admins: its green channel (its sponsor's shown beside it, read
 * only), its own deadlines per type over the defaults, and proactive service. Saved with one PUT; the
 * API's refusal goes beside the field it names.
 */
export function ProgramWorkOrderSettings({ code }: { code: string }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsFields>();
  const url = `/work-orders/settings/programs/${encodeURIComponent(code)}`;
  const { data, error, loading } = useApi<TProgramWorkOrderSettings>(url);
  const [saveError, setSaveError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const proactiveOn = Form.useWatch('proactiveOn', form);

  useEffect(() => {
    if (data) form.setFieldsValue(toFields(data));
  }, [data, form]);

  const save = async (values: SettingsFields) => {
    setBusy(true);
    setSaveError(undefined);
    try {
      const saved = await api.put<TProgramWorkOrderSettings>(url, { body: toInput(values) });
      form.resetFields();
      form.setFieldsValue(toFields(saved));
      void message.success(t('woSettings.saved'));
    } catch (err) {
      if (!showFieldErrors(form, err, FIELDS)) setSaveError(err);
    } finally {
      setBusy(false);
    }
  };

  if (error) return <ApiErrorAlert error={error} title={t('woSettings.loadFailed')} />;
  if (loading && !data) return <Skeleton active />;
  const minutesCell = (type: WorkOrderType, field: (typeof DEADLINES)[number]) => (
    <Form.Item name={['policy', type, field]} className="songda-cell-field">
      <InputNumber
        aria-label={`${label('woType', type)} ${t(field === 'firstResponseMinutes' ? 'woSettings.firstResponse' : 'woSettings.resolution')}`}
        placeholder={t('woSettings.defaultMinutes', { n: DEFAULT_POLICIES[type][field] })}
        precision={0}
        suffix={t('woSettings.minutes')}
        style={{ width: '100%' }}
      />
    </Form.Item>
  );

  return (
    <Form<SettingsFields> form={form} layout="vertical" disabled={busy} onFinish={(v) => void save(v)} className="songda-wo-settings">
      <ApiErrorAlert error={saveError} title={t('woSettings.saveFailed')} />
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }} className="songda-wo-settings-flags">
        <Descriptions.Item label={t('woSettings.greenChannel')}>
          <Form.Item name="greenChannel" valuePropName="checked" className="songda-inline-field">
            <Switch aria-label={t('woSettings.greenChannel')} />
          </Form.Item>
          <Typography.Text type="secondary">{t('woSettings.greenChannelHelp')}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('woSettings.sponsorGreenChannel')}>
          {data?.sponsorGreenChannel ? <Tag color="green">{t('woSettings.sponsorOn')}</Tag> : <Tag>{t('woSettings.sponsorOff')}</Tag>}
          <Typography.Text type="secondary">{t('woSettings.sponsorHelp')}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} className="songda-section-title songda-wo-settings-section">
        {t('woSettings.deadlines')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('woSettings.deadlinesHelp')}</Typography.Paragraph>
      <Table<{ type: WorkOrderType }>
        size="small"
        bordered
        pagination={false}
        rowKey="type"
        dataSource={WORK_ORDER_TYPES.map((type) => ({ type }))}
        className="songda-wo-deadlines"
        columns={[
          { title: t('woSettings.type'), dataIndex: 'type', width: 140, render: (type: WorkOrderType) => label('woType', type) },
          { title: t('woSettings.firstResponse'), key: 'first', render: (_, r) => minutesCell(r.type, 'firstResponseMinutes') },
          { title: t('woSettings.resolution'), key: 'resolution', render: (_, r) => minutesCell(r.type, 'resolutionMinutes') },
        ]}
      />

      <Typography.Title level={5} className="songda-section-title songda-wo-settings-section">
        {t('woSettings.proactive')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('woSettings.proactiveHelp')}</Typography.Paragraph>
      <div className="songda-proactive-row">
        <Form.Item name="proactiveOn" valuePropName="checked" className="songda-inline-field">
          <Switch aria-label={t('woSettings.proactive')} />
        </Form.Item>
        <Form.Item name={['policy', 'proactive', 'afterHours']} label={t('woSettings.afterHours')} layout="horizontal" colon={false} className="songda-inline-field">
          <InputNumber aria-label={t('woSettings.afterHours')} disabled={!proactiveOn} precision={0} placeholder="24" suffix={t('woSettings.hours')} style={{ width: 140 }} />
        </Form.Item>
      </div>

      <Button type="primary" htmlType="submit" loading={busy}>
        {t('woSettings.save')}
      </Button>
    </Form>
  );
}
