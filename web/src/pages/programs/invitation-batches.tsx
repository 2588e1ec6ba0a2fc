import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { openPdf } from '../../api/client';
import type { TInvitationBatch, TInvitationView } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { count, localTime } from '../../lib/format';
import { InvitationTable } from './invitation-table';
import './forms.css';

/** Who made a batch, as the audit log names them: a user by name, an API token by its id, the command line. */
function Maker({ actor }: { actor: string | null }) {
  const { t } = useI18n();
  if (actor === null) return <Typography.Text type="secondary">{t('batches.unknownMaker')}</Typography.Text>;
  if (actor === 'cli') return <>{t('batches.byCli')}</>;
  if (actor.startsWith('user:')) return <>{actor.slice('user:'.length)}</>;
  if (actor.startsWith('token:')) return <span title={actor}>{t('batches.byToken', { id: actor.slice('token:'.length, 'token:'.length + 8) })}</span>;
  return <>{actor}</>;
}

/**
 * A program's past batches of invitations, newest first, each reopened on demand: its links (signed
 * again by the server, never stored) and its printable sheet. `generation` changes when a batch is made.
 */
export function InvitationBatches({ code, generation }: { code: string; generation: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const program = encodeURIComponent(code);
  const batches = useApi<TInvitationBatch[]>(`/programs/${program}/invitation-batches`);
  const [open, setOpen] = useState<string>();
  const links = useApi<TInvitationView[]>(open ? `/programs/${program}/invitations` : null, { batch: open });
  const { reload } = batches;

  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);

  const printSheet = (sheet: string) =>
    openPdf('GET', sheet).catch((err: unknown) => void message.error(`${t('invitations.sheetFailed')}: ${err instanceof Error ? err.message : String(err)}`));

  return (
    <section className="songda-batches" aria-label={t('batches.title')}>
      <Typography.Title level={2} className="songda-section-title">
        {t('batches.title')}
      </Typography.Title>
      <ApiErrorAlert error={batches.error} title={t('batches.loadFailed')} />
      <Table<TInvitationBatch>
        size="small"
        className="songda-batch-table"
        rowKey="batch"
        loading={batches.loading}
        dataSource={batches.data ?? []}
        pagination={(batches.data?.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('batches.none') }}
        rowClassName={(b) => (b.batch === open ? 'songda-row-selected' : '')}
        columns={[
          { title: t('invitations.batch'), dataIndex: 'batch', width: 130, render: (b: string) => <span className="songda-mono">{b}</span> },
          { title: t('batches.createdAt'), dataIndex: 'createdAt', width: 150, render: (iso: string) => localTime(iso) },
          { title: t('batches.createdBy'), dataIndex: 'createdBy', width: 170, ellipsis: true, render: (by: string | null) => <Maker actor={by} /> },
          { title: t('batches.invitations'), dataIndex: 'invitations', width: 100, align: 'right', render: count },
          { title: t('batches.used'), dataIndex: 'used', width: 80, align: 'right', render: count },
          { title: t('batches.open'), dataIndex: 'open', width: 80, align: 'right', render: count },
          { title: t('batches.expired'), dataIndex: 'expired', width: 80, align: 'right', render: count },
          { title: t('batches.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (iso: string) => localTime(iso) },
          {
            title: t('batches.actions'),
            key: 'actions',
            width: 220,
            // Kept in sight on a narrow screen, where the counts scroll under it.
            fixed: 'right',
            render: (_: unknown, b) => (
              <Space size={4} wrap>
                <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(open === b.batch ? undefined : b.batch)} aria-expanded={open === b.batch} aria-label={`${t('batches.reopen')} ${b.batch}`}>
                  {open === b.batch ? t('batches.hide') : t('batches.reopen')}
                </Button>
                <Button size="small" icon={<PrinterOutlined />} onClick={() => void printSheet(b.sheet)} aria-label={`${t('batches.sheet')} ${b.batch}`}>
                  {t('batches.sheet')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {open && (
        <section className="songda-invitations" aria-label={t('batches.reopened', { batch: open, n: links.data?.length ?? 0 })}>
          <Typography.Text strong className="songda-panel-actions">
            {t('batches.reopened', { batch: open, n: links.data?.length ?? 0 })}
          </Typography.Text>
          <Alert type="info" showIcon className="songda-panel-actions" title={t('batches.linkNote')} />
          <ApiErrorAlert error={links.error} title={t('batches.reopenFailed')} />
          {links.data && <InvitationTable invitations={links.data} now={Date.now()} />}
        </section>
      )}
    </section>
  );
}
