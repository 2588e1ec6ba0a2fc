import type SqliteDatabase from 'better-sqlite3';

/**
 * Rows a SQLite connection remembers between its write transactions, so that it need not read back
 * what it wrote itself: the scan writer's thread remembers the derived state and the break-points of
 * the items it touched last (decision 0034). Exact by these rules:
 *
 * - the rows are written only by their owning repositories, and on a SQLite file only on a writer
 *   thread, each of which keeps memos: every other write (item registration, address details) leaves
 *   the remembered columns alone;
 * - each such connection, in every write transaction, advances a counter in the database header
 *   (`PRAGMA user_version`, which SQLite leaves to the application and Songda uses for nothing else)
 *   and remembers the value it wrote: when a transaction finds another value, another writer (another
 *   process on the same file) has written since, and everything is forgotten;
 * - a rolled-back transaction forgets everything (what it remembered was never stored);
 * - the repository that owns the rows updates or forgets an entry with every write it makes to it.
 *
 * `PRAGMA data_version` would say when any other connection committed, but the server's own
 * connection commits several times a second (the webhook job's feed positions and lease), which would
 * forget everything before nearly every batch (docs/benchmarks.md).
 *
 * Bounded: each memo keeps the entries written last, up to its capacity.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  /** Does not count as a use: the write path writes back (`set`) every entry it keeps using. */
  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    // Map keeps insertion order: moved to the end, it is evicted last.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

interface ConnectionMemos {
  capacity: number;
  readCounter: () => number;
  /** The counter's value this connection wrote last; undefined before its first write transaction. */
  written: number | undefined;
  memos: Map<string, BoundedMemo<unknown>>;
}

const registry = new WeakMap<SqliteDatabase.Database, ConnectionMemos>();

/** This connection writes the remembered rows through their repositories: they may remember them, up to `capacity` entries each. */
export function keepWriterMemos(sqlite: SqliteDatabase.Database, capacity: number): void {
  const counter = sqlite.prepare('PRAGMA user_version').pluck(true);
  registry.set(sqlite, { capacity, readCounter: () => counter.get() as number, written: undefined, memos: new Map() });
}

/** The named memo of this connection; undefined when the connection keeps none (every other connection). */
export function writerMemo<V>(sqlite: SqliteDatabase.Database, name: string): BoundedMemo<V> | undefined {
  const kept = registry.get(sqlite);
  if (!kept) return undefined;
  let memo = kept.memos.get(name);
  if (!memo) {
    memo = new BoundedMemo(kept.capacity);
    kept.memos.set(name, memo);
  }
  return memo as BoundedMemo<V>;
}

/**
 * Called once a write transaction holds the write lock (no other connection can write until it
 * ends): forgets everything when another writer has written since this one, then advances the counter.
 */
export function checkWriterMemos(sqlite: SqliteDatabase.Database): void {
  const kept = registry.get(sqlite);
  if (!kept) return;
  const counter = kept.readCounter();
  if (counter !== kept.written) forgetAll(kept);
  // user_version is a signed 32-bit integer.
  const next = counter >= 0x7fff_ffff ? 1 : counter + 1;
  sqlite.pragma(`user_version = ${next}`);
  kept.written = next;
}

/** The transaction rolled back: what it remembered was never stored, and its counter neither. */
export function dropWriterMemos(sqlite: SqliteDatabase.Database): void {
  const kept = registry.get(sqlite);
  if (!kept) return;
  forgetAll(kept);
  kept.written = undefined;
}

function forgetAll(kept: ConnectionMemos): void {
  for (const memo of kept.memos.values()) memo.clear();
}
