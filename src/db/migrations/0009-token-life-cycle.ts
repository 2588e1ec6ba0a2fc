import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// API tokens get an end of life (expires_at) and a record of how they came to be (source), so that a
// changed SONGDA_ADMIN_TOKEN can revoke the token it replaces and the demo can keep a single token,
// without guessing from a name an administrator may also have chosen.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
  await db.schema.alterTable('api_tokens').addColumn('source', 'text').execute();
  // Tokens made before this migration: the environment's admin token has the id ensureAdminToken gave
  // it (its hash's first 16 digits), and every demo start minted one named "demo start". The rest stay
  // null: how they were made was not recorded.
  await sql`update api_tokens set source = 'environment' where name = 'SONGDA_ADMIN_TOKEN' and id = substr(token_hash, 1, 16)`.execute(db);
  await sql`update api_tokens set source = 'demo' where name = 'demo start'`.execute(db);
  await sql`update api_tokens set source = 'first-start' where name = 'first start'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('source').execute();
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
