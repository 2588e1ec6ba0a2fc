import { Table, Tag, Typography } from 'antd';
import { apiUrl } from '../../api/client';
import type { TInvitationView } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import './forms.css';

/**
 * Invitations with their QR codes and their links shown whole (a link cut short cannot be read out
 * or checked), each with a copy button. `now` tells a lapsed link from an open one.
 */
export function InvitationTable({ invitations, now }: { invitations: readonly TInvitationView[]; now: number }) {
  const { t } = useI18n();
  return (
    <Table<TInvitationView>
      size="small"
      bordered
      rowKey="id"
      dataSource={[...invitations]}
      pagination={invitations.length > 20 ? { pageSize: 20, size: 'small' } : false}
      scroll={{ x: 1000 }}
      className="songda-invitation-table"
      columns={[
        {
          title: t('invitations.qr'),
          dataIndex: 'qrSvg',
          width: 88,
          render: (src: string, inv) => <img src={apiUrl(src)} alt={t('invitations.qrOf', { id: inv.id })} width={72} height={72} className="songda-qr" />,
        },
        { title: t('invitations.recipient'), key: 'recipient', width: 180, render: (_: unknown, inv) => (inv.recipient ? `${inv.recipient.name} ${inv.recipient.idNumber}` : '–') },
        { title: t('invitations.documentNo'), dataIndex: 'documentNo', width: 130, render: (d: string | null) => d ?? '–' },
        { title: t('invitations.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (iso: string) => localTime(iso) },
        {
          title: t('col.status'),
          key: 'state',
          width: 90,
          render: (_: unknown, inv) =>
            inv.usedAt ? <Tag>{t('invitations.used')}</Tag> : Date.parse(inv.expiresAt) <= now ? <Tag color="orange">{t('invitations.expired')}</Tag> : <Tag color="green">{t('invitations.unused')}</Tag>,
        },
        {
          title: t('invitations.link'),
          dataIndex: 'url',
          width: 360,
          className: 'songda-link-column',
          render: (url: string) => (
            <Typography.Text copyable={{ text: url, tooltips: [t('invitations.copyLink')] }} className="songda-link-cell">
              <a href={url} target="_blank" rel="noreferrer" className="songda-mono">
                {url}
              </a>
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}
