import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Pickup codes of items held at an office (docs/decisions/0037-holding-and-pickup-codes.md): one live
// code per item, kept only as a keyed hash and its last two digits (what staff are shown); wrong
// tries counted on the row, so a code guessed at too often stops working until a new one is issued.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pickup_codes')
    .addColumn('tracking_no', 'text', (c) => c.primaryKey())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('code_tail', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'bigint', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('wrong_tries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pickup_codes').execute();
}
