import type { Db } from '../../db/database.js';
import type { Scope } from '../../domain/access-scope.js';
import { doorAttempt } from '../../domain/door-attempts.js';
import { formatLocalDate } from '../../domain/local-day.js';
import { activationStatusesOf } from '../deliveries/activation.repository.js';
import { findFirstFailures } from '../items/first-failures.js';
import { listMailItemProgress } from '../items/mail-item.js';
import { getProgramInScope } from '../programs/program.service.js';
import { readPeriodRequests } from './program-report.repository.js';
import type { TProgramLastMile } from './program-report.schemas.js';
import { reportPeriod } from './program-report.service.js';

/**
 * A program's last mile over the same items as its report (the period's requests that became items,
 * followed to now), decision 0038:
 * - first-attempt delivery: of the items with an attempt at the door (delivered, or a DELIVERY_FAILED
 *   scan), those delivered with no DELIVERY_FAILED scan before the delivery;
 * - activation: of the delivered items, where each stands now (the result that holds, or pending),
 *   and the share activated — for a program naming an activation bank.
 */
export async function programLastMile(db: Db, programCode: string, range: { from: string; to: string }, timeZone: string, scope: Scope): Promise<TProgramLastMile> {
  const { from, to, period } = reportPeriod(range, timeZone);
  const program = await getProgramInScope(db, programCode, scope);
  const { trackingNos } = await readPeriodRequests(db, program.code, period);
  const items = await listMailItemProgress(db, trackingNos);
  const failures = new Map<string, number>();
  for (let i = 0; i < trackingNos.length; i += 500) for (const [t, at] of await findFirstFailures(db, trackingNos.slice(i, i + 500))) failures.set(t, at);

  const attempts = items.map((i) => doorAttempt(i.deliveredAt, failures.get(i.trackingNo)));
  const attempted = attempts.filter((a) => a.attempted).length;
  const firstAttempt = attempts.filter((a) => a.firstAttempt).length;
  const delivered = items.filter((i) => i.deliveredAt !== null).map((i) => i.trackingNo);
  let activation: TProgramLastMile['activation'] = null;
  if (program.requirements.activationBank) {
    const statuses = await activationStatusesOf(db, delivered);
    activation = { activated: 0, declined: 0, deferred: 0, pending: 0 };
    for (const t of delivered) activation[statuses.get(t) ?? 'pending']++;
  }
  return {
    programCode: program.code,
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    timeZone,
    mailed: trackingNos.length,
    attempted,
    firstAttemptDelivered: firstAttempt,
    firstAttemptRate: attempted === 0 ? null : firstAttempt / attempted,
    delivered: delivered.length,
    activationBank: program.requirements.activationBank ?? null,
    activation,
    activationRate: activation === null || delivered.length === 0 ? null : activation.activated / delivered.length,
  };
}
