import { Button, Card, Descriptions, Empty, Form, Input, Modal, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TAddressChanges } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

const office = (o: { code: string; name: string | null } | null) => (o ? (o.name ? `${o.name} (${o.code})` : o.code) : '–');

interface ChangeForm {
  address: string;
  divisionCode?: string;
  reason: string;
}

/** Staff and the sponsor send the item to a new address: placed by the server, which names the field it refuses. */
function ChangeAddressButton({ trackingNo, onChanged }: { trackingNo: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ChangeForm>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (v: ChangeForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/items/${encodeURIComponent(trackingNo)}/address-change`, { body: { address: v.address, reason: v.reason, ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}) } });
      setOpen(false);
      form.resetFields();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('address.change.open')}
      </Button>
      <Modal open={open} title={t('address.change.title')} okText={t('address.change.submit')} confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form<ChangeForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy}>
          <Form.Item name="address" label={t('address.change.address')} rules={[{ required: true, whitespace: true, message: t('address.citizen.addressRequired') }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('address.change.divisionCode')} rules={[{ pattern: /^\d{6}$/, message: t('address.change.divisionCodeInvalid') }]}>
            <Input inputMode="numeric" maxLength={6} />
          </Form.Item>
          <Form.Item name="reason" label={t('address.changes.reason')} rules={[{ required: true, whitespace: true, message: t('address.change.reasonRequired') }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('address.citizen.failed')} />
      </Modal>
    </>
  );
}

/**
 * The item's address changes, oldest first, with who made each and why; the office now and the day
 * the recipient asked for. `canChange`: the reader may send it elsewhere (staff who operate, the sponsor).
 */
export function ItemAddressChanges({ trackingNo, canChange, onChanged }: { trackingNo: string; canChange: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  const { data, error, reload } = useApi<TAddressChanges>(`/items/${encodeURIComponent(trackingNo)}/address-changes`);
  const changed = () => {
    reload();
    onChanged();
  };
  return (
    <Card
      size="small"
      className="songda-card"
      title={t('address.changes.title')}
      data-testid="item-address-changes"
      extra={canChange ? <ChangeAddressButton trackingNo={trackingNo} onChanged={changed} /> : undefined}
    >
      <ApiErrorAlert error={error} title={t('address.changes.loadFailed')} />
      {data && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('address.changes.office')}>{office(data.deliveryOffice)}</Descriptions.Item>
            <Descriptions.Item label={t('address.changes.wished')}>{data.wishedDate ?? '–'}</Descriptions.Item>
          </Descriptions>
          {data.changes.length === 0 ? (
            <Empty description={t('address.changes.none')} />
          ) : (
            <Timeline
              className="songda-timeline"
              items={data.changes.map((c, i) => ({
                key: i,
                content: (
                  <div className="songda-step">
                    <strong>
                      {t(`address.changes.by.${c.byKind}`)}
                      {c.by ? ` · ${c.by}` : ''}
                    </strong>
                    <div>
                      {t('address.changes.from')}：{c.oldAddress ?? '–'} · {office(c.oldOffice)}
                    </div>
                    <div>
                      {t('address.changes.to')}：{c.newAddress} · {office(c.newOffice)}
                    </div>
                    {c.reason && (
                      <div>
                        {t('address.changes.reason')}：{c.reason}
                      </div>
                    )}
                    <Typography.Text type="secondary" className="songda-mono">
                      {localTime(c.at)}
                    </Typography.Text>
                  </div>
                ),
              }))}
            />
          )}
        </>
      )}
    </Card>
  );
}
