import type { Kysely } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// A token or a console user may be bound to one partner (an agency, a bank, a card factory), which
// then sees only what concerns it. Audit rows name the partner they concern, so that a partner can be
// shown its own rows with one indexed filter. Null everywhere for the post's own credentials.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('partner', 'text').execute();
  await db.schema.alterTable('users').addColumn('partner', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('partner', 'text').execute();
  await db.schema.createIndex('audit_log_partner').on('audit_log').columns(['partner', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_partner').execute();
  await db.schema.alterTable('audit_log').dropColumn('partner').execute();
  await db.schema.alterTable('users').dropColumn('partner').execute();
  await db.schema.alterTable('api_tokens').dropColumn('partner').execute();
}
