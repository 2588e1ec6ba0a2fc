import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Partners' systems are pushed what happens to their items as signed webhooks (Standard Webhooks).
// Endpoints belong to one partner; each event becomes one message per subscribed endpoint in scope,
// delivered at least once with retries; every attempt is kept for the partner's delivery log. The
// fan-out reads its sources by position, so the scan write path writes nothing more for it.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const id = (table: string) =>
    db.schema.createTable(table).addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()));

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partner', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('failing_since', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_partner').on('webhook_endpoints').columns(['partner', 'created_at']).execute();

  await id('webhook_messages')
    .addColumn('msg_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('event_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('webhook_messages_msg_id').on('webhook_messages').column('msg_id').unique().execute();
  // The sender's queue: an endpoint's due messages, oldest first.
  await db.schema.createIndex('webhook_messages_due').on('webhook_messages').columns(['endpoint_id', 'next_attempt_at', 'id']).execute();
  // An endpoint's log and replay.
  await db.schema.createIndex('webhook_messages_endpoint').on('webhook_messages').columns(['endpoint_id', 'created_at']).execute();

  await id('webhook_attempts')
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('endpoint_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('webhook_attempts_message').on('webhook_attempts').columns(['message_id', 'id']).execute();
  await db.schema.createIndex('webhook_attempts_endpoint').on('webhook_attempts').columns(['endpoint_id', 'id']).execute();

  await db.schema
    .createTable('webhook_feeds')
    .addColumn('feed', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_feeds', 'webhook_attempts', 'webhook_messages', 'webhook_endpoints']) await db.schema.dropTable(table).execute();
}
