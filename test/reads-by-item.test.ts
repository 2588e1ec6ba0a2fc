import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from './test-db.js';
import type { Db } from '../src/db/database.js';
import { listItemSites } from '../src/modules/breakpoints/breakpoint-query.repository.js';
import { readItemCounts } from '../src/modules/overview/overview.repository.js';

const ROWS = 20_000;
const trackingNo = (n: number) => `EA${String(200_000_000 + n)}CN`;
const asked = Array.from({ length: 500 }, (_, i) => trackingNo(1_000 + i * 37));

/** Index and table rows this transaction has read from `table` so far (PostgreSQL's per-transaction statistics). */
async function rowsRead(trx: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT (SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(indexrelid)), 0) FROM pg_index WHERE indrelid = ${table}::regclass)
         + pg_stat_get_xact_tuples_returned(${table}::regclass) AS n`.execute(trx);
  return Number(rows[0]!.n);
}

// A store's tables fill long before autovacuum first analyzes them. Until then PostgreSQL plans by
// default estimates, and took `tracking_no IN (…)` for no filter at all: each chunk of 500 items read
// every row of the table (docs/benchmarks.md). These reads probe the index once per item instead.
describeEachDialect('reads of given items on tables never analyzed', (ctx) => {
  it.runIf(ctx.dialect === 'postgres')("read about one index entry per item of overview_item_counts, whatever the table's size", async () => {
    const db = ctx.handle.db;
    await sql`INSERT INTO overview_item_counts (time_zone, tracking_no, rate_day, accepted_day, accepted_delivered)
              SELECT 'Asia/Shanghai', 'EA' || (200000000 + g)::text || 'CN', '2026-11-20', '2026-11-19', 0 FROM generate_series(0, ${ROWS - 1}) g`.execute(db);
    await db.transaction().execute(async (trx) => {
      const rows = await readItemCounts(trx, 'Asia/Shanghai', asked);
      expect(rows.map((r) => r.tracking_no).sort()).toEqual([...asked].sort());
      expect(await rowsRead(trx, 'overview_item_counts')).toBeLessThanOrEqual(asked.length * 2);
    });
  });

  it.runIf(ctx.dialect === 'postgres')('read the sites of given items from their own scans only', async () => {
    const db = ctx.handle.db;
    await sql`INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, received_at)
              SELECT 'EA' || (200000000 + g / 2)::text || 'CN', 'ARRIVED', 1763600000000 + g, 480, '42010' || (g % 2)::text, 1763600000000
              FROM generate_series(0, ${ROWS * 2 - 1}) g`.execute(db);
    await db.transaction().execute(async (trx) => {
      const rows = await listItemSites(trx, [...asked, asked[0]!]);
      expect(rows).toHaveLength(asked.length * 2);
      expect(new Set(rows.map((r) => `${r.tracking_no} ${r.site}`)).size).toBe(asked.length * 2);
      expect(await rowsRead(trx, 'scan_events')).toBeLessThanOrEqual(asked.length * 2 * 2);
    });
  });
});
