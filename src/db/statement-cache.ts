import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every query shape the server makes; IN lists of many lengths push out the least used. */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely's SQLite driver sees it, with its prepared statements kept by SQL text.
 * The driver prepares every query it runs, and on a look-up (a handful of single-row reads) preparing
 * cost more than running. A statement still being iterated (a stream not yet read to the end) is busy:
 * the same SQL meanwhile gets a statement of its own.
 */
export function withStatementCache(sqlite: SqliteDatabase.Database, size = STATEMENT_CACHE_SIZE): KyselySqliteDatabase {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const kept = statements.get(sql);
      if (kept && !kept.busy) {
        // Map order is the order of use: the first key is the least recently used.
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const fresh = sqlite.prepare(sql);
      if (kept) return fresh;
      statements.set(sql, fresh);
      if (statements.size > size) statements.delete(statements.keys().next().value!);
      return fresh;
    },
  };
}
