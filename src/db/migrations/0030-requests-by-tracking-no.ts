import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Two look-ups read the request behind a tracking number on every call: an item's page (when the
// request was made, to mark scans before it) and a citizen's tracking (whose the item is, the masked
// name and phone, the destination). Found through `requests_tracking_no`, each then read a table page.
// This index holds what both read, so they stop at the index (docs/decisions/0048-timeline-index.md);
// it replaces the narrower one, which it serves in every use.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX requests_by_tracking_no ON requests (tracking_no, created_at, program_code, name, phone_masked, division_code)`.execute(db);
  await sql`DROP INDEX requests_tracking_no`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX requests_tracking_no ON requests (tracking_no)`.execute(db);
  await sql`DROP INDEX requests_by_tracking_no`.execute(db);
}
