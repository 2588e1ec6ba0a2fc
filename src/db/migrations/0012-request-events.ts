import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// What partners are pushed about requests and break-points, read by position like the scan events:
// - requests carry the agency's own id (`external_ref`), unique within a program, found by it;
// - `request_outbox` gets a row, in the transaction that did it, when a request is created and when
//   it is mailed (it became an item): the fan-out tails it by id;
// - `breakpoint_outbox` gets a row when a break-point closes too, not only when it opens (rows
//   already there were all openings).
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('requests').addColumn('external_ref', 'text').execute();
  // Null is not equal to null in a unique index on both engines: requests without one never collide.
  await db.schema.createIndex('requests_program_external_ref').on('requests').columns(['program_code', 'external_ref']).unique().execute();
  // The program's request list, keyset by id.
  await db.schema.createIndex('requests_program_id').on('requests').columns(['program_code', 'id']).execute();

  await db.schema
    .createTable('request_outbox')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // The item's number when the request was mailed by this change (and for a creation that mailed at once).
    .addColumn('tracking_no', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('breakpoint_outbox').addColumn('kind', 'text', (c) => c.notNull().defaultTo('opened')).execute();
  await db.schema.alterTable('breakpoint_outbox').addColumn('closed_at', 'bigint').execute();

  // The fan-out follows each source from here: what happened before webhooks existed is not pushed.
  for (const feed of ['scan_events', 'breakpoint_outbox', 'request_outbox']) {
    await sql`INSERT INTO webhook_feeds (feed, position) SELECT ${feed}, COALESCE(MAX(id), 0) FROM ${sql.table(feed)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM webhook_feeds`.execute(db);
  await db.schema.alterTable('breakpoint_outbox').dropColumn('closed_at').execute();
  await db.schema.alterTable('breakpoint_outbox').dropColumn('kind').execute();
  await db.schema.dropTable('request_outbox').execute();
  await db.schema.dropIndex('requests_program_id').execute();
  await db.schema.dropIndex('requests_program_external_ref').execute();
  await db.schema.alterTable('requests').dropColumn('external_ref').execute();
}
