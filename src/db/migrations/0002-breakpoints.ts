import type { Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const id = (table: string) =>
    db.schema.createTable(table).addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()));

  await id('breakpoints')
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('visit', 'integer', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // DESIGN §5: at most one break-point per item, type and visit. Also the per-item access path.
  await db.schema.createIndex('breakpoints_identity').on('breakpoints').columns(['tracking_no', 'type', 'visit']).unique().execute();
  await db.schema.createIndex('breakpoints_opened').on('breakpoints').columns(['opened_at', 'id']).execute();
  await db.schema.createIndex('breakpoints_unit_opened').on('breakpoints').columns(['responsible_unit', 'opened_at']).execute();

  // Every newly opened break-point, written in the same transaction, for delivery by webhook or SMS.
  await id('breakpoint_outbox')
    .addColumn('breakpoint_id', 'bigint', (c) => c.notNull())
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('responsible_unit', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema.createIndex('breakpoint_outbox_pending').on('breakpoint_outbox').columns(['delivered_at', 'id']).execute();

  // The silence the item's last event will show, and when it becomes visible: the sweep reads only
  // items whose instant has come (cost follows the items crossing a threshold, not the items stored).
  // The number of the last site visit, so that later events continue the walk without the earlier ones.
  await db.schema.alterTable('items').addColumn('last_visit', 'integer').execute();
  await db.schema.alterTable('items').addColumn('silence_type', 'text').execute();
  await db.schema.alterTable('items').addColumn('silence_unit', 'text').execute();
  await db.schema.alterTable('items').addColumn('silence_visit', 'integer').execute();
  await db.schema.alterTable('items').addColumn('silence_due_at', 'bigint').execute();
  await db.schema.createIndex('items_silence_due').on('items').column('silence_due_at').execute();

  // Reconciliation reads an office's events of a day.
  await db.schema.createIndex('scan_events_site_at').on('scan_events').columns(['site', 'at_ms']).execute();

  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_leases').execute();
  await db.schema.dropIndex('scan_events_site_at').execute();
  await db.schema.dropIndex('items_silence_due').execute();
  for (const column of ['silence_due_at', 'silence_visit', 'silence_unit', 'silence_type', 'last_visit']) await db.schema.alterTable('items').dropColumn(column).execute();
  await db.schema.dropTable('breakpoint_outbox').execute();
  await db.schema.dropTable('breakpoints').execute();
}
