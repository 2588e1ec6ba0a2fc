import { Alert, Button, Card, Form, Input, Segmented, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';

type What = 'address' | 'date';

interface ChangeForm {
  code: string;
  address?: string;
  date?: string;
}

/** Days a recipient may ask for: tomorrow to 14 days ahead, as local dates in China (where the post delivers). */
function wishableDays(now = Date.now()): string[] {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
  return Array.from({ length: 14 }, (_, i) => day.format(new Date(now + (i + 1) * 86_400_000)));
}

/**
 * The recipient changes the address or asks for another day: a code goes by SMS to the phone whose
 * last four digits opened the tracking, then the code with the new address or the day.
 */
export function CitizenChanges({ trackingNo, phone4 }: { trackingNo: string; phone4: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ChangeForm>();
  const [what, setWhat] = useState<What>('address');
  const [sent, setSent] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const path = `/public/items/${encodeURIComponent(trackingNo)}`;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const sendCode = () => run(async () => setSent((await api.post<{ message: string }>(`${path}/verify`, { body: { phone4 }, anonymous: true })).message));
  const submit = (v: ChangeForm) =>
    run(async () => {
      const answer =
        what === 'address'
          ? await api.post<{ message: string }>(`${path}/address-change`, { body: { code: v.code, address: v.address }, anonymous: true })
          : await api.post<{ message: string }>(`${path}/reschedule`, { body: { code: v.code, date: v.date }, anonymous: true });
      setDone(answer.message);
      form.resetFields();
    });

  return (
    <Card size="small" className="songda-card" title={t('address.citizen.title')} data-testid="citizen-changes">
      {done ? (
        <Alert type="success" showIcon message={done} data-testid="citizen-change-done" />
      ) : (
        <>
          <Typography.Paragraph className="songda-citizen-note">{sent ?? t('address.citizen.intro')}</Typography.Paragraph>
          <Button block size="large" onClick={() => void sendCode()} loading={busy && !sent} disabled={busy}>
            {t('address.citizen.sendCode')}
          </Button>
          {sent && (
            <Form<ChangeForm> form={form} layout="vertical" size="large" onFinish={(v) => void submit(v)} disabled={busy} style={{ marginTop: 16 }}>
              <Form.Item name="code" label={t('address.citizen.code')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('address.citizen.codeRequired') }]}>
                <Input type="tel" inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
              </Form.Item>
              <Form.Item label={t('address.citizen.what')}>
                <Segmented<What>
                  block
                  value={what}
                  onChange={setWhat}
                  options={[
                    { value: 'address', label: t('address.citizen.what.address') },
                    { value: 'date', label: t('address.citizen.what.date') },
                  ]}
                />
              </Form.Item>
              {what === 'address' ? (
                <Form.Item name="address" label={t('address.citizen.address')} rules={[{ required: true, whitespace: true, message: t('address.citizen.addressRequired') }]}>
                  <Input.TextArea rows={3} maxLength={200} />
                </Form.Item>
              ) : (
                <Form.Item name="date" label={t('address.citizen.date')} rules={[{ required: true, message: t('address.citizen.dateRequired') }]}>
                  <Select options={wishableDays().map((d) => ({ value: d, label: d }))} />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('address.citizen.submit')}
              </Button>
            </Form>
          )}
          <div className="songda-card">
            <ApiErrorAlert error={error} title={t('address.citizen.failed')} />
          </div>
        </>
      )}
    </Card>
  );
}
