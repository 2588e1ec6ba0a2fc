import { App, Card, Skeleton, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import type { TPartnerGreenChannel } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';

/** Where the partner's green channel is now. */
function useGreenChannel(partner: string) {
  const { data, error, loading } = useApi<TPartnerGreenChannel>(`/work-orders/settings/partners/${encodeURIComponent(partner)}`);
  return { on: data?.greenChannel, error, loading };
}

/** A partner's green channel, for admins: its programs' orders, and those its credentials open, start urgent. */
export function PartnerGreenChannel({ partner }: { partner: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const current = useGreenChannel(partner);
  const [saved, setSaved] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const on = saved ?? current.on;

  const change = async (next: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.put<TPartnerGreenChannel>(`/work-orders/settings/partners/${encodeURIComponent(partner)}`, { body: { greenChannel: next } });
      setSaved(answer.greenChannel);
      void message.success(t(answer.greenChannel ? 'partnerGreen.on' : 'partnerGreen.off'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" className="songda-card" title={t('partnerGreen.title')}>
      <ApiErrorAlert error={current.error} title={t('partnerGreen.loadFailed')} />
      <ApiErrorAlert error={error} title={t('partnerGreen.failed')} />
      {on === undefined ? (
        current.loading && <Skeleton.Input active size="small" />
      ) : (
        <Space align="center" wrap>
          <Typography.Text>{t('partnerGreen.label')}</Typography.Text>
          <Switch aria-label={t('partnerGreen.label')} checked={on} loading={busy} onChange={(next) => void change(next)} />
          <Typography.Text type="secondary">{t('partnerGreen.help')}</Typography.Text>
        </Space>
      )}
    </Card>
  );
}
