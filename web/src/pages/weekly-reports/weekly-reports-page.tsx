import { Card, Form, Tag } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { StoredWeeklyReportPage, TStoredWeeklyReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSignedInUser } from '../../app/access';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { count, localTime, percent } from '../../lib/format';
import { useKeysetPaging, useUrlState } from '../../lib/url-state';
import { MakeReportButton } from './make-report-button';
import { ReportDownloads, WeekPicker, lastFullWeek, mayMakeReports, scopeName, storedReportPath, useMadeBy, useWeekLabel } from './weekly-parts';

/** `week=all` in the URL lists every week; no `week` is the last full week. */
const ALL_WEEKS = 'all';

/**
 * The stored weekly reports of a week (the last full one unless the URL says another), newest first.
 * A partner's user gets its programs' reports from the server; only admins and operators make them.
 */
export default function WeeklyReportsPage() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const user = useSignedInUser();
  const { get, set } = useUrlState();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const asked = get('week');
  const week = asked === ALL_WEEKS ? undefined : (asked ?? lastFullWeek());
  const { data, error, loading } = useApi<StoredWeeklyReportPage>('/reports/weekly/stored', { week, limit, cursor });
  const madeBy = useMadeBy();
  const weekLabel = useWeekLabel();
  const rows = data?.rows ?? [];

  return (
    <div className="songda-page">
      <PageHeader
        title={t('weekly.list.title')}
        subtitle={user?.role === 'partner' ? t('weekly.list.partnerSubtitle') : t('weekly.list.subtitle')}
        extra={mayMakeReports(user) && <MakeReportButton defaultWeek={week ?? lastFullWeek()} />}
      />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('weekly.filter.week')} htmlFor="weekly-week">
            <WeekPicker id="weekly-week" allowAll value={week} onChange={(w) => set({ week: w ?? ALL_WEEKS })} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('weekly.list.loadFailed')} />
        <NavTable<TStoredWeeklyReport>
          rowKey="id"
          loading={loading && !data}
          dataSource={rows}
          onOpen={(r) => navigate(storedReportPath(r.id))}
          rowLabel={(r) => `${r.week} ${scopeName(r.scope)}`}
          scroll={{ x: 1100 }}
          locale={{ emptyText: week ? t('weekly.list.none') : t('weekly.list.noneAtAll') }}
          columns={[
            { title: t('weekly.col.week'), key: 'week', width: 200, render: (_, r) => <span title={weekLabel(r.week)}>{weekLabel(r.week)}</span> },
            {
              title: t('weekly.col.scope'),
              key: 'scope',
              width: 280,
              render: (_, r) => (
                <>
                  <Tag data-scope-kind={r.scope.kind}>{label('weekly.scope', r.scope.kind)}</Tag>
                  <Link to={storedReportPath(r.id)} tabIndex={-1}>
                    {r.scope.name || r.scope.code}
                  </Link>{' '}
                  {r.scope.name && mono(r.scope.code)}
                </>
              ),
            },
            { title: t('weekly.col.mailed'), key: 'mailed', width: 90, align: 'right', render: (_, r) => count(r.mailed) },
            { title: t('weekly.col.deliveryRate'), key: 'deliveryRate', width: 90, align: 'right', render: (_, r) => percent(r.deliveryRate, 2) },
            { title: t('weekly.col.breakpointRate'), key: 'breakpointRate', width: 90, align: 'right', render: (_, r) => percent(r.breakpointRate, 2) },
            { title: t('weekly.col.generatedAt'), key: 'generatedAt', width: 160, render: (_, r) => localTime(r.generatedAt) },
            {
              title: t('weekly.col.generatedBy'),
              key: 'generatedBy',
              width: 110,
              render: (_, r) => (r.generatedBy === 'schedule' ? <Tag color="blue">{madeBy(r.generatedBy)}</Tag> : madeBy(r.generatedBy)),
            },
            {
              title: t('weekly.col.downloads'),
              key: 'downloads',
              width: 150,
              render: (_, r) => <ReportDownloads size="small" path={`/reports/weekly/stored/${encodeURIComponent(r.id)}`} describe={`${r.week} ${scopeName(r.scope)}`} />,
            },
          ]}
        />
        <KeysetPager nextCursor={data?.nextCursor} rowCount={rows.length} loading={loading} />
      </Card>
    </div>
  );
}
