import { Card, Statistic } from 'antd';
import type { TProgramLastMile } from '../../api/types';
import { useApi } from '../../api/use-api';
import { ApiErrorAlert } from '../../components/api-error';
import { useI18n } from '../../i18n/i18n';
import { count, percent } from '../../lib/format';

/** The program's last mile over the report's items: first-attempt delivery, and activation when a bank activates. */
export function ProgramLastMile({ code, from, to }: { code: string; from: string; to: string }) {
  const { t } = useI18n();
  const { data, error } = useApi<TProgramLastMile>(`/programs/${encodeURIComponent(code)}/report/last-mile`, { from, to });
  const a = data?.activation;
  const figures: [string, string][] = data
    ? [
        [t('report.attempted'), count(data.attempted)],
        [t('report.firstAttemptDelivered'), count(data.firstAttemptDelivered)],
        [t('report.firstAttemptRate'), percent(data.firstAttemptRate, 2)],
        ...(a
          ? ([
              [t('report.activated'), count(a.activated)],
              [t('report.activationPending'), `${count(a.pending)} / ${count(a.deferred)} / ${count(a.declined)}`],
              [t('report.activationRate'), percent(data.activationRate, 2)],
            ] as [string, string][])
          : []),
      ]
    : [];
  return (
    <Card size="small" title={t('report.group.lastMile')} className="songda-last-mile" extra={data && !a ? t('report.noActivationBank') : undefined}>
      <ApiErrorAlert error={error} title={t('report.lastMileFailed')} />
      <div className="songda-balance-figures">
        {figures.map(([title, value]) => (
          <Statistic key={title} title={title} value={value} />
        ))}
      </div>
    </Card>
  );
}
