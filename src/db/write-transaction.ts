import { sql } from 'kysely';
import type { Db } from './database.js';
import type { DbHandle } from './open-db.js';

/**
 * A transaction that will write. On SQLite it takes the write lock at BEGIN (IMMEDIATE): a deferred
 * transaction that reads first cannot upgrade once another connection (the scan writer) has committed,
 * and would fail instead of waiting.
 */
export async function withWriteTransaction<T>(handle: DbHandle, work: (trx: Db) => Promise<T>): Promise<T> {
  if (handle.dialect === 'postgres') return handle.db.transaction().execute(work);
  return handle.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}
