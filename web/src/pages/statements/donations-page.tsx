import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Form, Grid, Table } from 'antd';
import { useMemo } from 'react';
import { apiUrl } from '../../api/client';
import type { DonationReport, DonationRow } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { Chart } from '../../components/chart';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { mono } from '../../components/mono';
import { PageHeader } from '../../components/page-header';
import type { Translate } from '../../i18n/i18n';
import { useI18n } from '../../i18n/i18n';
import type { EChartsCoreOption } from '../../lib/echarts';
import { count, yuan } from '../../lib/format';
import { RECIPIENT_PAYER, usePayerName } from './statement-parts';

interface PayerDonation {
  payer: string;
  name: string;
  items: number;
  donationFen: number;
}

/** The report's rows summed by payer (integer fen), largest donation first; `name` is the bar's label. */
function byPayer(rows: DonationRow[], t: Translate): PayerDonation[] {
  const sums = new Map<string, PayerDonation>();
  for (const r of rows) {
    const name = r.payer === RECIPIENT_PAYER ? t('stmt.recipient') : (r.payerName ?? r.payer);
    const sum = sums.get(r.payer) ?? { payer: r.payer, name, items: 0, donationFen: 0 };
    sum.items += r.items;
    sum.donationFen += r.donationFen;
    sums.set(r.payer, sum);
  }
  return [...sums.values()].sort((a, b) => b.donationFen - a.donationFen || a.payer.localeCompare(b.payer));
}

/** An axis tick: whole yuan when it is one (ticks are whole yuan but for tiny sums). */
const tick = (fen: number) => (fen % 100 === 0 ? `¥${count(fen / 100)}` : yuan(fen));

/** Horizontal bars (payers' names are long), the largest at the top; values stay in fen and are shown as yuan. */
function payerBarOption(payers: PayerDonation[], t: Translate, labelWidth: number): EChartsCoreOption {
  const top = [...payers].reverse();
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: { dataIndex: number }[]) => {
        const p = top[params[0]?.dataIndex ?? -1];
        return p ? `${p.name}<br/>${t('donations.donation')}: ${yuan(p.donationFen)}<br/>${t('donations.items')}: ${count(p.items)}` : '';
      },
    },
    xAxis: { type: 'value', minInterval: 100, axisLabel: { formatter: tick, hideOverlap: true } },
    yAxis: { type: 'category', data: top.map((p) => p.name), axisLabel: { width: labelWidth, overflow: 'truncate' } },
    series: [{ type: 'bar', name: t('donations.donation'), data: top.map((p) => p.donationFen), itemStyle: { color: '#cf1322' }, barMaxWidth: 24 }],
  };
}

/** GET /reports/donations: the veterans' care fund's donations by program and payer over a period. */
export default function DonationsPage() {
  const { t } = useI18n();
  const { from, to } = useDateRange(30);
  const { data, error, loading } = useApi<DonationReport>('/reports/donations', { from, to });
  const payerName = usePayerName();
  const phone = Grid.useBreakpoint().md === false;
  const payers = useMemo(() => byPayer(data?.rows ?? [], t), [data, t]);
  const option = useMemo(() => payerBarOption(payers, t, phone ? 96 : 200), [payers, t, phone]);

  return (
    <div className="songda-page">
      <PageHeader
        title={t('donations.title')}
        subtitle={t('donations.subtitle')}
        extra={
          <Button icon={<DownloadOutlined />} href={apiUrl('/reports/donations.xlsx', { from, to })} download>
            {t('donations.export')}
          </Button>
        }
      />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('donations.period')} htmlFor="donations-range">
            <DateRangeField id="donations-range" value={{ from, to }} />
          </Form.Item>
        </Form>
        <ApiErrorAlert error={error} title={t('donations.loadFailed')} />
        {payers.length > 0 && <Chart option={option} height={Math.max(140, 44 * payers.length + 40)} label={t('donations.chart')} />}
        <Table<DonationRow>
          size="small"
          loading={loading}
          pagination={false}
          dataSource={data?.rows ?? []}
          rowKey={(r) => `${r.programCode}\u0000${r.payer}`}
          scroll={{ x: 640 }}
          locale={{ emptyText: t('donations.none') }}
          columns={[
            { title: t('donations.program'), key: 'program', render: (_, r) => (r.programName ? <>{r.programName} {mono(r.programCode)}</> : mono(r.programCode)) },
            { title: t('donations.payer'), key: 'payer', render: (_, r) => payerName(r.payer, r.payerName) },
            { title: t('donations.items'), key: 'items', width: 100, align: 'right', render: (_, r) => count(r.items) },
            { title: t('donations.donation'), key: 'donation', width: 140, align: 'right', render: (_, r) => yuan(r.donationFen) },
          ]}
          summary={() =>
            data && (
              <Table.Summary.Row className="songda-total-row">
                <Table.Summary.Cell index={0} colSpan={2}>
                  <strong>{t('donations.total')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <strong>{count(data.totals.items)}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <strong data-testid="donations-total">{yuan(data.totals.donationFen)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
    </div>
  );
}
