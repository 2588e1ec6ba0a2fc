import { Alert, Card, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SearchResult } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { TrackingSearch } from '../../components/tracking-search';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { MIN_SEARCH_CHARS } from '../../lib/search-target';
import { useUrlState } from '../../lib/url-state';
import { StatusTag } from '../items/status-tag';

type Item = SearchResult['items']['rows'][number];
type Request = SearchResult['requests']['rows'][number];
type Recipient = SearchResult['recipients']['rows'][number];
type Kind = SearchResult['kinds'][number];

const LIMIT = 50;
const mono = (text: string | null) => <span className="songda-mono">{text ?? '–'}</span>;

/** One group of results: its count in the title, a note when more were found than shown. */
function Group({ title, count, more, children }: { title: MessageKey; count: number; more: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      className="songda-card"
      title={
        <span>
          {t(title)} <Tag>{more ? `${LIMIT}+` : count}</Tag>
        </span>
      }
    >
      {more && <Alert type="info" showIcon className="songda-card" title={t('search.more', { n: LIMIT })} />}
      {children}
    </Card>
  );
}

interface Person {
  id: string;
  name: string;
  phone: string;
  idNumber: string | null;
  programCode: string;
  matchedBy: Kind[];
  link: string;
}

const Kinds = ({ of }: { of: readonly Kind[] }) => {
  const { t } = useI18n();
  return of.map((k) => <Tag key={k}>{t(`search.kind.${k}`)}</Tag>);
};

/** Requests and recipients: who (masked), in which program, what found them, and their own columns between. */
function PeopleTable<T extends Person>({ rows, columns, width }: { rows: T[]; columns: ColumnsType<T>; width: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <NavTable<T>
      rowKey="id"
      dataSource={rows}
      onOpen={(r) => navigate(r.link)}
      rowLabel={(r) => `${r.name} ${r.phone} ${r.programCode}`}
      scroll={{ x: width }}
      locale={{ emptyText: t('search.none') }}
      columns={[
        { title: t('search.col.name'), dataIndex: 'name', width: 90, render: (name: string, r) => <Link to={r.link} tabIndex={-1}>{name}</Link> },
        { title: t('search.col.phone'), dataIndex: 'phone', width: 120, render: mono },
        { title: t('search.col.idNumber'), dataIndex: 'idNumber', width: 170, render: mono },
        { title: t('search.col.program'), dataIndex: 'programCode', width: 110, render: mono },
        ...columns,
        { title: t('search.col.matchedBy'), dataIndex: 'matchedBy', width: 110, render: (k: Kind[]) => <Kinds of={k} /> },
      ]}
    />
  );
}

/** `/search?q=`: what the one search box found, grouped by item, request and listed recipient, masked. */
export default function SearchPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const { get } = useUrlState();
  const q = (get('q') ?? '').trim();
  const { data, error, loading } = useApi<SearchResult>([...q].length >= MIN_SEARCH_CHARS ? '/search' : null, { q });
  const empty = data && data.items.rows.length + data.requests.rows.length + data.recipients.rows.length === 0;
  const personal = data?.kinds.some((k) => k === 'phone' || k === 'idNumber' || k === 'name');

  return (
    <div className="songda-page">
      <PageHeader title={t('search.title')} subtitle={t('search.subtitle')} />
      <Card size="small" className="songda-card">
        <TrackingSearch key={q} initial={q} autoFocus={q === ''} />
        {data && (
          <p className="songda-hint">
            {t('search.searchedAs')} <Kinds of={data.kinds} />
            {personal && <Typography.Text type="secondary"> · {t('search.audited')}</Typography.Text>}
          </p>
        )}
      </Card>
      <ApiErrorAlert error={error} title={t('search.loadFailed')} />
      {empty && <Alert type="warning" showIcon className="songda-card" title={t('search.nothing', { q })} />}
      {data && !empty && (
        <Space direction="vertical" style={{ width: '100%' }} size="small">
          <Group title="search.group.items" count={data.items.rows.length} more={data.items.more}>
            <NavTable<Item>
              rowKey="trackingNo"
              loading={loading}
              dataSource={data.items.rows}
              onOpen={(r) => navigate(r.link)}
              rowLabel={(r) => `${r.trackingNo} ${label('scan', r.status)}`}
              scroll={{ x: 640 }}
              locale={{ emptyText: t('search.none') }}
              columns={[
                { title: t('item.trackingNo'), dataIndex: 'trackingNo', width: 150, render: (no: string, r) => <Link to={r.link} className="songda-mono" tabIndex={-1}>{no}</Link> },
                { title: t('col.status'), dataIndex: 'status', width: 130, render: (s: string) => <StatusTag status={s} /> },
                { title: t('search.col.program'), dataIndex: 'programCode', width: 120, render: mono },
                { title: t('item.destination'), key: 'destination', ellipsis: true, render: (_: unknown, r) => r.destination?.divisionName ?? r.destination?.divisionCode ?? '–' },
                {
                  title: t('item.lastEvent'),
                  key: 'lastEvent',
                  width: 200,
                  render: (_: unknown, r) => (r.lastEvent ? <span>{label('scan', r.lastEvent.code)} · {mono(localTime(r.lastEvent.at).slice(5, 16))}</span> : '–'),
                },
              ]}
            />
          </Group>
          <Group title="search.group.requests" count={data.requests.rows.length} more={data.requests.more}>
            <PeopleTable<Request>
              rows={data.requests.rows}
              width={900}
              columns={[
                { title: t('col.status'), dataIndex: 'status', width: 80, render: (s: Request['status']) => t(`search.requestStatus.${s}`) },
                { title: t('item.trackingNo'), dataIndex: 'trackingNo', width: 140, render: mono },
                { title: t('search.col.documentNo'), dataIndex: 'documentNo', width: 130, ellipsis: true, render: mono },
                { title: t('search.col.externalRef'), dataIndex: 'externalRef', width: 130, ellipsis: true, render: mono },
              ]}
            />
          </Group>
          <Group title="search.group.recipients" count={data.recipients.rows.length} more={data.recipients.more}>
            <PeopleTable<Recipient>
              rows={data.recipients.rows}
              width={760}
              columns={[
                { title: t('search.col.category'), dataIndex: 'category', width: 110, render: (c: string) => label('category', c) },
                { title: t('search.col.division'), key: 'division', ellipsis: true, render: (_: unknown, r) => r.divisionName ?? (r.divisionCode || '–') },
              ]}
            />
          </Group>
        </Space>
      )}
    </div>
  );
}
