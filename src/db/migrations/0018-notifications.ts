import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Recipients told by SMS (docs/decisions/0036-recipients-told-by-sms.md): one row per message, at most
// one per item, template and local day; the phone masked, and sealed with what goes to the gateway
// only while the message waits to be sent. One-time codes hashed, with their tries counted.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('notifications')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    // `sms_` + random: the gateway's outId and the webhook-id of every attempt.
    .addColumn('out_id', 'text', (c) => c.notNull().unique())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    // JSON, codes masked: what the log shows and renders.
    .addColumn('params', 'text', (c) => c.notNull())
    // Sealed, and only while the message waits to be sent: none is kept once it is sent, has failed, or was only shown.
    .addColumn('phone_sealed', 'text')
    .addColumn('phone_masked', 'text', (c) => c.notNull())
    // The local day (YYYY-MM-DD) the message counts for; null for one-time codes, which have limits of their own.
    .addColumn('local_day', 'text')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    // The exact body for the gateway, sealed; cleared once the message is sent or has failed.
    .addColumn('payload_sealed', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  // The once-a-day rule, kept by the store itself: a second message of a template the same day is not inserted.
  await db.schema.createIndex('notifications_once_a_day').on('notifications').columns(['tracking_no', 'template', 'local_day']).unique().execute();
  await db.schema.createIndex('notifications_due').on('notifications').columns(['next_attempt_at', 'id']).execute();
  await db.schema
    .createTable('notification_feeds')
    .addColumn('feed', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('one_time_codes')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('code_hash', 'text')
    .addColumn('expires_at', 'bigint')
    // Codes sent in the window that began at sends_since.
    .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sends_since', 'bigint', (c) => c.notNull())
    .addColumn('last_sent_at', 'bigint')
    // Wrong phone digits and wrong codes in the window that began at failures_since.
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failures_since', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('one_time_codes').execute();
  await db.schema.dropTable('notification_feeds').execute();
  await db.schema.dropTable('notifications').execute();
}
