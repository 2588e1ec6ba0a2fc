import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanInput } from '../../../test/factories.js';
import { TestDbContext, describeEachDialect } from '../../../test/test-db.js';
import { withRawWriteTransaction } from '../../db/write-tx.js';
import { formatS10 } from '../../domain/s10.js';
import type { ScanInput } from '../../domain/scan-input.js';
import { postgresScanEvents } from './scan-event.postgres.js';
import { scanEvents } from './scan-event.repository.js';

const T0 = Date.parse('2026-11-02T08:00:00+08:00');
let serial = 0;

const scan = (line: number, trackingNo: string, atMs: number, site: string): ScanInput => scanInput({ line, trackingNo, atMs, site });

describeEachDialect('storing scan events', (ctx) => {
  const insert = (scans: ScanInput[]) => withRawWriteTransaction(ctx.handle, (tx) => scanEvents(tx).insert(scans, T0));
  const identityOf = async (id: number) => {
    const r = await ctx.handle.db.selectFrom('scan_events').select(['tracking_no', 'at_ms', 'site']).where('id', '=', id).executeTakeFirstOrThrow();
    return { trackingNo: r.tracking_no, atMs: Number(r.at_ms), site: r.site };
  };

  it('gives each stored line the id of its own row, whatever the order of the lines', async () => {
    const items = Array.from({ length: 5 }, () => formatS10('SE', 3_000_000 + ++serial));
    // Items out of their order, instants falling: no line follows its predecessor's identity.
    const lines = items.reverse().flatMap((t, i) => [scan(2 * i + 1, t, T0 + (10 - i) * 60_000, 'S-B'), scan(2 * i + 2, t, T0 + (9 - i) * 60_000, 'S-A')]);
    const added = await insert(lines);
    expect(added.map((a) => a.scan)).toEqual(lines);
    for (const { scan: s, id } of added) expect(await identityOf(id)).toEqual({ trackingNo: s.trackingNo, atMs: s.atMs, site: s.site });
  });

  it('gives lines in identity order, all new, their own ids, rising with the line', async () => {
    const items = Array.from({ length: 4 }, () => formatS10('SE', 3_000_000 + ++serial)).sort();
    const lines = items.flatMap((t, i) => [scan(2 * i + 1, t, T0, 'S-A'), scan(2 * i + 2, t, T0 + 60_000, 'S-B')]);
    const added = await insert(lines);
    expect(added.map((a) => a.scan)).toEqual(lines);
    expect(added.map((a) => a.id)).toEqual(added.map((a) => a.id).sort((x, y) => x - y));
    for (const { scan: s, id } of added) expect(await identityOf(id)).toEqual({ trackingNo: s.trackingNo, atMs: s.atMs, site: s.site });
  });

  it('stores lines in identity order of which one was stored before, and only the new ones', async () => {
    const [a, b] = [formatS10('SE', 3_000_000 + ++serial), formatS10('SE', 3_000_000 + ++serial)].sort() as [string, string];
    await insert([scan(1, b, T0 + 60_000, 'S-B')]);
    const lines = [scan(1, a, T0, 'S-A'), scan(2, b, T0, 'S-A'), scan(3, b, T0 + 60_000, 'S-B'), scan(4, b, T0 + 120_000, 'S-C')];
    const added = await insert(lines);
    expect(added.map((x) => x.scan.line)).toEqual([1, 2, 4]);
    for (const { scan: s, id } of added) expect(await identityOf(id)).toEqual({ trackingNo: s.trackingNo, atMs: s.atMs, site: s.site });
    const stored = await ctx.handle.db.selectFrom('scan_events').select('id').where('tracking_no', 'in', [a, b]).execute();
    expect(stored).toHaveLength(4);
  });

  it('answers only the new lines, the first of a repeated one, when some were stored before', async () => {
    const [a, b] = [formatS10('SE', 3_000_000 + ++serial), formatS10('SE', 3_000_000 + ++serial)];
    await insert([scan(1, a, T0, 'S-A'), scan(2, b, T0, 'S-A')]);
    const lines = [scan(1, b, T0 + 60_000, 'S-B'), scan(2, a, T0, 'S-A'), scan(3, a, T0 + 60_000, 'S-B'), scan(4, b, T0 + 60_000, 'S-B'), scan(5, b, T0, 'S-A')];
    const added = await insert(lines);
    expect(added.map((x) => x.scan.line).sort()).toEqual([1, 3]);
    for (const { scan: s, id } of added) expect(await identityOf(id)).toEqual({ trackingNo: s.trackingNo, atMs: s.atMs, site: s.site });
    expect(await insert([scan(1, a, T0, 'S-A')])).toEqual([]);
  });
});

