import { Card, Col, Form, Row, Skeleton, Statistic } from 'antd';
import type { TProgramReport } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { DateRangeField, useDateRange } from '../../components/date-range';
import { useI18n } from '../../i18n/i18n';
import { itemsLink } from '../../lib/figure-links';
import { count, hours, percent, yuan } from '../../lib/format';
import { Link } from 'react-router';
import { ProgramLastMile } from './program-last-mile';

export function ProgramReportPanel({ code }: { code: string }) {
  const { t } = useI18n();
  const { from, to } = useDateRange(30);
  const { data, error, loading } = useApi<TProgramReport>(`/programs/${encodeURIComponent(code)}/report`, { from, to });
  // Three groups as the weekly report has them: conversion, delivery, money.
  // Each count with a list opens it: the program's items of the period's requests (GET /items filters).
  const items = (extra: Record<string, string> = {}) => itemsLink({ program: code, requestedOn: `${from}..${to}` }, extra);
  const groups: { title: string; span: number; figures: [string, string, string?][] }[] = data
    ? [
        {
          title: t('report.group.conversion'),
          span: 10,
          figures: [
            [t('report.issued'), count(data.issued)],
            [t('report.requests'), count(data.requests)],
            [t('report.mailed'), count(data.mailed), items()],
            [t('report.conversionRate'), percent(data.conversionRate, 2)],
          ],
        },
        {
          title: t('report.group.delivery'),
          span: 8,
          figures: [
            [t('report.delivered'), count(data.delivered), items({ status: 'DELIVERED' })],
            [t('report.deliveryRate'), percent(data.deliveryRate, 2)],
            [t('report.medianHours'), hours(data.medianHoursToDeliver)],
            [t('report.suspect'), count(data.suspect), items({ suspect: 'yes' })],
          ],
        },
        {
          title: t('report.group.money'),
          span: 6,
          figures: [
            [t('report.postage'), yuan(data.postageFen)],
            [t('report.donation'), yuan(data.donationFen)],
          ],
        },
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
        <Row gutter={[12, 12]} className="songda-report-figures">
          {groups.map((group) => (
            <Col key={group.title} xs={24} xl={group.span}>
              <Card size="small" title={group.title}>
                <div className="songda-balance-figures">
                  {group.figures.map(([title, value, to]) => (
                    <Statistic key={title} title={title} value={value} formatter={to ? () => <Link to={to}>{value}</Link> : undefined} />
                  ))}
                </div>
              </Card>
            </Col>
          ))}
          <Col xs={24}>
            <ProgramLastMile code={code} from={from} to={to} />
          </Col>
        </Row>
      )}
    </>
  );
}
