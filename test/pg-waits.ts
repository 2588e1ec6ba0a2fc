import type pg from 'pg';

/** The database's clock now: pass it to readerWaitsForWriters before starting the reader. */
export async function databaseNow(pool: pg.Pool): Promise<Date> {
  const { rows } = await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  return rows[0]!.now;
}

/**
 * Whether another session has, since `since`, waited for the transactions writing a table, as a
 * reader by id does before it reads past them (src/db/committed-horizon.ts): asking `pg_locks` for
 * them, or queued for a lock on the table. Statements from before `since` (an earlier reader's, left
 * as an idle session's last statement) do not count; one matches from its start, so that this check's
 * own text is not taken for the reader's.
 */
export async function readerWaitsForWriters(pool: pg.Pool, since: Date): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query_start > $1
       AND (query ~* '^\\s*select virtualtransaction as vxid from pg_locks' OR (wait_event_type = 'Lock' AND query ILIKE 'lock table%'))`,
    [since],
  );
  return (rowCount ?? 0) > 0;
}
