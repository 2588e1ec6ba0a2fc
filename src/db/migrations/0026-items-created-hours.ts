import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Items created, counted per hour (docs/decisions/0045-work-order-figure-days.md): what a report
// counts as items mailed in a period of whole hours (every local day of a whole-hour time zone) is the
// sum of its hours, per program and delivery office, instead of a read of every item of the period.
// `slot` spreads one hour's count of new items over several rows, so concurrent scan batches on
// PostgreSQL seldom wait on one row. Filled here from the items stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('items_created_hours')
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('program_code', 'text', (c) => c.notNull())
    .addColumn('delivery_office', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('items', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('items_created_hours_pk', ['hour', 'program_code', 'delivery_office', 'slot'])
    .execute();
  await sql`INSERT INTO items_created_hours (hour, program_code, delivery_office, slot, items)
            SELECT created_at / 3600000, coalesce(program_code, ''), coalesce(delivery_office, ''), 0, count(*)
            FROM items GROUP BY created_at / 3600000, coalesce(program_code, ''), coalesce(delivery_office, '')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('items_created_hours').execute();
}
