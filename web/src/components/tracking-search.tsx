import { Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { S10_PATTERN, normalizeTrackingNo } from '../lib/format';

/** Tracking number → the item's timeline. Checks the S10 shape before asking the server. */
export function TrackingSearch({ initial = '', autoFocus = false }: { initial?: string; autoFocus?: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [invalid, setInvalid] = useState(false);
  const submit = () => {
    const no = normalizeTrackingNo(value);
    if (!S10_PATTERN.test(no)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    navigate(`/items/${encodeURIComponent(no)}`);
  };
  return (
    <Form layout="inline" onFinish={submit} className="songda-tracking-search">
      <Form.Item
        label={t('item.trackingNo')}
        htmlFor="tracking-search"
        validateStatus={invalid ? 'error' : undefined}
        help={invalid ? t('item.badTrackingNo') : undefined}
      >
        <Space.Compact>
          <Input
            id="tracking-search"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder="EA123456785CN"
            autoFocus={autoFocus}
            allowClear
            style={{ width: 240 }}
            className="songda-mono"
          />
          <Button type="primary" htmlType="submit">
            {t('action.search')}
          </Button>
        </Space.Compact>
      </Form.Item>
    </Form>
  );
}
