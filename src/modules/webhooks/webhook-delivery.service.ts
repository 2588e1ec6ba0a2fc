import type { Db } from '../../db/database.js';
import type { Scope } from '../../domain/access-scope.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getWebhookRow } from './webhook-endpoint.service.js';
import { enqueueWebhookMessages, findMessage, listAttemptsOf, listMessagesPage, makeMessagesDue } from './webhook-message.repository.js';
import type { TDeliveriesQuery, TDelivery } from './webhook.schemas.js';
import { msg } from '../../i18n/message.js';

interface Reader {
  db: Db;
  scope: Scope;
  timeZone: string;
}

interface Writer extends Reader {
  actor: string;
  now: number;
}

/** An endpoint's delivery log, newest message first, each with every attempt. */
export async function listWebhookDeliveries(r: Reader, endpointId: string, query: TDeliveriesQuery): Promise<{ rows: TDelivery[]; nextCursor: string | null }> {
  await getWebhookRow(r.db, r.scope, endpointId);
  // One row more than asked tells whether another page follows, without a count.
  const messages = await listMessagesPage(r.db, endpointId, { status: query.status, before: query.cursor }, query.limit + 1);
  const page = messages.slice(0, query.limit);
  const attempts = await listAttemptsOf(r.db, page.map((m) => Number(m.id)));
  const instant = (ms: number | null) => (ms === null ? null : formatZoned(Number(ms), r.timeZone));
  const rows = page.map((m) => ({
    id: m.msg_id,
    type: m.type,
    status: m.status,
    payload: JSON.parse(m.payload) as unknown,
    createdAt: formatZoned(Number(m.created_at), r.timeZone),
    nextAttemptAt: instant(m.next_attempt_at),
    deliveredAt: instant(m.delivered_at),
    attempts: attempts
      .filter((a) => Number(a.message_id) === Number(m.id))
      .map((a) => ({ at: formatZoned(Number(a.at), r.timeZone), statusCode: a.status_code, durationMs: a.duration_ms, error: a.error })),
  }));
  const last = page.at(-1);
  return { rows, nextCursor: messages.length > query.limit && last ? String(last.id) : null };
}

/** A failed or pending message is due now again, with the same webhook-id; a delivered one is replayed instead. */
export async function retryWebhookDelivery(w: Writer, endpointId: string, msgId: string): Promise<TDelivery> {
  await getWebhookRow(w.db, w.scope, endpointId);
  const message = await findMessage(w.db, endpointId, msgId);
  if (!message) throw new AppError('not_found', msg('notFound.delivery', { id: msgId }));
  if (message.status === 'delivered') throw new AppError('conflict', msg('webhook.deliveredAlready', { id: msgId }));
  await makeMessagesDue(w.db, endpointId, { msgId }, w.now);
  const page = await listWebhookDeliveries(w, endpointId, { limit: 1, cursor: Number(message.id) + 1 });
  return page.rows[0]!;
}

/** Every message of the endpoint made since `since` is due again, delivered ones too; the same webhook-ids. */
export async function replayWebhookDeliveries(w: Writer, endpointId: string, since: number): Promise<{ replayed: number }> {
  const endpoint = await getWebhookRow(w.db, w.scope, endpointId);
  const replayed = await w.db.transaction().execute(async (trx) => {
    const n = await makeMessagesDue(trx, endpointId, { createdSince: since }, w.now);
    await recordAudit(trx, { at: w.now, actor: w.actor, action: 'webhook.replay', subject: endpointId, partner: endpoint.partner, detail: { since: formatZoned(since, w.timeZone), replayed: n } });
    return n;
  });
  return { replayed };
}

/** Queues a `webhook.test` message for this endpoint alone, so a partner can check its receiver. */
export async function sendWebhookTestEvent(w: Writer, endpointId: string): Promise<{ deliveryId: string }> {
  const endpoint = await getWebhookRow(w.db, w.scope, endpointId);
  if (Number(endpoint.enabled) !== 1) throw new AppError('conflict', msg('webhook.disabled', { id: endpointId }));
  const payload = JSON.stringify({ type: 'webhook.test', timestamp: formatZoned(w.now, w.timeZone), data: { endpointId } });
  const [deliveryId] = await enqueueWebhookMessages(w.db, [{ endpointId, type: 'webhook.test', payload, eventAt: w.now }], w.now);
  return { deliveryId: deliveryId! };
}
