import { type Kysely, sql } from 'kysely';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// An item's first acceptance (its first ACCEPTED scan by instant), kept on its row by the scan write
// path as `delivered_at` is for its first delivery: the overview's catch-up and the item list read it
// for thousands of items at a time, and reading it from each item's scans was the largest part of a
// catch-up (docs/decisions/0049-items-accepted-at.md). Filled here from the scans already stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE items ADD COLUMN accepted_at bigint`.execute(db);
  await sql`
    UPDATE items SET accepted_at = a.at_ms
    FROM (SELECT tracking_no, min(at_ms) AS at_ms FROM scan_events WHERE code = 'ACCEPTED' GROUP BY tracking_no) AS a
    WHERE a.tracking_no = items.tracking_no`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE items DROP COLUMN accepted_at`.execute(db);
}
