import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { openPdf } from '../../api/client';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { S10_PATTERN, normalizeTrackingNo } from '../../lib/format';

/** Address labels for a list of items, as one PDF the server lays out. */
export function LabelsPanel() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const numbers = [...new Set(text.split(/[\s,，;；]+/).map(normalizeTrackingNo).filter(Boolean))];
  const bad = numbers.filter((n) => !S10_PATTERN.test(n));

  const print = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await openPdf('POST', '/labels', { body: { trackingNos: numbers } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" onFinish={() => void print()}>
      <Form.Item
        label={t('labels.trackingNos')}
        htmlFor="labels-numbers"
        extra={t('labels.hint', { n: numbers.length })}
        validateStatus={bad.length ? 'error' : undefined}
        help={bad.length ? t('labels.bad', { list: bad.slice(0, 5).join(', ') }) : undefined}
      >
        <Input.TextArea id="labels-numbers" rows={6} value={text} onChange={(e) => setText(e.target.value)} className="songda-mono" placeholder="EA123456785CN" />
      </Form.Item>
      <Button type="primary" htmlType="submit" icon={<PrinterOutlined />} loading={busy} disabled={numbers.length === 0 || bad.length > 0}>
        {t('labels.print')}
      </Button>
      <Alert type="info" showIcon className="songda-card" title={t('labels.singleHint')} />
      <ApiErrorAlert error={error} title={t('labels.failed')} />
    </Form>
  );
}
