import { type Kysely, sql } from 'kysely';
import { isPostgres } from '../dialect.js';

// Frozen: a migration, once released, is never edited. Changes go in a new migration.
// Readers go through the scan events by id (the overview's catch-up, the event feed behind webhooks)
// and never look below where they stopped. A late consignment opening deletes the copies made after
// it; on SQLite an `integer primary key` then hands the highest of those ids out again, below a
// reader's position, and the new scan is never read. With AUTOINCREMENT SQLite never reuses an id.
// PostgreSQL's identity column never did. SQLite cannot add AUTOINCREMENT to a table, so the table
// is built again in one transaction: the same columns, rows and ids, then its indexes.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuildScanEvents(db, (create) => create.replace(/"id" integer primary key(?! autoincrement)/i, '"id" integer primary key autoincrement'));
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await rebuildScanEvents(db, (create) => create.replace(/ autoincrement/i, ''));
}

async function rebuildScanEvents(db: Kysely<unknown>, change: (create: string) => string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ type: string; sql: string }>`
      SELECT type, sql FROM sqlite_master WHERE tbl_name = 'scan_events' AND sql IS NOT NULL`.execute(trx);
    const table = rows.find((r) => r.type === 'table');
    if (!table) throw new Error('scan_events: table not found');
    const create = change(table.sql);
    if (create === table.sql) throw new Error(`scan_events: unexpected definition: ${table.sql}`);
    await sql.raw(create.replace(/^CREATE TABLE "scan_events"/i, 'CREATE TABLE "scan_events_rebuilt"')).execute(trx);
    await sql`INSERT INTO scan_events_rebuilt SELECT * FROM scan_events ORDER BY id`.execute(trx);
    await sql`DROP TABLE scan_events`.execute(trx);
    await sql`ALTER TABLE scan_events_rebuilt RENAME TO scan_events`.execute(trx);
    for (const index of rows.filter((r) => r.type === 'index')) await sql.raw(index.sql).execute(trx);
  });
}
