import type SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from './database.js';
import { isPostgres } from './dialect.js';
import { rawSqliteOf } from './direct-read.js';
import { type DbHandle, SQLITE_BUSY_TIMEOUT_MS } from './open-db.js';

/**
 * A transaction that will write. On SQLite it takes the write lock at BEGIN (IMMEDIATE): a deferred
 * transaction that reads first cannot upgrade once another connection (the scan writer) has committed,
 * and would fail instead of waiting.
 */
export async function withWriteTransaction<T>(handle: DbHandle, work: (trx: Db) => Promise<T>): Promise<T> {
  if (handle.dialect === 'postgres') return handle.db.transaction().execute(work);
  return immediateTransaction(handle.db, handle.sqlite, work);
}

/**
 * withWriteTransaction for a caller that has a Kysely handle alone: on the server's own SQLite
 * connection (as openDb made it) the same; on any other handle, a transaction as Kysely begins it.
 */
export async function writeTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  const sqlite = isPostgres(db) ? undefined : rawSqliteOf(db);
  return sqlite ? immediateTransaction(db, sqlite, work) : db.transaction().execute(work);
}

/**
 * `work` in writeTransaction where `db` is the server's own SQLite connection, so that its writes
 * wait for the scan writer without holding up the thread; anywhere else (PostgreSQL, a transaction
 * already open, the scan writer's own thread) `work` runs on `db` as it is.
 */
export function writingWhenFree<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  return rawSqliteOf(db) ? writeTransaction(db, work) : work(db);
}

async function immediateTransaction<T>(db: Db, sqlite: SqliteDatabase.Database, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await beginImmediate(sqlite, conn);
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

/**
 * BEGIN IMMEDIATE, waiting for the write lock between tries instead of in SQLite's busy handler: that
 * one sleeps on the calling thread, and on the server's main thread, while the scan writer's thread
 * commits a batch (hundreds of milliseconds), no request would be read or answered meanwhile
 * (docs/benchmarks.md). The connection stays this caller's during the pauses (others wait for it in
 * Kysely's queue, not on the thread). Fails with SQLITE_BUSY after the connection's busy timeout, as a
 * statement would.
 */
async function beginImmediate(sqlite: SqliteDatabase.Database, conn: Db): Promise<void> {
  const deadline = performance.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let pauseMs = 1; ; pauseMs = Math.min(pauseMs * 2, 20)) {
    sqlite.pragma('busy_timeout = 0');
    try {
      await sql`begin immediate`.execute(conn);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() >= deadline) throw err;
    } finally {
      sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
    await sleep(pauseMs);
  }
}
