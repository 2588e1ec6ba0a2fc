import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DbTarget } from '../config.js';
import type { Database, Db } from './database.js';
import { sqliteDialectWithDirectReads } from './direct-read.js';
import { withStatementCache } from './statement-cache.js';

/**
 * An open store. `db` is the Kysely handle every repository uses; `sqlite` / `pool` are the raw
 * drivers, exposed only for the scan-ingest hot path, which uses each engine's fastest bulk path.
 */
export type DbHandle =
  | { readonly dialect: 'sqlite'; readonly db: Db; readonly sqlite: SqliteDatabase.Database; readonly file: string; close(): Promise<void> }
  | { readonly dialect: 'postgres'; readonly db: Db; readonly pool: pg.Pool; close(): Promise<void> };

// int8 (bigint) columns hold epoch milliseconds and counts, well inside 2^53: read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDb(target: DbTarget): DbHandle {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
}

export function openSqlite(file: string): DbHandle {
  const sqlite = openSqliteConnection(file);
  const direct = sqliteDialectWithDirectReads(sqlite, withStatementCache(sqlite));
  const db = new Kysely<Database>({ dialect: direct.dialect });
  direct.allow(db);
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    file,
    async close() {
      await db.destroy();
    },
  };
}

/** How long a statement waits for another connection's write lock before it fails with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** How every connection commits, unless a transaction says otherwise (src/db/unawaited-commit.ts). */
export const SQLITE_SYNCHRONOUS = 'FULL';

/** A raw connection with Songda's pragmas; also used by the scan writer's own thread. */
export function openSqliteConnection(file: string, options: { cacheMb?: number } = {}): SqliteDatabase.Database {
  if (file !== ':memory:' && file !== '') createPrivately(file);
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a commit is on disk before the client is told "accepted" (WAL + NORMAL may lose the last
  // transactions on power loss).
  sqlite.pragma(`synchronous = ${SQLITE_SYNCHRONOUS}`);
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // Page cache per connection, part of the server's memory: the API connection mostly reads single
  // items; the scan writer's connection gets more (see sqlite-scan-writer.worker.ts).
  sqlite.pragma(`cache_size = -${(options.cacheMb ?? 16) * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
  return sqlite;
}

/**
 * The data folder (when made here) readable by its owner only, and the database file created with mode
 * 0600 before SQLite opens it: SQLite gives its -wal and -shm files the database file's mode, and all
 * three hold personal data. An existing file is left as it is.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // `wx`, never opening a file that exists: closing any descriptor of a database file drops every
  // POSIX lock this process holds on it, and another connection of the process (the scan writer's
  // thread) would then be unprotected from other processes' checkpoints.
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export function openPostgres(url: string): DbHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A connection that dies while idle in the pool (the server restarted, an administrator ended it,
  // a firewall dropped it) is an 'error' event on the pool; with no listener it would end the process.
  // The pool has already discarded that connection and opens a new one on the next query.
  pool.on('error', (err) => {
    console.warn(`songda: PostgreSQL closed an idle connection (${(err as { code?: string }).code ?? 'no code'}: ${err.message}); the next query opens a new one`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}
