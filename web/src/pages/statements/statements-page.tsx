import { Card, Form, Select } from 'antd';
import { Link, useNavigate } from 'react-router';
import { STATEMENT_STATUSES, type StatementHeader, type StatementPage, type StatementStatus } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSignedInUser } from '../../app/access';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { count, yuan } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { NewStatementButton } from './new-statement-button';
import { RECIPIENT_PAYER, StatementStatusTag, mayBill, statementPath, statementTime, usePayerName, usePayerOptions } from './statement-parts';

/**
 * The statements, newest first, filtered by payer and status in the URL. A partner's user gets its
 * own from the server and has no payer to choose; only admins and operators make drafts.
 */
export default function StatementsPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const partner = user?.role === 'partner';
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const status = STATEMENT_STATUSES.find((s) => s === get('status'));
  const payer = partner ? undefined : get('payer');
  const { data, error, loading } = useApi<StatementPage>('/statements', { payer, status, limit, cursor });
  const payers = usePayerOptions(!partner);
  const payerName = usePayerName();
  const rows = data?.statements ?? [];

  return (
    <div className="songda-page">
      <PageHeader
        title={t('stmt.list.title')}
        subtitle={partner ? t('stmt.list.partnerSubtitle') : t('stmt.list.subtitle')}
        extra={mayBill(user) && <NewStatementButton />}
      />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          {!partner && (
            <Form.Item label={t('stmt.filter.payer')} htmlFor="stmt-payer">
              <Select
                id="stmt-payer"
                allowClear
                showSearch
                optionFilterProp="label"
                value={payer}
                placeholder={t('filter.any')}
                loading={payers.loading}
                style={{ minWidth: 240 }}
                onChange={(v: string | undefined) => set({ payer: v })}
                options={payers.options}
              />
            </Form.Item>
          )}
          <Form.Item label={t('stmt.filter.status')} htmlFor="stmt-status">
            <Select
              id="stmt-status"
              allowClear
              value={status}
              placeholder={t('filter.any')}
              style={{ minWidth: 120 }}
              onChange={(v: StatementStatus | undefined) => set({ status: v })}
              options={STATEMENT_STATUSES.map((s) => ({ value: s, label: label('statementStatus', s) }))}
            />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('stmt.list.loadFailed')} />
        <NavTable<StatementHeader>
          rowKey="id"
          loading={loading && !data}
          dataSource={rows}
          onOpen={(s) => navigate(statementPath(s.id))}
          rowLabel={(s) => `${payerName(s.payer, s.payerName)} ${t('stmt.period', { from: s.from, to: s.to })}`}
          scroll={{ x: 1180 }}
          locale={{ emptyText: t('stmt.list.none') }}
          columns={[
            {
              title: t('stmt.col.payer'),
              key: 'payer',
              width: 220,
              render: (_, s) => (
                <>
                  <Link to={statementPath(s.id)} tabIndex={-1}>
                    {s.payer === RECIPIENT_PAYER ? t('stmt.recipient') : (s.payerName ?? s.payer)}
                  </Link>{' '}
                  {s.payer !== RECIPIENT_PAYER && s.payerName && mono(s.payer)}
                </>
              ),
            },
            { title: t('stmt.col.period'), key: 'period', width: 190, render: (_, s) => t('stmt.period', { from: s.from, to: s.to }) },
            { title: t('stmt.col.status'), key: 'status', width: 80, render: (_, s) => <StatementStatusTag status={s.status} /> },
            { title: t('stmt.col.items'), key: 'items', width: 80, align: 'right', render: (_, s) => count(s.totals.items) },
            { title: t('stmt.col.net'), key: 'net', width: 120, align: 'right', render: (_, s) => yuan(s.totals.netFen) },
            { title: t('stmt.col.donation'), key: 'donation', width: 100, align: 'right', render: (_, s) => yuan(s.totals.donationFen) },
            { title: t('stmt.col.adjustments'), key: 'adjustments', width: 70, align: 'right', render: (_, s) => count(s.adjustments) },
            { title: t('stmt.col.createdAt'), key: 'createdAt', width: 160, render: (_, s) => statementTime(s.createdAt) },
            { title: t('stmt.col.issuedAt'), key: 'issuedAt', width: 160, render: (_, s) => statementTime(s.issuedAt) || '–' },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
      </Card>
    </div>
  );
}
