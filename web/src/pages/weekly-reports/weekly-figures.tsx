import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Table } from 'antd';
import type { ScalarFigure, TWeeklyReport } from '../../api/types';
import { type MessageKey, useI18n } from '../../i18n/i18n';
import { count, percent } from '../../lib/format';

/** How a figure is written: a count, a fraction shown in percent, hours, or complaints per 10,000 items. */
type FigureKind = 'count' | 'rate' | 'hours' | 'per10k';
/** Which way is good news: a delivery rate going up is, a break-point rate going up is not; a denominator is neither. */
type Better = 'up' | 'down' | null;

/**
 * Every one-number figure of the report, in the report's order. A record of them all, so that `tsc`
 * fails here when the server adds or drops one (the schema's SCALAR_FIGURES is built by zod, which
 * the bundle does without).
 */
export const FIGURES: Record<ScalarFigure, { kind: FigureKind; better: Better }> = {
  requests: { kind: 'count', better: 'up' },
  mailed: { kind: 'count', better: 'up' },
  conversionRate: { kind: 'rate', better: 'up' },
  delivered: { kind: 'count', better: 'up' },
  deliveryRate: { kind: 'rate', better: 'up' },
  slaDue: { kind: 'count', better: null },
  withinSla: { kind: 'count', better: 'up' },
  withinSlaRate: { kind: 'rate', better: 'up' },
  medianHoursToDeliver: { kind: 'hours', better: 'down' },
  attempted: { kind: 'count', better: null },
  firstAttemptDelivered: { kind: 'count', better: 'up' },
  firstAttemptRate: { kind: 'rate', better: 'up' },
  returns: { kind: 'count', better: 'down' },
  breakpointItems: { kind: 'count', better: null },
  itemsWithBreakpoint: { kind: 'count', better: 'down' },
  breakpointRate: { kind: 'rate', better: 'down' },
  complaintsPer10k: { kind: 'per10k', better: 'down' },
  resolved: { kind: 'count', better: 'up' },
  resolvedOnTime: { kind: 'count', better: 'up' },
  resolutionOnTimeRate: { kind: 'rate', better: 'up' },
  activationDue: { kind: 'count', better: null },
  activated: { kind: 'count', better: 'up' },
  activationRate: { kind: 'rate', better: 'up' },
};

export const figureName = (figure: ScalarFigure): MessageKey => `weekly.figure.${figure}`;

const SIGNED = new Intl.NumberFormat('zh-CN', { signDisplay: 'exceptZero' });
const SIGNED_2 = new Intl.NumberFormat('zh-CN', { signDisplay: 'exceptZero', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const SIGNED_1 = new Intl.NumberFormat('zh-CN', { signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A figure's value: a rate in percent to two decimals, counts with thousands separators. */
export function figureValue(kind: FigureKind, value: number | null): string {
  if (value === null) return '–';
  switch (kind) {
    case 'count':
      return count(value);
    case 'rate':
      return percent(value, 2);
    case 'hours':
      return value.toFixed(1);
    case 'per10k':
      return value.toFixed(2);
  }
}

/** A change as shown: rounded to what its text says (a rate's in fractions to a hundredth of a point), so that text and arrow agree. */
function shownChange(kind: FigureKind, change: number | null): number | null {
  if (change === null) return null;
  if (kind === 'rate') return Math.round(change * 10_000) / 10_000;
  if (kind === 'hours') return Math.round(change * 10) / 10;
  if (kind === 'per10k') return Math.round(change * 100) / 100;
  return change;
}

/** This week − last week: a rate's in percentage points, the others in their own unit, signed. */
export function useChangeText(): (kind: FigureKind, change: number | null) => string {
  const { t } = useI18n();
  return (kind, change) => {
    const shown = shownChange(kind, change);
    if (shown === null) return '–';
    switch (kind) {
      case 'count':
        return SIGNED.format(shown);
      case 'rate':
        return t('weekly.points', { n: SIGNED_2.format(shown * 100) });
      case 'hours':
        return SIGNED_1.format(shown);
      case 'per10k':
        return SIGNED_2.format(shown);
    }
  };
}

/** An arrow the way the figure went, green when that is good news and red when it is not; none for no change. */
function ChangeArrow({ kind, change, better }: { kind: FigureKind; change: number | null; better: Better }) {
  const { t } = useI18n();
  const shown = shownChange(kind, change);
  if (shown === null || shown === 0) return null;
  const up = shown > 0;
  const verdict = better === null ? 'neutral' : (better === 'up') === up ? 'better' : 'worse';
  const Arrow = up ? ArrowUpOutlined : ArrowDownOutlined;
  const label = verdict === 'better' ? t('weekly.fig.better') : verdict === 'worse' ? t('weekly.fig.worse') : undefined;
  return <Arrow className={`songda-change is-${verdict}`} data-verdict={verdict} aria-label={label} role={label ? 'img' : undefined} />;
}

interface FigureRow {
  figure: ScalarFigure;
}

/** The report's one-number figures: this week, last week, and the change, with whether it is good news. */
export function FiguresTable({ report }: { report: TWeeklyReport }) {
  const { t } = useI18n();
  const changeText = useChangeText();
  const rows: FigureRow[] = (Object.keys(FIGURES) as ScalarFigure[]).map((figure) => ({ figure }));
  return (
    <Table<FigureRow>
      size="small"
      bordered
      pagination={false}
      rowKey="figure"
      dataSource={rows}
      className="songda-weekly-figures"
      onRow={(r) => ({ 'data-figure': r.figure }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('weekly.fig.name'), key: 'name', render: (_, r) => t(figureName(r.figure)) },
        { title: t('weekly.fig.thisWeek'), key: 'thisWeek', align: 'right', className: 'is-this-week', render: (_, r) => figureValue(FIGURES[r.figure].kind, report.figures[r.figure]) },
        { title: t('weekly.fig.lastWeek'), key: 'lastWeek', align: 'right', className: 'is-last-week', render: (_, r) => figureValue(FIGURES[r.figure].kind, report.previous[r.figure]) },
        {
          title: t('weekly.fig.change'),
          key: 'change',
          align: 'right',
          className: 'is-change',
          render: (_, r) => (
            <span className="songda-nowrap">
              {changeText(FIGURES[r.figure].kind, report.change[r.figure])} <ChangeArrow kind={FIGURES[r.figure].kind} change={report.change[r.figure]} better={FIGURES[r.figure].better} />
            </span>
          ),
        },
      ]}
    />
  );
}
