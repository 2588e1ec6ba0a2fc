import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// One search box (docs/decisions/0027-search.md): customer service finds people by phone number and
// name across every program.
// - recipients get the keyed hash of their phone number, as requests have had from the start. A
//   migration has no data key, so rows listed before this one keep a null hash until the server,
//   which has the key, fills them in (recipients/fill-phone-hashes.ts; resumable, as the data says
//   which rows are left), and `songda key rotate` re-hashes the column with the rest.
// - phone hash and name are indexed on both tables, so a search reads an index range, not a table.
//   ID hash, document number and agency reference are searched program by program, with the
//   (program, …) indexes already there.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('recipients').addColumn('phone_hash', 'text').execute();
  await db.schema.createIndex('recipients_phone_hash').on('recipients').column('phone_hash').execute();
  await db.schema.createIndex('recipients_name').on('recipients').column('name').execute();
  await db.schema.createIndex('requests_phone_hash').on('requests').column('phone_hash').execute();
  await db.schema.createIndex('requests_name').on('requests').column('name').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['requests_name', 'requests_phone_hash', 'recipients_name', 'recipients_phone_hash']) await db.schema.dropIndex(index).execute();
  await db.schema.alterTable('recipients').dropColumn('phone_hash').execute();
}
