import { Button, Form, Input, Modal, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { type TWorkOrder, WORK_ORDER_CHANNELS, type WorkOrderStatus, type WorkOrderType } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { type Translate, useI18n } from '../../i18n/i18n';

export const WO_TYPES: readonly WorkOrderType[] = ['enquiry', 'complaint', 'address_change', 'redelivery', 'loss_report', 'other'];
export const WO_STATUSES: readonly WorkOrderStatus[] = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit', 'resolved', 'closed'];

/** The browser's clock, read again every 30 seconds: deadlines count down without reloading the list. */
export function useTicking(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/**
 * Deadlines that count down live: the server's answer (time left in business time on the unit's
 * calendar, at its `now`) is asked for again every minute, and between answers the tags count wall
 * minutes from it. Off hours and pauses are thus never more than a minute wrong.
 */
export function useLiveDeadlines(data: unknown, reload: () => void): { now: number; loadedAt: number } {
  const now = useTicking();
  const [loadedAt, setLoadedAt] = useState(() => Date.now());
  useEffect(() => {
    if (data) setLoadedAt(Date.now());
  }, [data]);
  useEffect(() => {
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [reload]);
  return { now, loadedAt };
}

const duration = (t: Translate, minutes: number) => {
  const m = Math.abs(Math.round(minutes));
  return m >= 60 ? t('wo.hm', { h: Math.floor(m / 60), m: m % 60 }) : t('wo.m', { m });
};

/**
 * One deadline as of `now`: the server's minutes left at `loadedAt`, counted down since while it runs
 * (a paused or met deadline stands still). Red once overdue.
 */
export function DeadlineTag({ deadline, loadedAt, now }: { deadline: TWorkOrder['firstResponse']; loadedAt: number; now: number }) {
  const { t } = useI18n();
  if (deadline.state === 'hit') return <Tag color="green">{t('wo.hit')}</Tag>;
  if (deadline.state === 'missed') return <Tag color="orange">{t('wo.missed')}</Tag>;
  if (deadline.state === 'paused') return <Tag color="default">{t('wo.paused', { time: duration(t, deadline.minutesLeft) })}</Tag>;
  const left = deadline.minutesLeft - (now - loadedAt) / 60_000;
  return left < 0 ? (
    <Tag color="red" data-overdue="yes">
      {t('wo.overdueBy', { time: duration(t, left) })}
    </Tag>
  ) : (
    <Tag color={left < 30 ? 'gold' : 'blue'}>{t('wo.left', { time: duration(t, left) })}</Tag>
  );
}

export function PriorityTags({ order }: { order: Pick<TWorkOrder, 'greenChannel' | 'priority' | 'escalationLevel'> }) {
  const { t } = useI18n();
  return (
    <>
      {order.greenChannel && <Tag color="green">{t('wo.green')}</Tag>}
      {order.priority === 'urgent' && <Tag color="volcano">{t('wo.urgent')}</Tag>}
      {order.escalationLevel > 0 && <Tag color="magenta">{t('wo.level', { level: order.escalationLevel })}</Tag>}
    </>
  );
}

interface NewOrderForm {
  type: WorkOrderType;
  channel: (typeof WORK_ORDER_CHANNELS)[number];
  trackingNo?: string;
  contactName?: string;
  contactPhone?: string;
  description: string;
  priority: 'normal' | 'urgent';
}

/** Opens a work order — from the queue (a phone call) or from an item's page (its tracking number filled in); goes to the new order's page. */
export function NewWorkOrderButton({ trackingNo, channel = 'phone', label }: { trackingNo?: string; channel?: NewOrderForm['channel']; label?: string }) {
  const { t, label: term } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewOrderForm>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (v: NewOrderForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const contact = v.contactName || v.contactPhone ? { ...(v.contactName ? { name: v.contactName } : {}), ...(v.contactPhone ? { phone: v.contactPhone } : {}) } : undefined;
      const body = { type: v.type, channel: v.channel, description: v.description, priority: v.priority, ...(v.trackingNo ? { trackingNo: v.trackingNo.trim().toUpperCase() } : {}), ...(contact ? { contact } : {}) };
      const created = await api.post<{ number: string }>('/work-orders', { body });
      setOpen(false);
      navigate(`/work-orders/${created.number}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {label ?? t('wo.new.open')}
      </Button>
      <Modal open={open} title={t('wo.new.title')} okText={t('wo.new.submit')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form<NewOrderForm>
          form={form}
          layout="vertical"
          initialValues={{ type: 'enquiry', channel, priority: 'normal', trackingNo }}
          onFinish={(v) => void submit(v)}
          disabled={busy}
        >
          <Form.Item name="type" label={t('wo.new.type')}>
            <Select options={WO_TYPES.map((v) => ({ value: v, label: term('woType', v) }))} />
          </Form.Item>
          <Form.Item name="channel" label={t('wo.new.channel')}>
            <Select options={WORK_ORDER_CHANNELS.filter((c) => c !== 'proactive').map((v) => ({ value: v, label: term('woChannel', v) }))} />
          </Form.Item>
          <Form.Item name="trackingNo" label={t('wo.new.trackingNo')}>
            <Input maxLength={20} disabled={trackingNo !== undefined} />
          </Form.Item>
          <Form.Item name="contactName" label={t('wo.new.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('wo.new.contactPhone')}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item name="description" label={t('wo.new.description')} rules={[{ required: true, whitespace: true, message: t('wo.new.descriptionRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="priority" label={t('wo.new.priority')}>
            <Select options={['normal', 'urgent'].map((v) => ({ value: v, label: v === 'urgent' ? t('wo.urgent') : t('wo.normal') }))} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('wo.new.failed')} />
      </Modal>
    </>
  );
}
