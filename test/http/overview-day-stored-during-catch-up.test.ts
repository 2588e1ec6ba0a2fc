import { expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { countRateOfPeriod, type ItemRateFacts } from '../../src/modules/breakpoints/breakpoint-rate-day.js';
import { readNewScans, recountItems, storeComputedDay } from '../../src/modules/overview/overview-counts.js';
import { advanceWatermark, lockCounts, readWatermark, unitsStamp } from '../../src/modules/overview/overview.repository.js';
import { HOUR, type TestApp, createSite, newTestApp, newTrackingNo, postScansInBatches as postScans, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

// A day computed in full is stored with facts read before; a catch-up may count new scans meanwhile and
// move the watermark only after its last transaction. The day must count again every item scanned
// since its own watermark, or the rows it writes (older than the watermark) would stand: a catch-up
// adds new scans' sites to a row's, so a site missing there would stay missing.

const TZ = 'Asia/Shanghai';
const DAY = '2026-11-18';
const T = Date.parse(`${DAY}T09:00:00+08:00`);

async function rateByUnit(t: TestApp): Promise<Record<string, number>> {
  const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries((res.json() as { rows: { group: string; items: number }[] }).rows.map((r) => [r.group, r.items]));
}

async function fullRateByUnit(t: TestApp): Promise<Record<string, number>> {
  const full = await countRateOfPeriod(t.db, localPeriod(DAY, DAY, TZ));
  return Object.fromEntries([...full.groups.unit].map(([unit, c]) => [unit, c.items]));
}

describeEachDialect('a day stored while a catch-up runs', (ctx) => {
  it('counts again the items scanned since its watermark, counted or not by the catch-up', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' });
    const centre = await createSite(t, { kind: 'processing_centre', divisionCode: '420502' });
    const item = newTrackingNo();
    await postScans(t, [
      { trackingNo: item, code: 'ACCEPTED', at: shanghai(T), site: counter },
      { trackingNo: item, code: 'DISPATCHED', at: shanghai(T + HOUR), site: counter },
    ]);
    expect(await rateByUnit(t)).toEqual({ [counter]: 1 });

    // The day read in full at this watermark (as computeDay reads it) ...
    const watermark = (await readWatermark(t.db))!;
    const rateItems = new Map<string, ItemRateFacts>();
    const rate = await countRateOfPeriod(t.db, localPeriod(DAY, DAY, TZ), (trackingNo, facts) => rateItems.set(trackingNo, facts));
    // ... while the item arrives at the centre, and a catch-up counts that scan but has not yet
    // moved the watermark.
    await postScans(t, [{ trackingNo: item, code: 'ARRIVED', at: shanghai(T + 3 * HOUR), site: centre }]);
    const latest = Number((await t.db.selectFrom('scan_events').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m);
    await t.db.transaction().execute(async (trx) => {
      await lockCounts(trx);
      await recountItems(trx, await readNewScans(trx, watermark, latest));
    });
    await storeComputedDay(t.db, TZ, { kind: 'rate', day: DAY, rate, rateItems }, watermark, await unitsStamp(t.db));
    await advanceWatermark(t.db, latest);
    expect(await rateByUnit(t)).toEqual(await fullRateByUnit(t));

    // The item's next scan, at the centre again: its sites must still hold the centre's.
    await postScans(t, [{ trackingNo: item, code: 'DISPATCHED', at: shanghai(T + 4 * HOUR), site: centre }]);
    expect(await rateByUnit(t)).toEqual({ [counter]: 1, [centre]: 1 });
    expect(await fullRateByUnit(t)).toEqual({ [counter]: 1, [centre]: 1 });
  });
});
