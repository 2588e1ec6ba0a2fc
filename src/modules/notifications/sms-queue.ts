import type { SmsConfig } from '../../config.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import type { Outcome } from '../webhooks/webhook-outcomes.js';
import type { SendQueue } from '../webhooks/webhook-sender.js';
import { type SmsAttempt, findDueNotifications, recordSmsAttempts } from './notification.repository.js';

/** The gateway as the signed sender's one target. */
const GATEWAY = 'sms';

/**
 * Recipients' SMS as a queue of the signed sender that delivers webhooks: the same limits, batching,
 * retry schedule (the SMS one) and at-least-once rule, one target (the gateway), each message's body
 * opened from its seal only to be sent. The gateway deduplicates by `outId`, the `webhook-id` of every try.
 */
export function smsQueue(cipher: PersonalDataCipher, sms: Extract<SmsConfig, { provider: 'http' }>): SendQueue {
  return {
    userAgent: 'Songda-SMS/1',
    listTargetIds: async () => [GATEWAY],
    loadTargets: async () => new Map([[GATEWAY, { id: GATEWAY, url: sms.url, secrets: [sms.secret] }]]),
    findDue: async (db, _target, now, skip, limit) =>
      (await findDueNotifications(db, now, skip, limit)).map((r) => ({ id: r.id, msg_id: r.msg_id, endpoint_id: GATEWAY, payload: cipher.open(r.payload_sealed), attempts: r.attempts })),
    storeOutcomes: (trx, outcomes) => recordSmsAttempts(trx, outcomes.map(toAttempt)),
  };
}

function toAttempt(o: Outcome): SmsAttempt {
  const v = o.verdict;
  const status = v.kind === 'delivered' ? 'sent' : v.kind === 'retry' ? 'pending' : 'failed';
  return { id: o.messageId, at: o.at, status, nextAttemptAt: v.kind === 'retry' ? v.at : null, error: o.error };
}
