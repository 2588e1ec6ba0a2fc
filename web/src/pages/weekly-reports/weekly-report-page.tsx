import { ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Space, Spin, Tag } from 'antd';
import { Link, useParams } from 'react-router';
import type { TWeeklyReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { PageHeader } from '../../components/page-header';
import { useI18n } from '../../i18n/i18n';
import { localTime } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';
import { WeeklyChartsPanel } from './weekly-charts-panel';
import { FiguresTable } from './weekly-figures';
import { ReportDownloads, type ScopeQuery, liveReportPath, scopeName, scopeQuery } from './weekly-parts';
import { ByCityTable, ByUnitTable, ProblemItemsTable, WorkOrdersTable, WorstUnitsTable } from './weekly-tables';

/** Where a report is read: a stored one by id, or a live one made when asked for a week and scope. */
type Source = { kind: 'stored'; id: string } | { kind: 'live'; week: string; scope: ScopeQuery | undefined };

function useSource(): Source {
  const { id } = useParams();
  const { get } = useUrlState();
  if (id !== undefined) return { kind: 'stored', id };
  const program = get('program');
  const division = get('division');
  // Exactly one of them, as the API asks; anything else goes to the server as it is, to be refused there.
  const scope: ScopeQuery | undefined = program !== undefined && division === undefined ? { program } : division !== undefined && program === undefined ? { division } : undefined;
  return { kind: 'live', week: get('week') ?? '', scope };
}

/** The JSON path and query of the report, and of its files with `.xlsx` or `.pdf` after the path. */
function reportRequest(source: Source): { path: string; query: Record<string, string | undefined> } {
  if (source.kind === 'stored') return { path: `/reports/weekly/stored/${encodeURIComponent(source.id)}`, query: {} };
  return { path: '/reports/weekly', query: { week: source.week, program: source.scope?.program, division: source.scope?.division } };
}

/**
 * A weekly report: its scope and week, the figures beside last week's, the worst units, work orders,
 * the three charts, the tables by city and by unit, and its problem items; its XLSX and PDF.
 */
export default function WeeklyReportPage() {
  const { t, label } = useI18n();
  const source = useSource();
  const { path, query } = reportRequest(source);
  const { data, error, loading, reload } = useApi<TWeeklyReport>(path, query);
  const title = data ? t('weekly.page.title', { scope: data.scope.name || data.scope.code }) : t('weekly.list.title');

  return (
    <div className="songda-page">
      <PageHeader
        title={title}
        subtitle={data && `${data.week} · ${t('weekly.week.dates', { from: data.from, to: data.to })}`}
        extra={
          <Space wrap>
            <Link to={data ? `/weekly-reports?week=${encodeURIComponent(data.week)}` : '/weekly-reports'}>
              <UnorderedListOutlined /> {t('weekly.page.back')}
            </Link>
            {data && <ReportDownloads path={path} query={query} />}
          </Space>
        }
      />
      <ApiErrorAlert error={error} title={t('weekly.page.loadFailed')} />
      {loading && !data && (
        <div className="songda-center" role="status">
          <Spin description={t('weekly.page.loading')} />
        </div>
      )}
      {data && (
        <>
          <Card size="small" className="songda-card">
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('weekly.col.scope')}>
                <Tag data-scope-kind={data.scope.kind}>{label('weekly.scope', data.scope.kind)}</Tag>
                {scopeName(data.scope)}
              </Descriptions.Item>
              <Descriptions.Item label={t('weekly.page.week')}>{data.week}</Descriptions.Item>
              <Descriptions.Item label={t('weekly.page.dates')}>
                {t('weekly.week.dates', { from: data.from, to: data.to })} ({data.timeZone})
              </Descriptions.Item>
              <Descriptions.Item label={t('weekly.page.generatedAt')}>{localTime(data.generatedAt)}</Descriptions.Item>
              <Descriptions.Item label={source.kind === 'stored' ? t('weekly.page.stored') : t('weekly.page.live')}>
                {source.kind === 'stored' ? (
                  <Link to={liveReportPath(data.week, scopeQuery(data.scope))}>{t('weekly.page.viewLive')}</Link>
                ) : (
                  <Space>
                    {t('weekly.page.liveHint')}
                    <Button size="small" icon={<ReloadOutlined />} loading={loading} onClick={reload} aria-label={t('action.retry')} />
                  </Space>
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={14}>
              <Card size="small" className="songda-card" title={t('weekly.page.figures')}>
                <FiguresTable report={data} />
              </Card>
            </Col>
            <Col xs={24} xl={10}>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Card size="small" className="songda-card" title={t('weekly.page.worstUnits')}>
                  <WorstUnitsTable units={data.figures.worstUnits} />
                </Card>
                <Card size="small" className="songda-card" title={t('weekly.page.workOrders')}>
                  <WorkOrdersTable report={data} />
                </Card>
              </Space>
            </Col>
          </Row>
          <WeeklyChartsPanel report={data} />
          <Card size="small" className="songda-card" title={t('weekly.page.byCity')}>
            <ByCityTable cities={data.byCity} />
          </Card>
          <Card size="small" className="songda-card" title={t('weekly.page.byUnit')}>
            <ByUnitTable units={data.byUnit} cities={data.byCity} />
          </Card>
          <Card size="small" className="songda-card" title={t('weekly.page.problems')}>
            <ProblemItemsTable items={data.problemItems} total={data.problemItemsTotal} />
          </Card>
        </>
      )}
    </div>
  );
}
