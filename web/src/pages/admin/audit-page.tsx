import { Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { TAuditPage } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { OptionalRangeField } from '../../components/date-range';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { PageHeader } from '../../components/page-header';
import { type Translate, useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';

type AuditRow = TAuditPage['rows'][number];

/** The actions the log records today; the filter also takes any other the server may write. */
const ACTIONS = ['recipient.reveal', 'token.create', 'token.revoke', 'user.create', 'user.update', 'user.disable', 'user.enable', 'user.password_reset', 'user.password_change'] as const;

/** `li` is the user li; `token:…`, `user:…` and `cli` are taken as the log writes them. */
export const actorFilter = (text: string): string | undefined => {
  const v = text.trim();
  if (v === '') return undefined;
  return v.includes(':') || v === 'cli' ? v : `user:${v}`;
};

/** Who acted, as a person reads it: 用户 li, 令牌 0123…, 命令行. */
function Actor({ actor }: { actor: string }) {
  const { label } = useI18n();
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  if (!id) return <Tag>{label('actorKind', actor)}</Tag>;
  return (
    <>
      <Tag>{label('actorKind', kind ?? '')}</Tag>
      {mono(id)}
    </>
  );
}

/** What a row's detail says that matters to a reader; the whole of it is in the title. */
function describe(row: AuditRow, t: Translate, label: (group: string, value: string) => string): string {
  const d = row.detail ?? {};
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(t('audit.reason', { reason: d.reason }));
  if (typeof d.programCode === 'string') parts.push(t('audit.program', { code: d.programCode }));
  if (typeof d.role === 'string') parts.push(label('role', d.role));
  if (typeof d.sessionsEnded === 'number') parts.push(t('audit.sessionsEnded', { n: d.sessionsEnded }));
  if (d.generated === true) parts.push(t('audit.generated'));
  if (d.changes && typeof d.changes === 'object') {
    for (const [field, change] of Object.entries(d.changes as Record<string, unknown>)) {
      const [before, after] = Array.isArray(change) ? change : [];
      parts.push(`${field}: ${String(before ?? '–')} → ${String(after ?? '–')}`);
    }
  }
  return parts.join(t('audit.separator'));
}

/** The audit log: who did what, when, to what; filtered by actor, action and days; newest first. */
export default function AuditPage() {
  const { t, label } = useI18n();
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const query = { actor: get('actor'), action: get('action'), from: get('from'), to: get('to'), cursor, limit };
  const { data, error, loading } = useApi<TAuditPage>('/audit', query);
  const rows = data?.rows ?? [];
  const [actorText, setActorText] = useState(get('actor')?.replace(/^user:/, '') ?? '');
  useEffect(() => setActorText(get('actor')?.replace(/^user:/, '') ?? ''), [get]);

  return (
    <div className="songda-page">
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('audit.actor')} htmlFor="audit-actor">
            <Input.Search
              id="audit-actor"
              allowClear
              placeholder={t('audit.actorPlaceholder')}
              value={actorText}
              onChange={(e) => setActorText(e.target.value)}
              onSearch={(v) => set({ actor: actorFilter(v) })}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item label={t('audit.action')} htmlFor="audit-action">
            <Select
              id="audit-action"
              allowClear
              placeholder={t('audit.anyAction')}
              value={query.action}
              onChange={(v?: string) => set({ action: v })}
              options={ACTIONS.map((a) => ({ value: a, label: label('auditAction', a) }))}
              style={{ width: 170 }}
            />
          </Form.Item>
          <Form.Item label={t('audit.period')} htmlFor="audit-range">
            <OptionalRangeField id="audit-range" />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('audit.loadFailed')} />
        <Table<AuditRow>
          className="songda-audit"
          size="small"
          bordered
          rowKey="id"
          loading={loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 960 }}
          locale={{ emptyText: t('audit.none') }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', width: 165, render: (at: string) => mono(localTime(at)) },
            { title: t('audit.actor'), dataIndex: 'actor', width: 200, render: (a: string) => <Actor actor={a} /> },
            { title: t('audit.action'), dataIndex: 'action', width: 140, render: (a: string) => label('auditAction', a) },
            { title: t('audit.subject'), dataIndex: 'subject', width: 200, ellipsis: true, render: mono },
            {
              title: t('audit.detail'),
              key: 'detail',
              render: (_: unknown, r) => (
                <Typography.Text title={r.detail ? JSON.stringify(r.detail) : undefined}>{describe(r, t, label) || '–'}</Typography.Text>
              ),
            },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
      </Card>
    </div>
  );
}
