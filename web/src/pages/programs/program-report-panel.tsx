import { Col, Form, Row, Skeleton, Statistic } from 'antd';
import type { TProgramReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { useI18n } from '../../i18n/i18n';
import { count, hours, percent, yuan } from '../../lib/format';

export function ProgramReportPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const { from, to } = useDateRange(30);
  const { data, error, loading } = useApi<TProgramReport>(`/programs/${encodeURIComponent(code)}/report`, { from, to });
  const figures: [string, string][] = data
    ? [
        [t('report.issued'), count(data.issued)],
        [t('report.requests'), count(data.requests)],
        [t('report.mailed'), count(data.mailed)],
        [t('report.conversionRate'), percent(data.conversionRate, 2)],
        [t('report.delivered'), count(data.delivered)],
        [t('report.deliveryRate'), percent(data.deliveryRate, 2)],
        [t('report.medianHours'), hours(data.medianHoursToDeliver)],
        [t('report.postage'), yuan(data.postageFen)],
        [t('report.donation'), yuan(data.donationFen)],
      ]
    : [];
  return (
    <>
      <Form layout="inline" className="songda-filters">
        <Form.Item label={t('filter.dateRange')} htmlFor="program-range">
          <DateRangeField id="program-range" value={{ from, to }} />
        </Form.Item>
      </Form>
      <ApiErrorAlert error={error} title={t('report.loadFailed')} />
      {loading && !data && <Skeleton active paragraph={{ rows: 3 }} />}
      {data && (
        <Row gutter={[12, 16]} className="songda-report-figures">
          {figures.map(([title, value]) => (
            <Col key={title} xs={12} md={8} xl={6} xxl={4}>
              <Statistic title={title} value={value} />
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
