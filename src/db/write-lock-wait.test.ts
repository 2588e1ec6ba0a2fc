import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDb } from '../../test/test-db.js';
import { tryAcquireLease } from '../jobs/lease.js';
import { openSqlite, openSqliteConnection } from './open-db.js';
import { writeTransaction } from './write-transaction.js';

// A write transaction of the API's connection waits for another connection's write lock (the scan
// writer's thread committing a batch) between tries, not in SQLite's busy handler, which sleeps on
// the server's one thread: requests are read and answered meanwhile.
let dir: string;
let store: ReturnType<typeof openSqlite> | undefined;
let other: SqliteDatabase.Database | undefined;
afterEach(async () => {
  other?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function open() {
  dir = mkdtempSync(join(tmpdir(), 'songda-lock-'));
  const file = join(dir, 'songda.db');
  const opened = openSqlite(file);
  store = opened;
  if (opened.dialect !== 'sqlite') throw new Error('a SQLite store was asked for');
  opened.sqlite.exec('CREATE TABLE t (x INTEGER)');
  other = openSqliteConnection(file);
  return { db: opened.db, sqlite: opened.sqlite, other };
}

it('lets the event loop run while it waits for another connection to commit', async () => {
  const { db, other } = open();
  other.exec('BEGIN IMMEDIATE');
  other.prepare('INSERT INTO t VALUES (1)').run();
  const written = writeTransaction(db, async (trx) => {
    // Read after the other connection committed: the transaction began once it had the lock.
    const seen = await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(trx);
    await sql`INSERT INTO t VALUES (2)`.execute(trx);
    return seen.rows[0]!.n;
  });
  // The other connection commits from a timer: a wait in SQLite's busy handler would hold this thread,
  // the timer could not run before the busy timeout, and the transaction would fail with SQLITE_BUSY.
  setTimeout(() => other.exec('COMMIT'), 50);
  expect(await written).toBe(1);
  expect(other.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 2]);
});

it('gives up with SQLITE_BUSY after the busy timeout, as a statement would, and leaves the connection as it was', async () => {
  const { db, sqlite, other } = open();
  other.exec('BEGIN IMMEDIATE');
  await expect(writeTransaction(db, (trx) => sql`INSERT INTO t VALUES (3)`.execute(trx))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
  other.exec('ROLLBACK');
  await writeTransaction(db, (trx) => sql`INSERT INTO t VALUES (4)`.execute(trx));
  expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  expect(sqlite.prepare('SELECT x FROM t').pluck().all()).toEqual([4]);
}, 15_000);

it("takes a job's lease the same way: a job renewing it while the writer commits does not hold up the thread", async () => {
  const test = await createTestDb('sqlite');
  try {
    if (test.target.kind !== 'sqlite') throw new Error('a SQLite store was asked for');
    const writer = openSqliteConnection(test.target.file);
    writer.exec('BEGIN IMMEDIATE');
    const taken = tryAcquireLease(test.handle.db, 'test-job', 'me', 1_000, 60_000);
    setTimeout(() => writer.exec('COMMIT'), 50);
    expect(await taken).toBe(true);
    writer.close();
  } finally {
    await test.drop();
  }
});
