import { Card, Tabs } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { useUrlState } from '../../lib/url-state';
import { CredentialsPanel } from './credentials-panel';
import { WebhooksPanel } from './webhooks-panel';

/**
 * One partner's access to the API: its tokens and its webhook endpoints. The administrator's page
 * of a partner and a partner's own "my access" page show the same, `admin` saying which it is.
 */
export function PartnerAccess({ partner, basePath, admin }: { partner: string; basePath: string; admin: boolean }) {
  const { t } = useI18n();
  const { get, set } = useUrlState();
  const tab = get('tab') === 'tokens' ? 'tokens' : 'webhooks';
  return (
    <Card size="small" className="songda-card">
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ tab: key === 'webhooks' ? null : key })}
        items={[
          { key: 'webhooks', label: t('webhooks.title'), children: <WebhooksPanel partner={partner} basePath={basePath} admin={admin} /> },
          { key: 'tokens', label: t('tokens.title'), children: <CredentialsPanel partner={partner} canCreate={admin} /> },
        ]}
      />
    </Card>
  );
}
