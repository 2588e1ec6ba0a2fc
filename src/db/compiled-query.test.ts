import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/test-db.js';
import { compiledQuery } from './compiled-query.js';
import { migrateToLatest } from './migrate.js';
import { openDb, openSqliteConnection } from './open-db.js';
import type { UnitKind } from '../modules/units/unit.table.js';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');

describeEachDialect('a query compiled once per database handle', (ctx) => {
  it("runs with each call's parameters, keeps the values the query fixed, and is compiled once for a handle and its transactions", async () => {
    const db = ctx.handle.db;
    await db
      .insertInto('units')
      .values(['C1', 'C2', 'D1'].map((code) => ({ code, name: `unit ${code}`, kind: code.startsWith('D') ? 'delivery_office' : 'counter', division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: NOW, updated_at: NOW })))
      .execute();
    let built = 0;
    const unitsOfKind = compiledQuery((d, kind: UnitKind, after: string) => {
      built++;
      return d.selectFrom('units').select('code').where('kind', '=', kind).where('code', '>', after).where('division_code', '=', '420506').orderBy('code');
    });
    expect(await unitsOfKind(db, 'counter', '')).toEqual([{ code: 'C1' }, { code: 'C2' }]);
    expect(await unitsOfKind(db, 'counter', 'C1')).toEqual([{ code: 'C2' }]);
    expect(await unitsOfKind(db, 'delivery_office', '')).toEqual([{ code: 'D1' }]);
    expect(built).toBe(1);
    for (let i = 0; i < 2; i++) {
      await db.transaction().execute(async (trx) => {
        expect(await unitsOfKind(trx, 'counter', 'C1')).toEqual([{ code: 'C2' }, ...(i === 1 ? [{ code: 'C90' }] : [])]);
        await trx.insertInto('units').values({ code: `C9${i}`, name: 'in the transaction', kind: 'counter', division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: NOW, updated_at: NOW }).execute();
        // Read through the transaction: its own write is seen.
        expect((await unitsOfKind(trx, 'counter', 'C2')).at(-1)).toEqual({ code: `C9${i}` });
      });
    }
    expect(built).toBe(1);
    // Another handle, on a store of its own, compiles its own.
    const other = openDb({ kind: 'sqlite', file: ':memory:', url: 'sqlite::memory:' });
    try {
      await migrateToLatest(other.db);
      expect(await unitsOfKind(other.db, 'counter', '')).toEqual([]);
      expect(built).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('reads nothing a transaction still open on the connection has written, and what it committed once it has', async () => {
    const db = ctx.handle.db;
    const unit = (code: string) => ({ code, name: `unit ${code}`, kind: 'counter' as const, division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: NOW, updated_at: NOW });
    const unitByCode = compiledQuery((d, code: string) => d.selectFrom('units').select('code').where('code', '=', code));
    let written!: () => void;
    let release!: () => void;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = db.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('R1')).execute();
      written();
      await released;
      throw new Error('roll back');
    });
    await isWritten;
    // Asked while the transaction holds its row: answered after it ends, without the row it took back.
    const duringRollback = unitByCode(db, 'R1');
    release();
    await expect(rolledBack).rejects.toThrow('roll back');
    expect(await duringRollback).toEqual([]);

    await db.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('K1')).execute();
    });
    expect(await unitByCode(db, 'K1')).toEqual([{ code: 'K1' }]);
  });

  // On SQLite's one connection a read waits behind the transaction asked for before it (the order
  // decision 0011 counts on); PostgreSQL's pool gives the read a connection of its own.
  it.runIf(ctx.dialect === 'sqlite')('reads a write asked for before it, though the write has not begun yet', async () => {
    const db = ctx.handle.db;
    const unitByCode = compiledQuery((d, code: string) => d.selectFrom('units').select('code').where('code', '=', code));
    const written = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('units')
        .values({ code: 'F1', name: 'unit F1', kind: 'counter', division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: NOW, updated_at: NOW })
        .execute();
    });
    const read = unitByCode(db, 'F1');
    await written;
    expect(await read).toEqual([{ code: 'F1' }]);
  });

  // Direct reads of one turn of the event loop share one read transaction (src/db/direct-read.ts).
  it.runIf(ctx.dialect === 'sqlite')('reads of one turn see one state of the store, and the next turn sees what another connection committed meanwhile', async () => {
    const handle = ctx.handle;
    if (handle.dialect !== 'sqlite') return;
    const unitByCode = compiledQuery((d, code: string) => d.selectFrom('units').select('code').where('code', '=', code));
    const other = openSqliteConnection(handle.file);
    try {
      expect(await unitByCode(handle.db, 'W1')).toEqual([]);
      // Another connection (the scan writer's thread is one) commits between two reads of the same turn.
      other
        .prepare("INSERT INTO units (code, name, kind, division_code, province_code, city_code, created_at, updated_at) VALUES ('W1', 'unit W1', 'counter', '420506', '420000', '420500', ?, ?)")
        .run(NOW, NOW);
      expect(await unitByCode(handle.db, 'W1')).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await unitByCode(handle.db, 'W1')).toEqual([{ code: 'W1' }]);
    } finally {
      other.close();
    }
  });

  it.runIf(ctx.dialect === 'sqlite')('ends the shared read before a write or a transaction takes the connection in the same turn', async () => {
    const db = ctx.handle.db;
    const unitByCode = compiledQuery((d, code: string) => d.selectFrom('units').select('code').where('code', '=', code));
    const unit = (code: string) => ({ code, name: `unit ${code}`, kind: 'counter' as const, division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: NOW, updated_at: NOW });
    expect(await unitByCode(db, 'T1')).toEqual([]);
    await db.insertInto('units').values(unit('T1')).execute();
    expect(await unitByCode(db, 'T1')).toEqual([{ code: 'T1' }]);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('units').values(unit('T2')).execute();
    });
    expect(await unitByCode(db, 'T2')).toEqual([{ code: 'T2' }]);
  });
});