describe('scan events by COPY beside another transaction [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());

  /** Until the other session waits for a lock (a row's transaction, here), polled. */
  const untilWaiting = async (pid: number) => {
    for (;;) {
      const { rowCount } = await ctx.pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [pid]);
      if (rowCount) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const pidOf = (client: pg.PoolClient) => (client as unknown as { processID: number }).processID;

  it.each([
    ['commits', "the first line alone (the other is that transaction's)"],
    ['rolls back', 'both lines'],
  ] as const)('waits for another transaction storing the same event, and when that one %s, stores %s', async (outcome, _stores) => {
    const [a, b] = [formatS10('SE', 3_600_000 + ++serial), formatS10('SE', 3_600_000 + ++serial)].sort() as [string, string];
    const first = await ctx.pool.connect();
    const second = await ctx.pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      expect(await postgresScanEvents(first).insert([scan(1, b, T0, 'S-A')], T0)).toHaveLength(1);
      const lines = [scan(1, a, T0, 'S-A'), scan(2, b, T0, 'S-A')];
      const storing = postgresScanEvents(second).insert(lines, T0);
      await untilWaiting(pidOf(second));
      await first.query(outcome === 'commits' ? 'COMMIT' : 'ROLLBACK');
      const added = await storing;
      await second.query('COMMIT');
      expect(added.map((x) => x.scan.line)).toEqual(outcome === 'commits' ? [1] : [1, 2]);
      const stored = await ctx.handle.db.selectFrom('scan_events').select(['id', 'tracking_no']).where('tracking_no', 'in', [a, b]).orderBy('tracking_no').execute();
      expect(stored.map((r) => r.tracking_no)).toEqual([a, b]);
      for (const { scan: s, id } of added) expect(stored.find((r) => r.tracking_no === s.trackingNo)!.id).toEqual(id);
    } finally {
      await first.query('ROLLBACK').catch(() => {});
      await second.query('ROLLBACK').catch(() => {});
      first.release();
      second.release();
    }
  });
});

describe('drawing scan event ids [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());

  it("holds the table's ROW EXCLUSIVE lock before it draws an id, as the readers by id count on (decision 0051)", async () => {
    const client = await ctx.pool.connect();
    const heldWhenDrawing: boolean[] = [];
    const holdsLock = async () =>
      (
        await ctx.pool.query<{ held: boolean }>(
          "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = $1 AND relation = 'scan_events'::regclass AND mode = 'RowExclusiveLock' AND granted) AS held",
          [(client as unknown as { processID: number }).processID],
        )
      ).rows[0]!.held;
    // The client as the repository sees it, noting at every statement that draws ids whether the lock is held.
    const watched = new Proxy(client, {
      get(target, prop) {
        if (prop === 'query') {
          const query = (...args: unknown[]) => (target.query as (...a: unknown[]) => unknown)(...args);
          // A COPY's query answers its stream at once: only the statements that draw ids wait.
          return (...args: unknown[]) =>
            typeof args[0] === 'string' && args[0].includes('nextval') ? holdsLock().then((held) => (heldWhenDrawing.push(held), query(...args))) : query(...args);
        }
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    try {
      await client.query('BEGIN');
      const items = [formatS10('SE', 3_500_000 + ++serial), formatS10('SE', 3_500_000 + ++serial)].sort();
      const added = await postgresScanEvents(watched).insert(
        items.map((t, i) => scan(i + 1, t, T0, 'S-A')),
        T0,
      );
      expect(added).toHaveLength(2);
      expect(heldWhenDrawing).toEqual([true]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
