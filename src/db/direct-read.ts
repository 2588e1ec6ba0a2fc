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
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.queue.take();
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

  override createDriver(): Driver {
    return new QueuedDriver(super.createDriver(), this.queue);
  }

  override createAdapter(): SqliteAdapter {
    return new QueuedSqliteAdapter();
  }
}

interface DirectConnection {
  sqlite: SqliteDatabase.Database;
  statements: Pick<KyselySqliteDatabase, 'prepare'>;
  queue: ConnectionQueue;
}

const connections = new WeakMap<Db, DirectConnection>();

/**
 * Kysely's SQLite dialect on `statements` (the connection with its prepared statements kept), and
 * how to let the handle made with it read directly (`allow`, once the handle exists).
 */
export function sqliteDialectWithDirectReads(sqlite: SqliteDatabase.Database, statements: KyselySqliteDatabase) {
  const dialect = new QueuedSqliteDialect({ database: statements });
  return {
    dialect,
    allow(db: Db): void {
      connections.set(db, { sqlite, statements, queue: dialect.queue });
    },
  };
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
  if (!connection || !connection.queue.idle || connection.sqlite.inTransaction) return undefined;
  const statement = connection.statements.prepare(sql);
  if (!statement.reader) return undefined;
  return statement.all(parameters) as R[];
}
