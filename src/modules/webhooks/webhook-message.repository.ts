import type { Db } from '../../db/database.js';
import { newWebhookId } from './webhook-ids.js';
import type { MessageStatus } from './webhook.table.js';

export interface NewWebhookMessage {
  endpointId: string;
  type: string;
  /** The exact JSON body: sent and signed as it is on every attempt. */
  payload: string;
  /** When the event was committed at its source. */
  eventAt: number;
}

/** Rows per INSERT: well under SQLite's and PostgreSQL's bound-parameter limits (8 columns a row). */
const INSERT_CHUNK = 500;

/**
 * Queues messages for delivery, due at once: the one way messages are made (by the fan-out, and
 * by "send test event"). Answers their ids (`msg_…`, the `webhook-id` of every attempt), in order.
 * The caller owns the transaction: the fan-out writes its feed position in the same one.
 */
export async function enqueueWebhookMessages(db: Db, rows: readonly NewWebhookMessage[], now: number): Promise<string[]> {
  const values = rows.map((r) => ({
    msg_id: newWebhookId('msg_'),
    endpoint_id: r.endpointId,
    type: r.type,
    payload: r.payload,
    event_at: r.eventAt,
    created_at: now,
    status: 'pending' as const,
    attempts: 0,
    next_attempt_at: now,
    last_attempt_at: null,
    delivered_at: null,
  }));
  for (let i = 0; i < values.length; i += INSERT_CHUNK) await db.insertInto('webhook_messages').values(values.slice(i, i + INSERT_CHUNK)).execute();
  return values.map((v) => v.msg_id);
}

/**
 * One endpoint's messages due at `now`, earliest due first (for new messages, the order they were made
 * in), leaving out those already being sent: read per endpoint, as many as it has room for, so a
 * backlog of one endpoint is never read to find another's.
 */
export function findDueMessages(db: Db, endpointId: string, now: number, skip: readonly number[], limit: number) {
  let q = db
    .selectFrom('webhook_messages')
    .select(['id', 'msg_id', 'endpoint_id', 'payload', 'attempts'])
    .where('endpoint_id', '=', endpointId)
    .where('next_attempt_at', '<=', now);
  if (skip.length > 0) q = q.where('id', 'not in', skip);
  return q.orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
}

export interface AttemptRecord {
  messageId: number;
  endpointId: string;
  at: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  /** The message's state after this attempt. */
  status: MessageStatus;
  nextAttemptAt: number | null;
}

/**
 * Stores attempts and their messages' new state. A message deleted meanwhile (its endpoint was
 * removed) gets no attempt row. Run inside the caller's write transaction.
 */
export async function recordAttempts(db: Db, records: readonly AttemptRecord[]): Promise<void> {
  const kept: AttemptRecord[] = [];
  for (const r of records) {
    const updated = await db
      .updateTable('webhook_messages')
      .set((eb) => ({
        status: r.status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: r.nextAttemptAt,
        last_attempt_at: r.at,
        delivered_at: r.status === 'delivered' ? r.at : null,
      }))
      .where('id', '=', r.messageId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) kept.push(r);
  }
  const rows = kept.map((r) => ({ message_id: r.messageId, endpoint_id: r.endpointId, at: r.at, status_code: r.statusCode, duration_ms: r.durationMs, error: r.error }));
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await db.insertInto('webhook_attempts').values(rows.slice(i, i + INSERT_CHUNK)).execute();
}

/** One page of an endpoint's messages, newest first; `before` is the last id of the previous page. */
export function listMessagesPage(db: Db, endpointId: string, filter: { status?: MessageStatus; before?: number }, limit: number) {
  let q = db.selectFrom('webhook_messages').selectAll().where('endpoint_id', '=', endpointId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.before !== undefined) q = q.where('id', '<', filter.before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export function listAttemptsOf(db: Db, messageIds: readonly number[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('webhook_attempts').selectAll().where('message_id', 'in', messageIds).orderBy('message_id').orderBy('id').execute();
}

export function findMessage(db: Db, endpointId: string, msgId: string) {
  return db.selectFrom('webhook_messages').selectAll().where('msg_id', '=', msgId).where('endpoint_id', '=', endpointId).executeTakeFirst();
}

/**
 * Makes messages due again at `now` with a fresh schedule (the receiver was presumably fixed); their
 * ids, and so their `webhook-id`s, stay. Answers how many.
 */
export async function makeMessagesDue(db: Db, endpointId: string, which: { msgId: string } | { createdSince: number }, now: number): Promise<number> {
  let q = db
    .updateTable('webhook_messages')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, delivered_at: null })
    .where('endpoint_id', '=', endpointId);
  q = 'msgId' in which ? q.where('msg_id', '=', which.msgId) : q.where('created_at', '>=', which.createdSince);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
