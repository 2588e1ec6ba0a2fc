import type pg from 'pg';

/**
 * Whether another session waits for the transactions writing a table, as a reader by id does before
 * it reads past them (src/db/committed-horizon.ts): asking `pg_locks` for them, or queued for a lock
 * on the table.
 */
export async function readerWaitsForWriters(pool: pg.Pool): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
       AND (query ILIKE '%from pg_locks%' OR (wait_event_type = 'Lock' AND query ILIKE 'lock table%'))`,
  );
  return (rowCount ?? 0) > 0;
}
