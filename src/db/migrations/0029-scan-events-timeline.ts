import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// An item's timeline (`GET /items/:trackingNo`, public tracking, every derivation of one item) reads
// all of its events. Found through `scan_events_identity`, each event is then read from the table,
// where events lie in the order they arrived: one page per event, for an item's eight or so.
// This index holds every column, in the identity's order, so those reads stop at the index: an item's
// events sit side by side on one or two pages (docs/decisions/0048-timeline-index.md).
// SQLite only: PostgreSQL answers from an index alone only for pages its visibility map marks all
// visible, which the recent pages of a table taking inserts all day are not, so it would read the
// table anyway and pay for a second copy of every event.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE INDEX scan_events_timeline ON scan_events
            (tracking_no, at_ms, code, site, at_offset_min, operator, reason, next_site, received_at, via_consignment)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`DROP INDEX scan_events_timeline`.execute(db);
}
