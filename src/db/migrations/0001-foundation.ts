import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Instants are epoch milliseconds in bigint columns, the same on both engines.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);

  await db.schema
    .createTable('units')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('division_code', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('city_code', 'text')
    .addColumn('parent_code', 'text')
    .addColumn('end_of_shift', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Items are keyed by tracking number only; on SQLite WITHOUT ROWID keeps that one b-tree instead
  // of a rowid table plus a key index (half the writes on the scan hot path).
  let items = db.schema
    .createTable('items')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('service_indicator', 'text', (c) => c.notNull())
    .addColumn('origin_unit', 'text')
    .addColumn('dest_division_code', 'text')
    .addColumn('dest_address', 'text')
    .addColumn('weight_grams', 'integer')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_event_code', 'text')
    .addColumn('last_event_at', 'bigint')
    .addColumn('last_event_site', 'text')
    .addColumn('last_event_id', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull());
  if (!pg) items = items.modifyEnd(sql`without rowid`);
  await items.execute();

  await db.schema
    .createTable('s10_ranges')
    .addColumn('service_indicator', 'text', (c) => c.notNull())
    .addColumn('first_serial', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addColumn('next_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('s10_ranges_pk', ['service_indicator', 'first_serial'])
    .execute();

  await db.schema
    .createTable('scan_events')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
      pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey(),
    )
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('at_offset_min', 'integer', (c) => c.notNull())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('operator', 'text')
    .addColumn('reason', 'text')
    .addColumn('next_site', 'text')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  // The duplicate rule of DESIGN §4, and the timeline's access path (an item's events by instant).
  await db.schema
    .createIndex('scan_events_identity')
    .on('scan_events')
    .columns(['tracking_no', 'at_ms', 'code', 'site'])
    .unique()
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['api_tokens', 'scan_events', 's10_ranges', 'items', 'units']) {
    await db.schema.dropTable(table).execute();
  }
}
