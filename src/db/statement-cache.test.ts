import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './statement-cache.js';

interface Db {
  t: { x: number; y?: string | null };
}

const opened: SqliteDatabase.Database[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function open(size?: number) {
  const sqlite = new SqliteDatabase(':memory:');
  opened.push(sqlite);
  sqlite.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
  const prepare = vi.spyOn(sqlite, 'prepare');
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, size) }) });
  return { sqlite, prepare, db };
}

const byX = (db: Kysely<Db>, x: number) => db.selectFrom('t').selectAll().where('x', '=', x).execute();

describe('prepared statements kept per connection', () => {
  it('prepares a query once, however many times it runs, with the parameters of each run', async () => {
    const { prepare, db } = open();
    expect(await byX(db, 1)).toEqual([{ x: 1 }]);
    expect(await byX(db, 2)).toEqual([{ x: 2 }]);
    expect(await byX(db, 9)).toEqual([]);
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('runs the same query while a stream of it is still being read', async () => {
    const { db } = open();
    const query = db.selectFrom('t').select('x').orderBy('x');
    const seen: number[][] = [];
    for await (const row of query.stream()) {
      // Left before its end: the statement is reset, and the next run of the same SQL reuses it.
      seen.push([row.x]);
      if (seen.length === 1) break;
    }
    expect(await query.execute()).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(seen).toEqual([[1]]);
  });

  it('gives a busy statement’s SQL a statement of its own', () => {
    const { sqlite } = open();
    const cached = withStatementCache(sqlite);
    const first = cached.prepare('SELECT x FROM t ORDER BY x');
    const rows = first.iterate([]);
    rows.next();
    const second = cached.prepare('SELECT x FROM t ORDER BY x');
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    rows.return?.();
    expect(cached.prepare('SELECT x FROM t ORDER BY x')).toBe(first);
  });

  it('keeps the most recently used statements only', async () => {
    const { prepare, db } = open(2);
    const shapes = [() => byX(db, 1), () => db.selectFrom('t').select('x').execute(), () => db.selectFrom('t').select(sql<number>`x + 1`.as('x')).execute()];
    for (const run of shapes) await run();
    expect(prepare).toHaveBeenCalledTimes(3);
    await shapes[2]!();
    await shapes[1]!();
    expect(prepare).toHaveBeenCalledTimes(3);
    await shapes[0]!();
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('sees a column added after the statement was kept', async () => {
    const { sqlite, db } = open();
    expect(await byX(db, 1)).toEqual([{ x: 1 }]);
    sqlite.exec("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'new'");
    expect(await byX(db, 1)).toEqual([{ x: 1, y: 'new' }]);
  });
});
