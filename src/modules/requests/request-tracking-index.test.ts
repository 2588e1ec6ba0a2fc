import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';
import { TRACKING_REQUEST_COLUMNS } from './request.repository.js';

// Migration 0030: the two reads of the request behind a tracking number made on every look-up (a
// citizen's tracking, and an item's page asking when the request was made, in items/suspect-scans.ts)
// stop at `requests_by_tracking_no`. A column added to either read and not to the index would quietly
// send every look-up back to the table.
describeEachDialect('the request behind a tracking number', (ctx) => {
  it.runIf(ctx.dialect === 'sqlite')("is read from requests_by_tracking_no alone, by citizens' tracking and by an item's page", async () => {
    const db = ctx.handle.db;
    const reads = [
      db.selectFrom('requests').select(TRACKING_REQUEST_COLUMNS).where('tracking_no', '=', 'EA000000000CN'),
      db.selectFrom('requests').select('created_at').where('tracking_no', '=', 'EA000000000CN'),
    ];
    for (const read of reads) {
      const query = read.compile();
      const plan = await db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` });
      expect(plan.rows.map((r) => r.detail).join('\n'), query.sql).toContain('USING COVERING INDEX requests_by_tracking_no (tracking_no=?)');
    }
  });

  it('has one index by tracking number, the covering one', async () => {
    const db = ctx.handle.db;
    const names =
      ctx.dialect === 'sqlite'
        ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'requests'`.execute(db)).rows.map((r) => r.name)
        : (await sql<{ name: string }>`SELECT indexname AS name FROM pg_indexes WHERE tablename = 'requests'`.execute(db)).rows.map((r) => r.name);
    expect(names).toContain('requests_by_tracking_no');
    expect(names).not.toContain('requests_tracking_no');
  });
});
