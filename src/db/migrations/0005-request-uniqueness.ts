import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// One request per person (ID hash) and per document in a program. The service refuses duplicates
// with a clear per-element answer; these indexes hold the rule when two requests race.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('requests_program_person')
    .on('requests')
    .columns(['program_code', 'id_hash'])
    .unique()
    .where(sql.ref('id_hash'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('requests_program_document')
    .on('requests')
    .columns(['program_code', 'document_no'])
    .unique()
    .where(sql.ref('document_no'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('requests_program_document').execute();
  await db.schema.dropIndex('requests_program_person').execute();
}
