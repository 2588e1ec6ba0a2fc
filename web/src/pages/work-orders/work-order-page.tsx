import { Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Space, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { nextStatus } from '../../../../src/modules/work-orders/work-order-lifecycle.js';
import { api } from '../../api/client';
import type { TWorkOrderDetail } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { UnitSelect } from '../../components/units';
import { type Translate, useI18n } from '../../i18n/i18n';
import { localTime, writtenTime } from '../../lib/format';
import { DeadlineTag, PriorityTags, useLiveDeadlines } from './work-order-parts';

const ACTIONS = ['assign', 'reply', 'wait', 'resume', 'resolve', 'reopen', 'close', 'escalate', 'note'] as const;
type Action = (typeof ACTIONS)[number];
const OUTCOMES = ['done', 'not_done', 'answered', 'duplicate', 'withdrawn'] as const;

interface ActionForm {
  unit?: string;
  user?: string;
  message?: string;
  outcome?: (typeof OUTCOMES)[number];
  on?: 'customer' | 'unit';
  date?: string;
}

const who = (t: Translate, by: { kind: string; actor: string | null }) => (by.kind === 'system' ? t('wo.page.system') : by.kind === 'citizen' ? t('wo.page.citizen') : (by.actor ?? by.kind));

/** One action's form: only the fields it takes; the server names any it refuses. */
function ActionButton({ order, action, onDone }: { order: TWorkOrderDetail; action: Action; onDone: () => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<ActionForm>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const outcome = Form.useWatch('outcome', form);
  const submit = async (v: ActionForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const body = Object.fromEntries(Object.entries({ action, ...v }).filter(([, value]) => value !== undefined && value !== ''));
      await api.post(`/work-orders/${order.number}/actions`, { body });
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} danger={action === 'escalate'}>
        {label('woAction', action)}
      </Button>
      <Modal open={open} title={t('wo.action.title', { action: label('woAction', action) })} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form<ActionForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} initialValues={action === 'wait' ? { on: 'customer' } : {}}>
          {action === 'assign' && (
            <>
              <Form.Item name="unit" label={t('wo.action.unit')}>
                <UnitSelect value={undefined} onChange={(v) => form.setFieldValue('unit', v)} />
              </Form.Item>
              <Form.Item name="user" label={t('wo.action.user')}>
                <Input maxLength={64} />
              </Form.Item>
            </>
          )}
          {action === 'wait' && (
            <Form.Item name="on" label={t('wo.action.on')}>
              <Select
                options={[
                  { value: 'customer', label: t('wo.action.onCustomer') },
                  { value: 'unit', label: t('wo.action.onUnit') },
                ]}
              />
            </Form.Item>
          )}
          {action === 'resolve' && (
            <Form.Item name="outcome" label={t('wo.action.outcome')} rules={[{ required: true }]}>
              <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`wo.outcome.${o}`) }))} />
            </Form.Item>
          )}
          {action === 'resolve' && outcome === 'done' && order.type === 'redelivery' && (
            <Form.Item name="date" label={t('wo.action.date')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}>
              <Input placeholder="YYYY-MM-DD" maxLength={10} />
            </Form.Item>
          )}
          <Form.Item name="message" label={t('wo.action.message')} rules={[{ required: action === 'reply' || action === 'note', whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('wo.action.failed')} />
      </Modal>
    </>
  );
}

