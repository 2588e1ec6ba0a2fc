import { Card, Empty, Table, Tag, Tooltip } from 'antd';
import type { TItemNotification, TItemNotifications } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

const STATUS_COLORS = { pending: 'gold', sent: 'green', failed: 'red', shown: 'default' } as const;

/** What the item's recipient was told by SMS, oldest first: masked phone, text with codes masked. */
export function ItemNotifications({ trackingNo }: { trackingNo: string }) {
  const { t } = useI18n();
  const { data, error } = useApi<TItemNotifications>(`/items/${encodeURIComponent(trackingNo)}/notifications`);
  return (
    <Card size="small" className="songda-card" title={t('sms.title')} data-testid="item-notifications">
      <ApiErrorAlert error={error} title={t('sms.loadFailed')} />
      {data && data.notifications.length === 0 && <Empty description={t('sms.none')} />}
      {data && data.notifications.length > 0 && (
        <Table<TItemNotification>
          size="small"
          rowKey="outId"
          pagination={false}
          scroll={{ x: true }}
          dataSource={data.notifications}
          columns={[
            { title: t('sms.when'), dataIndex: 'createdAt', render: (at: string) => <span className="songda-nowrap">{localTime(at)}</span> },
            { title: t('sms.template'), dataIndex: 'template', render: (v: TItemNotification['template']) => <span className="songda-nowrap">{t(`sms.template.${v}`)}</span> },
            {
              title: t('sms.status'),
              dataIndex: 'status',
              render: (v: TItemNotification['status'], n) => (
                <Tooltip title={n.lastError ?? undefined}>
                  <Tag color={STATUS_COLORS[v]}>{t(`sms.status.${v}`)}</Tag>
                </Tooltip>
              ),
            },
            { title: t('sms.phone'), dataIndex: 'phone', render: (v: string) => <span className="songda-nowrap">{v}</span> },
            { title: t('sms.text'), dataIndex: 'text' },
            { title: <span className="songda-nowrap">{t('sms.tries')}</span>, dataIndex: 'tries', align: 'right' },
          ]}
        />
      )}
    </Card>
  );
}
