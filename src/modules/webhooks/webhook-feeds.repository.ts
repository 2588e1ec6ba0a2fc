import type { Db } from '../../db/database.js';

/** The sources the fan-out follows by id, each with its position in webhook_feeds. */
export const WEBHOOK_FEEDS = ['scan_events', 'breakpoint_outbox', 'request_outbox', 'work_order_outbox', 'report_outbox'] as const;
export type WebhookFeed = (typeof WEBHOOK_FEEDS)[number];

/** How far the fan-out has read the feed; undefined before it first follows it. */
export async function readFeedPosition(db: Db, feed: WebhookFeed): Promise<number | undefined> {
  const row = await db.selectFrom('webhook_feeds').select('position').where('feed', '=', feed).executeTakeFirst();
  return row ? Number(row.position) : undefined;
}

/** Starts following a feed at `position` (the rows before it are never pushed), unless it is followed already. */
export async function startFeed(db: Db, feed: WebhookFeed, position: number): Promise<void> {
  await db.insertInto('webhook_feeds').values({ feed, position }).onConflict((oc) => oc.column('feed').doNothing()).execute();
}

/**
 * Moves the feed from `from` to `to`, only if it is still at `from`: false when another run moved it
 * meanwhile (its caller then rolls back what it queued). Written first in the chunk's transaction, so
 * that on SQLite the transaction takes the write lock before it reads anything.
 */
export async function moveFeed(db: Db, feed: WebhookFeed, from: number, to: number): Promise<boolean> {
  const result = await db.updateTable('webhook_feeds').set({ position: to }).where('feed', '=', feed).where('position', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
