import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import type { DbHandle } from './open-db.js';
import { withWriteTransaction } from './write-transaction.js';

/**
 * An open write transaction on the engine's raw driver: the write path's bulk statements (prepared
 * statements on SQLite, array statements on PostgreSQL) run through it. Each module's repository
 * takes one and writes only its own tables.
 */
export type WriteTx =
  | { readonly engine: 'sqlite'; readonly sqlite: SqliteDatabase.Database }
  | { readonly engine: 'postgres'; readonly client: pg.PoolClient };

/**
 * Runs `work` in one write transaction: committed when it resolves, rolled back when it throws. On
 * SQLite the transaction holds the Kysely connection (so no other query runs inside it) and takes the
 * write lock at BEGIN.
 */
export async function withRawWriteTransaction<T>(handle: DbHandle, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  if (handle.dialect === 'sqlite') return withWriteTransaction(handle, () => work({ engine: 'sqlite', sqlite: handle.sqlite }));
  const client = await handle.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work({ engine: 'postgres', client });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw err;
  } finally {
    // A connection that could not roll back is dropped, never handed to the next caller.
    client.release(broken);
  }
}

/** One prepared-statement set per SQLite connection, made on first use. */
export function preparedFor<S>(make: (sqlite: SqliteDatabase.Database) => S): (sqlite: SqliteDatabase.Database) => S {
  const made = new WeakMap<SqliteDatabase.Database, S>();
  return (sqlite) => {
    let statements = made.get(sqlite);
    if (!statements) {
      statements = make(sqlite);
      made.set(sqlite, statements);
    }
    return statements;
  };
}
