import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Limits on guessing (docs/decisions/0011-guessing-limits.md), counted in the database so that every
// server behind a load balancer applies the same limit.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Sign-in failures are now counted per username and per address apart (keys `user:…` and `addr:…`),
  // and the wait after the free tries grows from the last failure. The old `username|address` rows
  // mean nothing under the new keys; they only ever held minutes of history.
  await sql`DELETE FROM sign_in_failures`.execute(db);
  await db.schema.alterTable('sign_in_failures').addColumn('last_failed_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  // Quiet rows are purged as people sign in; this keeps that purge an index range.
  await db.schema.createIndex('sign_in_failures_last').on('sign_in_failures').column('last_failed_at').execute();

  // Wrong phone digits per tracking number, whatever the client's address, for numbers that exist
  // and numbers that do not alike (so a lock says nothing about which numbers exist).
  await db.schema
    .createTable('tracking_guesses')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tracking_guesses_first').on('tracking_guesses').column('first_failed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tracking_guesses').execute();
  await db.schema.dropIndex('sign_in_failures_last').execute();
  await db.schema.alterTable('sign_in_failures').dropColumn('last_failed_at').execute();
}
