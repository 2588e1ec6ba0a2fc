import { Grid, Table, Tag, Typography } from 'antd';
import { apiUrl } from '../../api/client';
import type { TInvitationView } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import './forms.css';

/** Used, lapsed or still open. */
function InvitationState({ invitation, now }: { invitation: TInvitationView; now: number }) {
  const { t } = useI18n();
  if (invitation.usedAt) return <Tag>{t('invitations.used')}</Tag>;
  if (Date.parse(invitation.expiresAt) <= now) return <Tag color="orange">{t('invitations.expired')}</Tag>;
  return <Tag color="green">{t('invitations.unused')}</Tag>;
}

/** The link whole, to open or copy. */
function InvitationLink({ url }: { url: string }) {
  const { t } = useI18n();
  return (
    <Typography.Text copyable={{ text: url, tooltips: [t('invitations.copyLink')] }} className="songda-link-cell">
      <a href={url} target="_blank" rel="noreferrer" className="songda-mono">
        {url}
      </a>
    </Typography.Text>
  );
}

/**
 * Invitations with their QR codes and their links shown whole (a link cut short cannot be read out
 * or checked), each with a copy button: a table, or on a phone a list of cards, where a table's link
 * column would sit off the screen. `now` tells a lapsed link from an open one.
 */
export function InvitationTable({ invitations, now }: { invitations: readonly TInvitationView[]; now: number }) {
  const { t } = useI18n();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!wide) {
    return (
      <ul className="songda-invitation-list">
        {invitations.map((inv) => (
          <li key={inv.id} className="songda-invitation-card">
            <img src={apiUrl(inv.qrSvg)} alt={t('invitations.qrOf', { id: inv.id })} width={72} height={72} className="songda-qr" />
            <div>
              <div>
                <InvitationState invitation={inv} now={now} /> {inv.recipient ? `${inv.recipient.name} ${inv.recipient.idNumber}` : (inv.documentNo ?? '')}
              </div>
              <Typography.Text type="secondary">
                {t('invitations.expiresAt')} {localTime(inv.expiresAt)}
              </Typography.Text>
              <div className="songda-link-column">
                <InvitationLink url={inv.url} />
              </div>
            </div>
          </li>
        ))}
      </ul>
    );
  }
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
          render: (_: unknown, inv) => <InvitationState invitation={inv} now={now} />,
        },
        {
          title: t('invitations.link'),
          dataIndex: 'url',
          width: 360,
          className: 'songda-link-column',
          render: (url: string) => <InvitationLink url={url} />,
        },
      ]}
    />
  );
}
