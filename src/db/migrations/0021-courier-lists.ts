import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// A courier's list (docs/decisions/0039-courier-phone-page.md): an office's items whose last scan took
// them out for delivery or held them there, newest first. Partial, so the items on their way or
// delivered (most of the table) pay nothing; an item enters the index when it goes out and leaves
// it with its outcome.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS items_at_office ON items (last_event_site, last_event_at) WHERE last_event_code IN ('OUT_FOR_DELIVERY', 'HELD')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('items_at_office').execute();
}
