import { Card, Descriptions, Empty, Timeline, Typography } from 'antd';
import type { TAddressChanges } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';

const office = (o: { code: string; name: string | null } | null) => (o ? (o.name ? `${o.name} (${o.code})` : o.code) : '–');

/** The item's address changes, oldest first, with who made each and why; the office now and the day the recipient asked for. */
export function ItemAddressChanges({ trackingNo }: { trackingNo: string }) {
  const { t } = useI18n();
  const { data, error } = useApi<TAddressChanges>(`/items/${encodeURIComponent(trackingNo)}/address-changes`);
  return (
    <Card size="small" className="songda-card" title={t('address.changes.title')} data-testid="item-address-changes">
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
