import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseNow, readerWaitsForWriters } from '../../test/pg-waits.js';
import { TestDbContext } from '../../test/test-db.js';
import { committedIdHorizon, latestVisibleId } from './committed-horizon.js';

const NOW = Date.parse('2026-11-20T08:00:00+08:00');

const insertScan = (client: pg.PoolClient | pg.Pool, trackingNo: string) =>
  client.query<{ id: string }>(
    `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, received_at) VALUES ($1, 'ACCEPTED', $2, 480, '420100', $2) RETURNING id`,
    [trackingNo, NOW],
  );

describe('the committed horizon of a table read by id [postgres]', () => {
  const ctx = new TestDbContext('postgres');
  beforeAll(() => ctx.open(), 60_000);
  afterAll(() => ctx.close());
  const pool = () => ctx.pool;

  it('stops below a lower id still being written, waits for its transaction, and holds up no other writer meanwhile', async () => {
    const slow = await pool().connect();
    try {
      // A transaction draws a lower id and stays open; another draws a higher one and commits.
      await slow.query('BEGIN');
      const lower = Number((await insertScan(slow, 'EA000000001CN')).rows[0]!.id);
      const higher = Number((await insertScan(pool(), 'EA000000002CN')).rows[0]!.id);
      expect(higher).toBeGreaterThan(lower);
      expect(await latestVisibleId(ctx.handle.db, 'scan_events')).toBe(higher);

      let answered: number | undefined;
      const since = await databaseNow(pool());
      const horizon = committedIdHorizon(ctx.handle.db, 'scan_events').then((h) => (answered = h));
      while (answered === undefined && !(await readerWaitsForWriters(pool(), since))) await sleep(5);
      // While the reader waits for the open transaction, a third writer stores and commits: with a
      // lock on the table it would queue behind the reader (and time out here).
      const third = await pool().connect();
      try {
        await third.query(`SET lock_timeout = '5s'`);
        const latest = Number((await insertScan(third, 'EA000000003CN')).rows[0]!.id);
        expect(latest).toBeGreaterThan(higher);
      } finally {
        third.release();
      }
      expect(answered).toBeUndefined();

      await slow.query('COMMIT');
      // Every id up to the answer is committed: the reader may read them all and skip none.
      const upTo = await horizon;
      expect(upTo).toBeGreaterThanOrEqual(higher);
      const { rows } = await pool().query<{ id: string }>('SELECT id FROM scan_events WHERE id <= $1 ORDER BY id', [upTo]);
      expect(rows.map((r) => Number(r.id))).toContain(lower);
    } finally {
      slow.release();
    }
  });

  it('answers at once the highest id when nobody writes', async () => {
    const id = Number((await insertScan(pool(), 'EA000000004CN')).rows[0]!.id);
    expect(await committedIdHorizon(ctx.handle.db, 'scan_events')).toBe(id);
  });
});
