import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DueMessage } from '../webhooks/webhook-sender.js';
import type { NotificationStatus, NotificationTable } from './notification.table.js';

/**
 * Stores messages, each unless its item already has one of its template on its local day (the unique
 * index `notifications_once_a_day`; one-time codes carry no day and are never held back by it).
 * Answers the out ids of those stored. The caller owns the transaction.
 */
export async function insertNotifications(db: Db, rows: readonly Insertable<NotificationTable>[]): Promise<string[]> {
  const stored: string[] = [];
  for (const row of rows) {
    const inserted = await db
      .insertInto('notifications')
      .values(row)
      .onConflict((oc) => oc.columns(['tracking_no', 'template', 'local_day']).doNothing())
      .returning('out_id')
      .executeTakeFirst();
    if (inserted) stored.push(inserted.out_id);
  }
  return stored;
}

/** An item's messages, oldest first. */
export function listNotificationsOfItem(db: Db, trackingNo: string) {
  return db
    .selectFrom('notifications')
    .select(['id', 'out_id', 'template', 'lang', 'params', 'phone_masked', 'provider', 'status', 'tries', 'last_error', 'created_at', 'last_attempt_at', 'sent_at'])
    .where('tracking_no', '=', trackingNo)
    .orderBy('id')
    .execute();
}


/** Messages due at `now` for the gateway, earliest due first, as the signed sender reads them (the body still sealed). */
export async function findDueNotifications(db: Db, now: number, skip: readonly number[], limit: number): Promise<(Omit<DueMessage, 'payload' | 'endpoint_id'> & { payload_sealed: string })[]> {
  let q = db.selectFrom('notifications').select(['id', 'out_id', 'payload_sealed', 'tries']).where('next_attempt_at', '<=', now).where('payload_sealed', 'is not', null);
  if (skip.length > 0) q = q.where('id', 'not in', skip);
  const rows = await q.orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), msg_id: r.out_id, payload_sealed: r.payload_sealed!, attempts: Number(r.tries) }));
}

export interface SmsAttempt {
  id: number;
  at: number;
  status: Extract<NotificationStatus, 'pending' | 'sent' | 'failed'>;
  nextAttemptAt: number | null;
  error: string | null;
}

/**
 * Stores answered attempts. The body and the sealed phone are dropped once the message is sent or has
 * failed: a code in the body lives only while it waits, and no sealed value outlives the retry schedule.
 */
export async function recordSmsAttempts(db: Db, attempts: readonly SmsAttempt[]): Promise<void> {
  for (const a of attempts) {
    const done = a.status !== 'pending';
    await db
      .updateTable('notifications')
      .set((eb) => ({
        status: a.status,
        tries: eb('tries', '+', 1),
        next_attempt_at: a.nextAttemptAt,
        last_attempt_at: a.at,
        last_error: a.error,
        ...(a.status === 'sent' ? { sent_at: a.at } : {}),
        ...(done ? { payload_sealed: null, phone_sealed: null } : {}),
      }))
      .where('id', '=', a.id)
      .execute();
  }
}

/** How far the notifications have read a source feed; undefined before they first follow it. */
export async function readNotificationFeed(db: Db, feed: string): Promise<number | undefined> {
  const row = await db.selectFrom('notification_feeds').select('position').where('feed', '=', feed).executeTakeFirst();
  return row ? Number(row.position) : undefined;
}

/** Starts following a feed at `position` (what came before is history: nobody is told of it now). */
export async function startNotificationFeed(db: Db, feed: string, position: number): Promise<void> {
  await db.insertInto('notification_feeds').values({ feed, position }).onConflict((oc) => oc.column('feed').doNothing()).execute();
}

/** Moves the feed from `from` to `to` only if it is still at `from`: false when another run moved it first. */
export async function moveNotificationFeed(db: Db, feed: string, from: number, to: number): Promise<boolean> {
  const result = await db.updateTable('notification_feeds').set({ position: to }).where('feed', '=', feed).where('position', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