/** An order: both deadlines counting down, the actions its status allows, its history, and the item's timeline. */
export default function WorkOrderPage() {
  const { t, label } = useI18n();
  const { number = '' } = useParams();
  const { data: order, error, loading, reload } = useApi<TWorkOrderDetail>(`/work-orders/${encodeURIComponent(number)}`);
  const { now, loadedAt } = useLiveDeadlines(order, reload);

  return (
    <div className="songda-page">
      <PageHeader title={t('wo.page.title', { number })} subtitle={order && <PriorityTags order={order} />} />
      <ApiErrorAlert error={error} title={t('wo.page.loadFailed')} />
      {order && (
        <>
          <Card size="small" className="songda-card" loading={loading && !order}>
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('wo.col.type')}>{label('woType', order.type)}</Descriptions.Item>
              <Descriptions.Item label={t('wo.col.status')}>
                <Tag>{label('woStatus', order.status)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('wo.page.channel')}>{label('woChannel', order.channel)}</Descriptions.Item>
              <Descriptions.Item label={t('wo.col.firstResponse')}>
                <DeadlineTag deadline={order.firstResponse} loadedAt={loadedAt} now={now} /> {localTime(order.firstResponse.dueAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('wo.col.resolution')}>
                <DeadlineTag deadline={order.resolution} loadedAt={loadedAt} now={now} /> {localTime(order.resolution.dueAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('wo.col.unit')}>{order.unit.name ? `${order.unit.name} (${order.unit.code})` : order.unit.code}</Descriptions.Item>
              <Descriptions.Item label={t('wo.page.assignee')}>{order.assignee ?? '–'}</Descriptions.Item>
              <Descriptions.Item label={t('wo.col.item')}>{order.trackingNo ? <Link to={`/items/${order.trackingNo}`}>{order.trackingNo}</Link> : '–'}</Descriptions.Item>
              <Descriptions.Item label={t('wo.page.program')}>{order.programCode ? <Link to={`/programs/${order.programCode}`}>{order.programCode}</Link> : '–'}</Descriptions.Item>
              <Descriptions.Item label={t('wo.page.contact')}>{order.contact ? [order.contact.name, order.contact.phone].filter(Boolean).join(' ') : '–'}</Descriptions.Item>
              <Descriptions.Item label={t('wo.page.createdAt')}>{localTime(order.createdAt)}</Descriptions.Item>
              {order.outcome && <Descriptions.Item label={t('wo.page.outcome')}>{t(`wo.outcome.${order.outcome}`)}</Descriptions.Item>}
              {order.satisfaction !== null && <Descriptions.Item label={t('wo.page.satisfaction')}>{order.satisfaction} / 5</Descriptions.Item>}
              <Descriptions.Item label={t('wo.page.description')} span={3}>
                {order.description}
              </Descriptions.Item>
            </Descriptions>
            <Space wrap style={{ marginTop: 12 }}>
              {ACTIONS.filter((a) => nextStatus(order.status, a, 'customer') !== undefined).map((a) => (
                <ActionButton key={a} order={order} action={a} onDone={reload} />
              ))}
            </Space>
          </Card>
          <Card size="small" className="songda-card" title={t('wo.page.history')}>
            <Timeline
              items={order.history.map((h) => ({
                color: h.action === 'escalate' ? 'red' : h.action === 'resolve' ? 'green' : 'blue',
                children: (
                  <div data-testid="wo-history-row">
                    <strong>{label('woAction', h.action)}</strong> · {localTime(h.at)} · {who(t, h.by)} · {label('woStatus', h.toStatus)}
                    {h.escalationLevel !== null && <> · {t('wo.level', { level: h.escalationLevel })}</>}
                    {h.unit && <> · {h.unit}</>}
                    {h.user && <> · {h.user}</>}
                    {h.outcome && <> · {hasOutcome(h.outcome) ? t(`wo.outcome.${h.outcome}`) : h.outcome}</>}
                    {h.message && <div>{h.message}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
          <Card size="small" className="songda-card" title={t('wo.page.item')}>
            {order.item ? (
              <Timeline
                items={order.item.events.map((e) => ({
                  children: (
                    <span>
                      {label('scan', e.code)} · {writtenTime(e.at)} · {e.siteName ?? e.site}
                      {e.reason && <> · {e.reason}</>}
                    </span>
                  ),
                }))}
              />
            ) : (
              <Empty description={t('wo.page.noItem')} />
            )}
          </Card>
        </>
      )}
    </div>
  );
}

const hasOutcome = (o: string): o is (typeof OUTCOMES)[number] | 'scan_filled' => (OUTCOMES as readonly string[]).includes(o) || o === 'scan_filled';
