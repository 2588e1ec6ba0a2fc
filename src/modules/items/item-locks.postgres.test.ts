import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDbContext } from '../../../test/test-db.js';
import { formatS10 } from '../../domain/s10.js';
import { createAndLockItems } from './item-locks.postgres.js';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');

describe('createAndLockItems [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());
  const pool = () => ctx.pool;

  it('creates the items not stored yet and leaves the stored ones as they are', async () => {
    const [stored, fresh] = [formatS10('RR', 1, 'CN'), formatS10('RR', 2, 'CN')];
    await createAndLockItems(pool(), [stored], NOW);
    await pool().query(`UPDATE items SET status = 'DELIVERED' WHERE tracking_no = $1`, [stored]);

    await createAndLockItems(pool(), [fresh, stored], NOW + 1);

    const { rows } = await pool().query('SELECT tracking_no, status, source, service_indicator, created_at FROM items WHERE tracking_no = ANY($1) ORDER BY tracking_no', [[stored, fresh]]);
    expect(rows).toEqual([
      { tracking_no: stored, status: 'DELIVERED', source: 'scan', service_indicator: 'RR', created_at: NOW },
      { tracking_no: fresh, status: 'CREATED', source: 'scan', service_indicator: 'RR', created_at: NOW + 1 },
    ]);
  });

  it('holds a lock on a stored item until the transaction ends', async () => {
    const item = formatS10('RR', 3, 'CN');
    await createAndLockItems(pool(), [item], NOW);
    await inTransaction(pool(), async (a) => {
      await createAndLockItems(a, [item], NOW);
      const other = await pool().query('SELECT 1 FROM items WHERE tracking_no = $1 FOR UPDATE NOWAIT', [item]).catch((err: { code?: string }) => err.code);
      expect(other).toBe('55P03'); // lock_not_available
    });
    expect((await pool().query('SELECT 1 FROM items WHERE tracking_no = $1 FOR UPDATE NOWAIT', [item])).rowCount).toBe(1);
  });

  it('locks new and stored items in one order, so two batches over the same items never deadlock', async () => {
    // A holds the stored item from an earlier chunk of its batch; B, in one chunk, needs the stored
    // item and a new one that sorts after it; then A needs the new one too.
    const [stored, fresh] = [formatS10('RR', 4, 'CN'), formatS10('RR', 5, 'CN')];
    await createAndLockItems(pool(), [stored], NOW);
    const a = await pool().connect();
    const b = await pool().connect();
    try {
      await a.query('BEGIN');
      await createAndLockItems(a, [stored], NOW);
      await b.query('BEGIN');
      const bDone = createAndLockItems(b, [stored, fresh], NOW).then(() => b.query('COMMIT'));
      await waitUntilWaitingForLock(pool(), b);
      // B waits for the stored item before it inserts the new one, so A can go on.
      await createAndLockItems(a, [stored, fresh], NOW);
      await a.query('COMMIT');
      await bDone;
    } finally {
      a.release();
      b.release();
    }
    expect((await pool().query('SELECT count(*)::int AS n FROM items WHERE tracking_no = ANY($1)', [[stored, fresh]])).rows[0].n).toBe(2);
  });
});

async function inTransaction(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await run(client);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** Polls the server's own view of the session until it waits for a lock (no clock involved). */
async function waitUntilWaitingForLock(pool: pg.Pool, client: pg.PoolClient): Promise<void> {
  const pid = (client as unknown as { processID: number }).processID;
  for (;;) {
    const { rows } = await pool.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
    if (rows[0]?.wait_event_type === 'Lock') return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
