import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Popconfirm, Row, Space, Statistic, Table, Tag, Tooltip } from 'antd';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api, apiUrl } from '../../api/client';
import type { StatementDetail, StatementHeader, StatementLine } from '../../api/types';
import { useApi } from '../../api/use-api';
import { useSignedInUser } from '../../app/access';
import { ApiErrorAlert } from '../../components/api-error';
import { KeysetPager, usePageSize } from '../../components/keyset-pager';
import { mono } from '../../components/mono';
import { PageHeader } from '../../components/page-header';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { count, yuan } from '../../lib/format';
import { useKeysetPaging } from '../../lib/url-state';
import { ByAt, StatementStatusTag, mayBill, usePayerName } from './statement-parts';
import { VoidStatementButton } from './void-statement-button';

const TOTALS: { key: string; title: MessageKey; value: (s: StatementHeader) => string }[] = [
  { key: 'items', title: 'stmt.total.items', value: (s) => count(s.totals.items) },
  { key: 'grossFen', title: 'stmt.total.gross', value: (s) => yuan(s.totals.grossFen) },
  { key: 'discountFen', title: 'stmt.total.discount', value: (s) => yuan(s.totals.discountFen) },
  { key: 'netFen', title: 'stmt.total.net', value: (s) => yuan(s.totals.netFen) },
  { key: 'donationFen', title: 'stmt.total.donation', value: (s) => yuan(s.totals.donationFen) },
  { key: 'adjustments', title: 'stmt.total.adjustments', value: (s) => count(s.adjustments) },
];

