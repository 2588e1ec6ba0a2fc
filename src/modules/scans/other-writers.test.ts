import { afterAll, beforeAll, expect, it } from 'vitest';
import { scanInput } from '../../../test/factories.js';
import { describeEachDialect } from '../../../test/test-db.js';
import { loadConfig } from '../../config.js';
import { formatS10 } from '../../domain/s10.js';
import { upsertItemDetails } from '../items/item.repository.js';
import type { ScanInput } from './parse-scan-lines.js';
import { type ScanRecorder, createScanRecorder } from './record-scans.js';

/**
 * Whatever else writes a batch's items in between — the sweep on the writer's thread, another writer
 * on the same store (another process), the API on its own connection — the next batch plans from
 * what is stored. A writer that kept items' state in memory between batches would have to keep to
 * this (decision 0034: one was tried, and these cases failed while it was not yet exact).
 */
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T08:00:00+08:00');
const rules = loadConfig({}).silence;
let serial = 0;
const newTrackingNo = () => formatS10('PM', 7_000_000 + ++serial);

const scan = (trackingNo: string, code: ScanInput['code'], atMs: number, site: string): ScanInput => scanInput({ trackingNo, code, atMs, site });

describeEachDialect('the scan writer after other writes to its items', (ctx) => {
  let recorder: ScanRecorder;
  let other: ScanRecorder;
  beforeAll(() => {
    recorder = createScanRecorder(ctx.handle, rules);
    // A second writer on the same store: on a SQLite file a thread and connection of its own, as
    // another process would have.
    other = createScanRecorder(ctx.handle, rules);
  });
  afterAll(async () => {
    await recorder?.close();
    await other?.close();
  });

  const breakpointsOf = (trackingNo: string) =>
    ctx.handle.db
      .selectFrom('breakpoints')
      .select(['type', 'visit', 'closed_at'])
      .where('tracking_no', '=', trackingNo)
      .orderBy('type')
      .orderBy('visit')
      .execute();
  const itemOf = (trackingNo: string) => ctx.handle.db.selectFrom('items').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();

  it('closes a silence the sweep opened between two batches', async () => {
    const t = newTrackingNo();
    await recorder.record([scan(t, 'ACCEPTED', T0, 'S-COUNTER')], T0);
    const swept = await recorder.sweep({ asOf: T0 + 100 * HOUR, now: T0 + 100 * HOUR });
    expect(swept?.opened).toBeGreaterThanOrEqual(1);
    expect(await breakpointsOf(t)).toEqual([{ type: 'SILENT_IN_TRANSIT', visit: 1, closed_at: null }]);

    await recorder.record([scan(t, 'DISPATCHED', T0 + 101 * HOUR, 'S-COUNTER')], T0 + 101 * HOUR);
    expect(await breakpointsOf(t)).toEqual([{ type: 'SILENT_IN_TRANSIT', visit: 1, closed_at: T0 + 101 * HOUR }]);
    expect(await itemOf(t)).toMatchObject({ last_event_code: 'DISPATCHED', last_event_at: T0 + 101 * HOUR });
  });

  it('plans from what another writer stored in between', async () => {
    const t = newTrackingNo();
    await recorder.record([scan(t, 'ACCEPTED', T0, 'S-COUNTER')], T0);
    await other.record([scan(t, 'DISPATCHED', T0 + HOUR, 'S-COUNTER')], T0 + HOUR);
    // Planned from a forgotten ACCEPTED as the last event, this arrival would find the first visit
    // not closed by a DISPATCHED and open MISSING_OUTBOUND.
    await recorder.record([scan(t, 'ARRIVED', T0 + 2 * HOUR, 'S-CENTRE')], T0 + 2 * HOUR);
    expect(await breakpointsOf(t)).toEqual([]);
    const arrived = await ctx.handle.db.selectFrom('scan_events').select('id').where('tracking_no', '=', t).where('code', '=', 'ARRIVED').executeTakeFirstOrThrow();
    expect(await itemOf(t)).toMatchObject({ status: 'ARRIVED', last_event_id: arrived.id, last_visit: 2, last_event_site: 'S-CENTRE' });
  });

  it('sees break-points another writer opened and closed in between', async () => {
    const t = newTrackingNo();
    await recorder.record([scan(t, 'ACCEPTED', T0, 'S-COUNTER')], T0);
    // The other writer stores an arrival without the dispatch (MISSING_OUTBOUND opens), then the
    // dispatch arrives late through this writer and must close it.
    await other.record([scan(t, 'ARRIVED', T0 + 2 * HOUR, 'S-CENTRE')], T0 + 2 * HOUR);
    expect(await breakpointsOf(t)).toEqual([{ type: 'MISSING_OUTBOUND', visit: 1, closed_at: null }]);
    await recorder.record([scan(t, 'DISPATCHED', T0 + HOUR, 'S-COUNTER')], T0 + 3 * HOUR);
    expect(await breakpointsOf(t)).toEqual([{ type: 'MISSING_OUTBOUND', visit: 1, closed_at: T0 + 3 * HOUR }]);
    await recorder.record([scan(t, 'AT_DELIVERY_OFFICE', T0 + 4 * HOUR, 'S-OFFICE')], T0 + 4 * HOUR);
    expect(await breakpointsOf(t)).toEqual([
      { type: 'MISSING_OUTBOUND', visit: 1, closed_at: T0 + 3 * HOUR },
      { type: 'MISSING_OUTBOUND', visit: 2, closed_at: null },
    ]);
  });

  it('keeps the details the API stored on the main connection, and the state the scans derive', async () => {
    const t = newTrackingNo();
    await recorder.record([scan(t, 'ACCEPTED', T0, 'S-COUNTER')], T0);
    await upsertItemDetails(ctx.handle.db, { tracking_no: t, service_indicator: 'PM', origin_unit: null, dest_division_code: '420500', dest_address: '宜昌市西陵区', weight_grams: 20 }, T0 + HOUR);
    await recorder.record([scan(t, 'DISPATCHED', T0 + HOUR, 'S-COUNTER')], T0 + HOUR);
    expect(await itemOf(t)).toMatchObject({ dest_division_code: '420500', dest_address: '宜昌市西陵区', status: 'DISPATCHED', last_event_at: T0 + HOUR });
  });
});
