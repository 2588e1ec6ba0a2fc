import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Address changes and rescheduling (docs/decisions/0041-address-changes.md):
// - `items.delivery_office`: the office the item is routed to now. Set when a request is mailed and
//   moved by an address change; filled here from the requests of the items mailed before.
// - `address_changes`: every change of an item's address, old and new side by side, who and why.
// - `delivery_wishes`: the day a recipient asked for, one per item (the latest ask wins).
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema.alterTable('items').addColumn('delivery_office', 'text').execute();
  await sql`UPDATE items SET delivery_office = (SELECT r.delivery_office FROM requests r WHERE r.tracking_no = items.tracking_no)
            WHERE program_code IS NOT NULL`.execute(db);

  await db.schema
    .createTable('address_changes')
    .addColumn('id', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('tracking_no', 'text', (c) => c.notNull())
    .addColumn('old_address', 'text')
    .addColumn('old_division_code', 'text')
    .addColumn('old_office', 'text')
    .addColumn('new_address', 'text', (c) => c.notNull())
    .addColumn('new_division_code', 'text', (c) => c.notNull())
    .addColumn('new_office', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('by_kind', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('address_changes_item').on('address_changes').columns(['tracking_no', 'id']).execute();

  await db.schema
    .createTable('delivery_wishes')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('wished_date', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('delivery_wishes').execute();
  await db.schema.dropTable('address_changes').execute();
  await db.schema.alterTable('items').dropColumn('delivery_office').execute();
}
