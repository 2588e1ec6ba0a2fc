import { Button, Space, Table } from 'antd';
import { useState } from 'react';
import type { TRecipient, TRecipientPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { ImportPanel } from '../../components/import-panel';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { useI18n } from '../../i18n/i18n';
import { useKeysetPaging } from '../../lib/url-state';
import { useSignedInUser } from '../../app/access';
import { RevealRecipient } from './reveal-recipient';

/** The program's recipient list (masked), and its import: a dry run first, then the real one. */
export function RecipientsPanel({ code, onImported }: { code: string; onImported: () => void }) {
  const { t, label } = useI18n();
  const [importing, setImporting] = useState(false);
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const { data, error, loading, reload } = useApi<TRecipientPage>(`/programs/${encodeURIComponent(code)}/recipients`, { cursor, limit });
  const rows = data?.rows ?? [];
  const mayReveal = useSignedInUser()?.role === 'admin';

  return (
    <>
      <Space className="songda-panel-actions">
        <Button type={importing ? 'default' : 'primary'} onClick={() => setImporting((v) => !v)}>
          {importing ? t('action.close') : t('recipients.import')}
        </Button>
      </Space>
      {importing && (
        <ImportPanel
          endpoint={`/programs/${encodeURIComponent(code)}/recipients/import`}
          hint={t('recipients.importHint')}
          onImported={() => {
            reload();
            onImported();
          }}
        />
      )}
      <ApiErrorAlert error={error} title={t('recipients.loadFailed')} />
      <Table<TRecipient>
        className="songda-recipients"
        size="small"
        bordered
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('recipients.none') }}
        columns={[
          { title: t('recipients.name'), dataIndex: 'name', width: 100 },
          { title: t('recipients.idNumber'), dataIndex: 'idNumber', width: 190, render: mono },
          { title: t('recipients.phone'), dataIndex: 'phone', width: 130, render: mono },
          { title: t('recipients.category'), dataIndex: 'category', width: 120, render: (c: string) => label('category', c) },
          { title: t('recipients.division'), key: 'division', width: 180, ellipsis: true, render: (_: unknown, r) => r.divisionName ?? r.divisionCode },
          { title: t('recipients.address'), dataIndex: 'address', ellipsis: true },
          ...(mayReveal ? [{ title: '', key: 'reveal', width: 100, render: (_: unknown, r: TRecipient) => <RevealRecipient recipient={r} /> }] : []),
        ]}
      />
      <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
    </>
  );
}
