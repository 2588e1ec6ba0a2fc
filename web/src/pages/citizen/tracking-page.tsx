import { Button, Card, Form, Input, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import type { TPublicTracking } from '../../api/types';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { S10_PATTERN, localTime, normalizeTrackingNo } from '../../lib/format';
import { failureReasonText } from '../items/failure-reason';
import { StatusTag } from '../items/status-tag';
import { CitizenChanges } from './citizen-changes';
import { CitizenShell, INVITATION_ERRORS } from './citizen-shell';

interface TrackForm {
  trackingNo: string;
  phone4: string;
}

/**
 * Public tracking: the tracking number and the last four digits of the phone. The four digits never
 * go into the URL (links get shared); they travel in the navigation state from the request page.
 */
export default function TrackingPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const { trackingNo: fromPath = '' } = useParams();
  const [form] = Form.useForm<TrackForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<TPublicTracking>();
  const [provenBy, setProvenBy] = useState('');

  const lookUp = async ({ trackingNo, phone4 }: TrackForm) => {
    const no = normalizeTrackingNo(trackingNo);
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.get<TPublicTracking>(`/public/tracking/${encodeURIComponent(no)}`, { query: { phone4 }, anonymous: true }));
      setProvenBy(phone4);
      if (no !== fromPath) navigate(`/t/${encodeURIComponent(no)}`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const statePhone4 = (location.state as { phone4?: string } | null)?.phone4;
  useEffect(() => {
    if (fromPath && statePhone4) void lookUp({ trackingNo: fromPath, phone4: statePhone4 });
    // Once, for the number and digits the request page handed over.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const hint = error instanceof ApiError && error.code === 'rate_limited' ? INVITATION_ERRORS.rate_limited : undefined;
  return (
    <CitizenShell title={t('citizen.track.title')}>
      <Form<TrackForm> form={form} layout="vertical" size="large" initialValues={{ trackingNo: fromPath, phone4: statePhone4 ?? '' }} onFinish={(v) => void lookUp(v)} disabled={busy}>
        <Form.Item
          name="trackingNo"
          label={t('item.trackingNo')}
          normalize={(v: string) => normalizeTrackingNo(v)}
          rules={[
            { required: true, message: t('citizen.trackingRequired') },
            { pattern: S10_PATTERN, message: t('item.badTrackingNo') },
          ]}
        >
          <Input autoComplete="off" className="songda-mono" placeholder="EA123456785CN" />
        </Form.Item>
        <Form.Item
          name="phone4"
          label={t('citizen.phone4')}
          rules={[
            { required: true, message: t('citizen.phone4Required') },
            { pattern: /^\d{4}$/, message: t('citizen.phone4Invalid') },
          ]}
        >
          <Input type="tel" inputMode="numeric" maxLength={4} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('citizen.track.submit')}
        </Button>
      </Form>
      {hint && <Typography.Paragraph type="warning">{t(hint)}</Typography.Paragraph>}
      <div className="songda-card">
        <ApiErrorAlert error={error} title={t('citizen.track.failed')} />
      </div>
      {result && (
        <Card size="small" className="songda-card" title={<span className="songda-mono">{result.trackingNo}</span>} extra={<StatusTag status={result.status} />}>
          <p className="songda-citizen-note">
            {result.programName} · {result.recipient.name} {result.recipient.phone}
            {result.destination && ` · ${t('citizen.track.to', { place: result.destination })}`}
          </p>
          {result.events.length === 0 && <p>{t('citizen.track.notYet')}</p>}
          <Timeline
            className="songda-timeline"
            items={[...result.events].reverse().map((e, i) => ({
              key: i,
              color: i === 0 ? 'green' : 'gray',
              content: (
                <div className="songda-step">
                  <strong>{label('scan', e.code)}</strong>
                  <div>{e.siteName ?? ''}</div>
                  {e.reason && <div>{e.code === 'DELIVERY_FAILED' ? failureReasonText(e.reason, label) : e.reason}</div>}
                  <Typography.Text type="secondary" className="songda-mono">
                    {localTime(e.at)}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        </Card>
      )}
      {result && result.status !== 'DELIVERED' && result.status !== 'RETURNED' && <CitizenChanges key={result.trackingNo} trackingNo={result.trackingNo} phone4={provenBy} />}
    </CitizenShell>
  );
}