/** The statement's totals as stored with it: one card each. */
function Totals({ statement }: { statement: StatementHeader }) {
  const { t } = useI18n();
  return (
    <Row gutter={[12, 12]} className="songda-figures" aria-label={t('stmt.page.totals')} role="group">
      {TOTALS.map((f) => (
        <Col key={f.key} xs={12} md={8} xxl={4}>
          <Card size="small" className="songda-figure" data-total={f.key}>
            <Statistic title={t(f.title)} value={f.value(statement)} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** After a refusal because another issued statement holds the charges: a way to that statement. */
function HeldByLink({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError) || error.code !== 'statement_lines_taken') return null;
  const heldBy = (error.details as { heldBy?: unknown } | undefined)?.heldBy;
  if (typeof heldBy !== 'string') return null;
  return <Link to={`/statements/${encodeURIComponent(heldBy)}`}>{t('stmt.issue.heldBy')}</Link>;
}

/** Issues a draft after a confirmation; a refusal (lines another issued statement holds) goes to `onFailed`. */
function IssueButton({ id, onIssued, onFailed }: { id: string; onIssued: () => void; onFailed: (err: unknown) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    onFailed(undefined);
    try {
      await api.post(`/statements/${encodeURIComponent(id)}/issue`);
      void message.success(t('stmt.issue.done'));
      onIssued();
    } catch (err) {
      onFailed(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm title={t('stmt.issue.confirm')} onConfirm={() => void issue()}>
      <Button type="primary" loading={busy}>
        {t('stmt.issue')}
      </Button>
    </Popconfirm>
  );
}

/** The whole statement as the server writes it: plain links, so the browser downloads with the session cookie. */
function Downloads({ id }: { id: string }) {
  const { t } = useI18n();
  const base = `/statements/${encodeURIComponent(id)}`;
  return (
    <Space.Compact>
      <Button icon={<DownloadOutlined />} href={apiUrl(`${base}.xlsx`)} download>
        {t('stmt.download.xlsx')}
      </Button>
      <Button icon={<DownloadOutlined />} href={apiUrl(`${base}.pdf`)} download>
        {t('stmt.download.pdf')}
      </Button>
    </Space.Compact>
  );
}

/** A statement: its header and totals, what may be done with it, and its lines a page at a time. */
export default function StatementPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const user = useSignedInUser();
  const { cursor } = useKeysetPaging();
  const limit = usePageSize();
  const { data: page, error, loading, reload } = useApi<StatementDetail>(`/statements/${encodeURIComponent(id)}`, { after: cursor, limit });
  // The header stays on screen while the next page of lines loads.
  const last = useRef<StatementDetail>(undefined);
  if (page) last.current = page;
  const data = page ?? (loading && last.current?.id === id ? last.current : undefined);
  const [issueError, setIssueError] = useState<unknown>();
  const payerName = usePayerName();
  const billing = mayBill(user);

  return (
    <div className="songda-page">
      <PageHeader
        title={t('stmt.page.title', { payer: data ? payerName(data.payer, data.payerName) : '' })}
        subtitle={data && t('stmt.period', { from: data.from, to: data.to })}
        extra={data && <Downloads id={data.id} />}
      />
      <ApiErrorAlert error={error} title={t('stmt.page.loadFailed')} />
      {data && (
        <>
          <Card size="small" className="songda-card">
            <Descriptions size="small" column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('stmt.col.payer')}>{payerName(data.payer, data.payerName)}</Descriptions.Item>
              <Descriptions.Item label={t('stmt.col.period')}>{t('stmt.period', { from: data.from, to: data.to })}</Descriptions.Item>
              <Descriptions.Item label={t('stmt.col.status')}>
                <StatementStatusTag status={data.status} />
              </Descriptions.Item>
              <Descriptions.Item label={t('stmt.page.created')}>
                <ByAt by={data.createdBy} at={data.createdAt} />
              </Descriptions.Item>
              {data.issuedAt !== null && (
                <Descriptions.Item label={t('stmt.page.issued')}>
                  <ByAt by={data.issuedBy} at={data.issuedAt} />
                </Descriptions.Item>
              )}
              {data.voidedAt !== null && (
                <Descriptions.Item label={t('stmt.page.voided')}>
                  <ByAt by={data.voidedBy} at={data.voidedAt} />
                </Descriptions.Item>
              )}
              {data.voidReason && (
                <Descriptions.Item label={t('stmt.page.voidReason')} span={3}>
                  {data.voidReason}
                </Descriptions.Item>
              )}
            </Descriptions>
            {billing && data.status !== 'void' && (
              <Space wrap style={{ marginTop: 12 }}>
                {data.status === 'draft' && <IssueButton id={data.id} onIssued={reload} onFailed={setIssueError} />}
                <VoidStatementButton
                  id={data.id}
                  onVoided={() => {
                    setIssueError(undefined);
                    reload();
                  }}
                />
              </Space>
            )}
            <ApiErrorAlert error={issueError} title={t('stmt.issue.failed')} />
            <HeldByLink error={issueError} />
          </Card>
          <Totals statement={data} />
          <Card size="small" className="songda-card" title={t('stmt.page.lines')}>
            <Table<StatementLine>
              size="small"
              rowKey="seq"
              loading={loading}
              pagination={false}
              dataSource={data.lines}
              scroll={{ x: 1000 }}
              locale={{ emptyText: t('stmt.lines.none') }}
              columns={[
                { title: t('stmt.line.seq'), dataIndex: 'seq', width: 70, align: 'right' },
                {
                  title: t('stmt.line.trackingNo'),
                  key: 'trackingNo',
                  render: (_, l) => (
                    <>
                      <Link to={`/items/${l.trackingNo}`}>{mono(l.trackingNo)}</Link>
                      {l.adjustment && (
                        <Tooltip title={t('stmt.line.adjustmentHint')}>
                          <Tag color="orange" style={{ marginLeft: 6 }}>
                            {t('stmt.line.adjustment')}
                          </Tag>
                        </Tooltip>
                      )}
                    </>
                  ),
                },
                { title: t('stmt.line.program'), dataIndex: 'programCode', width: 110, render: mono },
                { title: t('stmt.line.mailedOn'), dataIndex: 'mailedOn', width: 110 },
                { title: t('stmt.line.weight'), key: 'weight', width: 100, align: 'right', render: (_, l) => count(l.weightGrams) },
                { title: t('stmt.total.gross'), key: 'gross', width: 110, align: 'right', render: (_, l) => yuan(l.grossFen) },
                { title: t('stmt.total.discount'), key: 'discount', width: 100, align: 'right', render: (_, l) => yuan(l.discountFen) },
                { title: t('stmt.total.net'), key: 'net', width: 110, align: 'right', render: (_, l) => yuan(l.netFen) },
                { title: t('stmt.total.donation'), key: 'donation', width: 100, align: 'right', render: (_, l) => yuan(l.donationFen) },
              ]}
            />
            <KeysetPager nextCursor={data.nextAfter === null ? null : String(data.nextAfter)} rowCount={data.lines.length} loading={loading} />
          </Card>
        </>
      )}
    </div>
  );
}
