import type SqliteDatabase from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type SqliteDatabase as KyselySqliteDatabase,
  type TransactionSettings,
  SqliteAdapter,
  SqliteDialect,
} from 'kysely';
import type { Db } from './database.js';

// A look-up's compiled reads (src/db/compiled-query.ts) run their prepared statement at once on
// SQLite's one connection when nothing else uses it. Through Kysely each read takes the connection's
// lock and passes through several layers of promises, which on a look-up's single-row reads cost
// about as much as SQLite's own work.
//
// Direct reads made in one turn of the event loop (a callback and the promise continuations that
// follow it, before any I/O is looked at again) share one read transaction (docs/decisions/0048):
// the first opens it, and it ends once that turn's continuations have run, or as soon as anyone asks
// Kysely for the connection. Starting a read transaction is a good part of a single-row read's cost
// in WAL mode (locks taken and given back by system calls, the WAL index checked), and a page's
// several reads then see one state of the store. No answer is sent and no request is read while it is
// open, so every write acknowledged before a request arrived is in what that request reads.

/**
 * The connection's lock, first come first served, kept where a direct read can see whether anyone
 * holds it or waits for it: Kysely's own lock for a single-connection engine is out of sight.
 */
class ConnectionQueue {
  #users = 0;
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  /** Nobody holds the connection (a query, a transaction) or waits for it. */
  get idle(): boolean {
    return this.#users === 0;
  }

  async take(): Promise<void> {
    this.#users++;
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
  }

  give(): void {
    this.#users--;
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

/** Kysely's SQLite driver with the lock above around each use of the connection. */
class QueuedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly queue: ConnectionQueue,
    private readonly snapshot: ReadSnapshot,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.queue.take();
    // Whoever holds the connection runs its own statements and transactions, outside direct reads'.
    this.snapshot.end();
    return this.inner.acquireConnection();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      this.queue.give();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint!(connection, name, compileQuery);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.rollbackToSavepoint!(connection, name, compileQuery);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint!(connection, name, compileQuery);
  }

  destroy(): Promise<void> {
    this.snapshot.end();
    return this.inner.destroy();
  }
}

/** SQLite as Kysely speaks it, but with the connection's lock in the driver, where it can be seen. */
class QueuedSqliteAdapter extends SqliteAdapter {
  // Kysely adds a lock of its own for an engine of one connection; the driver has it already.
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class QueuedSqliteDialect extends SqliteDialect {
  readonly queue = new ConnectionQueue();
  readonly snapshot: ReadSnapshot;

  constructor(sqlite: SqliteDatabase.Database, statements: KyselySqliteDatabase) {
    super({ database: statements });
    this.snapshot = new ReadSnapshot(sqlite);
  }

  override createDriver(): Driver {
    return new QueuedDriver(super.createDriver(), this.queue, this.snapshot);
  }

  override createAdapter(): SqliteAdapter {
    return new QueuedSqliteAdapter();
  }
}

/** The read transaction that direct reads of one turn of the event loop share. */
class ReadSnapshot {
  #open = false;
  readonly #begin: SqliteDatabase.Statement;
  readonly #commit: SqliteDatabase.Statement;
  readonly #rollback: SqliteDatabase.Statement;

  constructor(sqlite: SqliteDatabase.Database) {
    this.#begin = sqlite.prepare('BEGIN');
    this.#commit = sqlite.prepare('COMMIT');
    this.#rollback = sqlite.prepare('ROLLBACK');
  }

  get open(): boolean {
    return this.#open;
  }

  /** Opens it unless it is open; it ends after the current turn's promise continuations. */
  join(): void {
    if (this.#open) return;
    this.#begin.run();
    this.#open = true;
    // A tick queued while promise continuations run runs once they all have.
    process.nextTick(() => this.end());
  }

  end(): void {
    if (!this.#open) return;
    this.#open = false;
    // Ending a transaction that only read cannot lose anything; should the commit fail, it is rolled back.
    try {
      this.#commit.run();
    } catch {
      this.#rollback.run();
    }
  }
}

interface DirectConnection {
  sqlite: SqliteDatabase.Database;
  statements: Pick<KyselySqliteDatabase, 'prepare'>;
  queue: ConnectionQueue;
  snapshot: ReadSnapshot;
}

const connections = new WeakMap<Db, DirectConnection>();

/**
 * Kysely's SQLite dialect on `statements` (the connection with its prepared statements kept), and
 * how to let the handle made with it read directly (`allow`, once the handle exists).
 */
export function sqliteDialectWithDirectReads(sqlite: SqliteDatabase.Database, statements: KyselySqliteDatabase) {
  const dialect = new QueuedSqliteDialect(sqlite, statements);
  return {
    dialect,
    allow(db: Db): void {
      connections.set(db, { sqlite, statements, queue: dialect.queue, snapshot: dialect.snapshot });
    },
  };
}

/** SQLite's raw connection behind a handle opened by openDb (undefined for any other handle). */
export function rawSqliteOf(db: Db): SqliteDatabase.Database | undefined {
  return connections.get(db)?.sqlite;
}

/**
 * The rows of `sql` read at once, or undefined when the read must go through Kysely: another handle
 * (PostgreSQL, a transaction), a statement that writes, or a connection that someone holds or waits
 * for. A read made then could see a transaction's uncommitted writes, or pass a write asked for
 * before it; through Kysely it waits its turn, as it always did. When nobody holds the connection,
 * the statement runs from start to end before any other code can use it (better-sqlite3 is
 * synchronous): the read sees what a read through Kysely would, every committed write, the scan
 * writer's thread's included.
 */
export function readDirectly<R>(db: Db, sql: string, parameters: readonly unknown[]): R[] | undefined {
  const connection = connections.get(db);
  if (!connection || !connection.queue.idle) return undefined;
  // A transaction not ours: begun outside Kysely's lock (the connection's raw handle).
  if (connection.sqlite.inTransaction && !connection.snapshot.open) return undefined;
  const statement = connection.statements.prepare(sql);
  if (!statement.reader) return undefined;
  connection.snapshot.join();
  return statement.all(parameters) as R[];
}
