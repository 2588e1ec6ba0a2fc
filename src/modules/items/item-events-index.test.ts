import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/test-db.js';

// Migration 0029: on SQLite an item's events are read from `scan_events_timeline` alone, one or two
// pages, instead of one table page per event. A column added to scan_events and not to the index
// would quietly send every timeline back to the table.
describeEachDialect("an item's events", (ctx) => {
  it.runIf(ctx.dialect === 'sqlite')('are read from the timeline index alone, every column of scan_events included', async () => {
    const db = ctx.handle.db;
    const query = db.selectFrom('scan_events').selectAll().where('tracking_no', '=', 'EA000000000CN').compile();
    const plan = await db.executeQuery<{ detail: string }>({ ...query, sql: `EXPLAIN QUERY PLAN ${query.sql}` });
    expect(plan.rows.map((r) => r.detail).join('\n')).toContain('USING COVERING INDEX scan_events_timeline (tracking_no=?)');
  });
});
