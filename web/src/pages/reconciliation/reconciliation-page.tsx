import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Row, Skeleton, Statistic } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import type { TReconciliation } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { NavTable } from '../../components/nav-table';
import { PageHeader } from '../../components/page-header';
import { UnitSelect, useUnits } from '../../components/units';
import { useI18n } from '../../i18n/i18n';
import { count, localDay, localTime } from '../../lib/format';
import { useUrlState } from '../../lib/url-state';

/** The items that make a balance's difference; Enter on one opens its timeline. */
function DifferenceList({ title, trackingNos }: { title: string; trackingNos: string[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const path = (no: string) => `/items/${encodeURIComponent(no)}`;
  return (
    <NavTable<{ no: string }>
      className="songda-difference"
      rowKey="no"
      dataSource={trackingNos.map((no) => ({ no }))}
      onOpen={(r) => navigate(path(r.no))}
      rowLabel={(r) => r.no}
      scroll={trackingNos.length > 12 ? { y: 360 } : undefined}
      locale={{ emptyText: t('recon.noDifference') }}
      columns={[
        {
          title: `${title} (${trackingNos.length})`,
          dataIndex: 'no',
          render: (no: string) => (
            <Link to={path(no)} className="songda-mono" tabIndex={-1}>
              {no}
            </Link>
          ),
        },
      ]}
    />
  );
}

interface BalanceFigure {
  /** `list` in the URL when this figure's items are shown. */
  key: string;
  label: string;
  value: number;
  items: string[];
}

/**
 * One balance: its figures, each a button that shows the items it counts below it; the difference
 * (the last figure) is shown until another is chosen.
 */
function Balance({ title, figures, ok }: { title: string; figures: BalanceFigure[]; ok: boolean }) {
  const { t } = useI18n();
  const { get, set } = useUrlState();
  const shown = figures.find((f) => f.key === get('list')) ?? figures[figures.length - 1]!;
  return (
    <Card
      size="small"
      className="songda-card songda-balance"
      title={
        <span>
          {ok ? <CheckCircleFilled className="songda-ok" /> : <CloseCircleFilled className="songda-bad" />} {title}
        </span>
      }
    >
      <div className="songda-balance-figures">
        {figures.map((f) => (
          <Statistic
            key={f.key}
            title={f.label}
            value={f.value}
            formatter={() => (
              <Button
                type="link"
                className={`songda-figure-button${f === shown ? ' is-shown' : ''}`}
                aria-pressed={f === shown}
                aria-label={t('recon.showList', { figure: f.label })}
                onClick={() => set({ list: f.key }, { replace: true })}
              >
                {count(f.value)}
              </Button>
            )}
          />
        ))}
      </div>
      <DifferenceList title={shown.label} trackingNos={shown.items} />
    </Card>
  );
}

export default function ReconciliationPage() {
  const { t } = useI18n();
  const { get, set } = useUrlState();
  const { byCode } = useUnits();
  const office = get('office');
  const date = get('date') ?? localDay();
  const { data, error, loading } = useApi<TReconciliation>(office ? `/offices/${encodeURIComponent(office)}/reconciliation` : null, { date });
  const officeName = office ? (byCode.get(office)?.name ?? office) : '';

  return (
    <div className="songda-page">
      <PageHeader title={t('recon.title')} subtitle={t('recon.subtitle')} />
      <Card size="small" className="songda-card">
        <Form layout="inline" className="songda-filters">
          <Form.Item label={t('recon.office')} htmlFor="recon-office">
            <UnitSelect id="recon-office" kind="delivery_office" value={office} onChange={(v) => set({ office: v })} placeholder={t('recon.pickOffice')} style={{ width: 280 }} />
          </Form.Item>
          <Form.Item label={t('recon.date')} htmlFor="recon-date">
            <DatePicker
              id="recon-date"
              allowClear={false}
              value={dayjs(date)}
              disabledDate={(d) => d.isAfter(dayjs(localDay()), 'day')}
              onChange={(d) => set({ date: d ? d.format('YYYY-MM-DD') : null })}
            />
          </Form.Item>
        </Form>
      </Card>
      {!office && <Empty description={t('recon.pickOffice')} />}
      <ApiErrorAlert error={error} title={t('recon.loadFailed')} />
      {office && loading && !data && <Skeleton active />}
      {data && (
        <>
          <Alert
            className="songda-card"
            type={data.shift.balanced ? 'success' : 'error'}
            showIcon
            title={
              <>
                {data.shift.balanced ? t('recon.balanced', { office: officeName, date: data.date }) : t('recon.unbalanced', { office: officeName, date: data.date, n: data.shift.stillOut.length })}
                <span className="songda-alert-aside">{t('recon.endOfShift', { at: localTime(data.endOfShift).slice(0, 16) })}</span>
              </>
            }
          />
          <Row gutter={[12, 12]}>
            <Col xs={24} lg={8}>
              <Balance
                title={t('recon.inbound')}
                ok={data.inbound.missing.length === 0}
                figures={[
                  { key: 'inbound', label: t('recon.inboundTotal'), value: data.inbound.total, items: data.lists.inbound },
                  { key: 'handedOver', label: t('recon.handedOver'), value: data.inbound.handedOver, items: data.lists.handedOver },
                  { key: 'missing', label: t('recon.notHandedOver'), value: data.inbound.missing.length, items: data.inbound.missing },
                ]}
              />
            </Col>
            <Col xs={24} lg={8}>
              <Balance
                title={t('recon.held')}
                ok={data.held.stillHeld.length === 0}
                figures={[
                  { key: 'held', label: t('recon.heldTotal'), value: data.held.total, items: data.lists.held },
                  { key: 'takenOut', label: t('recon.takenOut'), value: data.held.takenOut, items: data.lists.takenOut },
                  { key: 'stillHeld', label: t('recon.stillHeld'), value: data.held.stillHeld.length, items: data.held.stillHeld },
                ]}
              />
            </Col>
            <Col xs={24} lg={8}>
              <Balance
                title={t('recon.shift')}
                ok={data.shift.balanced}
                figures={[
                  { key: 'shift', label: t('recon.shiftTotal'), value: data.shift.total, items: data.lists.shift },
                  { key: 'delivered', label: t('recon.delivered'), value: data.shift.delivered, items: data.lists.delivered },
                  { key: 'failed', label: t('recon.failed'), value: data.shift.failed, items: data.lists.failed },
                  { key: 'heldAtShift', label: t('recon.heldAtShift'), value: data.shift.held, items: data.lists.heldAtShift },
                  { key: 'stillOut', label: t('recon.stillOut'), value: data.shift.stillOut.length, items: data.shift.stillOut },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
