import { sql } from 'kysely';
import type { Db } from './database.js';
import { isPostgres } from './dialect.js';
import { SQLITE_SYNCHRONOUS } from './open-db.js';

/**
 * A transaction whose commit does not wait for the disk: for counts that may lose their last few
 * moments in a power cut, never in a crash of the server, and must not hold up the requests that
 * make them (docs/decisions/0030-refused-tries-commit-without-waiting.md). A commit is still atomic
 * and still seen at once by every later read.
 *
 * PostgreSQL: `synchronous_commit` off for this transaction alone. SQLite (WAL): `synchronous =
 * NORMAL` for this commit alone, on the connection held from the pragma to its reset, so no other
 * request's commit runs meanwhile; the write-ahead log reaches the disk at the next checkpoint or
 * the next commit that waits.
 */
export async function transactionWithUnawaitedCommit<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (isPostgres(db)) {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`pragma synchronous = normal`.execute(conn);
    try {
      return await conn.transaction().execute(work);
    } finally {
      await sql.raw(`pragma synchronous = ${SQLITE_SYNCHRONOUS}`).execute(conn);
    }
  });
}
