import type { Db } from '../../db/database.js';
import { findEndpointHealth, updateWebhookEndpoint } from './webhook-endpoint.repository.js';
import { type AttemptRecord, recordAttempts } from './webhook-message.repository.js';
import { type AttemptVerdict, failedTooLong } from './webhook-retry.js';
import type { DisabledReason } from './webhook.schemas.js';

/** One answered attempt, as the sender saw it. */
export type Outcome = Omit<AttemptRecord, 'status' | 'nextAttemptAt'> & { verdict: AttemptVerdict };

/**
 * Stores a batch of answered attempts in the caller's write transaction: each attempt, its message's
 * new state, and what the answers say about each endpoint (410 Gone or five days of failures disable
 * it; a success clears its failing time).
 */
export async function storeOutcomes(trx: Db, outcomes: readonly Outcome[]): Promise<void> {
  await recordAttempts(trx, outcomes.map(toAttemptRecord));
  const byEndpoint = new Map<string, Outcome[]>();
  for (const o of outcomes) byEndpoint.set(o.endpointId, [...(byEndpoint.get(o.endpointId) ?? []), o]);
  const health = await findEndpointHealth(trx, [...byEndpoint.keys()]);
  for (const endpoint of health) {
    const answers = [...byEndpoint.get(endpoint.id)!].sort((a, b) => a.at - b.at);
    const stored = endpoint.failing_since === null ? null : Number(endpoint.failing_since);
    const failingSince = failingSinceAfter(stored, answers);
    const last = answers.at(-1)!.at;
    let disabled: DisabledReason | null = null;
    if (Number(endpoint.enabled) === 1) {
      if (answers.some((a) => a.verdict.kind === 'gone')) disabled = 'gone';
      else if (failedTooLong(failingSince, last)) disabled = 'failing';
    }
    if (failingSince === stored && disabled === null) continue;
    await updateWebhookEndpoint(trx, endpoint.id, {
      failing_since: failingSince,
      ...(disabled === null ? {} : { enabled: 0, disabled_reason: disabled, updated_at: last }),
    });
  }
}

/** Since when every attempt has failed, after these answers (in time order): null once one succeeded and none failed after it. */
export function failingSinceAfter(stored: number | null, answers: readonly Pick<Outcome, 'at' | 'verdict'>[]): number | null {
  let since = stored;
  for (const a of answers) {
    if (a.verdict.kind === 'delivered') since = null;
    else since ??= a.at;
  }
  return since;
}

function toAttemptRecord(o: Outcome): AttemptRecord {
  const v = o.verdict;
  const status = v.kind === 'delivered' ? 'delivered' : v.kind === 'retry' ? 'pending' : 'failed';
  return { messageId: o.messageId, endpointId: o.endpointId, at: o.at, statusCode: o.statusCode, durationMs: o.durationMs, error: o.error, status, nextAttemptAt: v.kind === 'retry' ? v.at : null };
}
