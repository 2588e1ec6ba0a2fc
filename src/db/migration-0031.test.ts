import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createEmptyTarget } from '../../test/test-db.js';
import { migrateTo, migrateToLatest } from './migrate.js';
import { type DbHandle, openDb } from './open-db.js';

// Migration 0031 adds items.accepted_at and fills it from the scans already stored: the first
// ACCEPTED by instant, whatever order the scans arrived in; null for an item never accepted.
for (const dialect of DIALECTS) describe(`migration 0031 [${dialect}]`, () => {
  let store: { handle: DbHandle; drop(): Promise<void> };
  beforeAll(async () => {
    const target = await createEmptyTarget(dialect);
    const handle = openDb(target.target);
    store = {
      handle,
      drop: async () => {
        await handle.close();
        await target.drop();
      },
    };
  }, 60_000);
  afterAll(() => store?.drop());

  it("fills an upgraded store's first acceptances from its scans", async () => {
    const db = store.handle.db;
    await migrateTo(db, '0030-requests-by-tracking-no');
    const T = Date.parse('2026-11-20T08:00:00+08:00');
    const item = (trackingNo: string) =>
      sql`INSERT INTO items (tracking_no, service_indicator, source, status, created_at) VALUES (${trackingNo}, 'EA', 'scan', 'ACCEPTED', ${T})`.execute(db);
    const scan = (trackingNo: string, code: string, atMs: number) =>
      sql`INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, received_at) VALUES (${trackingNo}, ${code}, ${atMs}, 480, 'S1', ${T})`.execute(db);
    await item('EA000000001CN');
    await item('EA000000002CN');
    await item('EA000000003CN');
    // Arrived later than a second acceptance, but the earlier instant: the first acceptance.
    await scan('EA000000001CN', 'ACCEPTED', T + 60_000);
    await scan('EA000000001CN', 'DISPATCHED', T + 120_000);
    await scan('EA000000001CN', 'ACCEPTED', T);
    await scan('EA000000002CN', 'ARRIVED', T + 30_000);

    await migrateToLatest(db);
    const rows = await db.selectFrom('items').select(['tracking_no', 'accepted_at']).orderBy('tracking_no').execute();
    expect(rows).toEqual([
      { tracking_no: 'EA000000001CN', accepted_at: T },
      { tracking_no: 'EA000000002CN', accepted_at: null },
      { tracking_no: 'EA000000003CN', accepted_at: null },
    ]);
  });
});
