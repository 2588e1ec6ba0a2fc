import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { type ItemRateFacts, countRateOfPeriod } from '../../src/modules/breakpoints/breakpoint-rate-day.js';
import { storeComputedDay } from '../../src/modules/overview/overview-counts.js';
import { readWatermark, unitsStamp } from '../../src/modules/overview/overview.repository.js';
import { type TestApp, createSite, newTrackingNo, newTestApp, postScansInBatches, shanghai } from '../factories.js';
import { TestDbContext } from '../test-db.js';

// A day stored at a watermark while more items were scanned than one statement may name (SQLite takes
// 32,766 parameters, PostgreSQL 65,535): the day counts again only its own rows among them, and the
// next read's catch-up counts the rest in passes of RECOUNT_CHUNK. The report is exact, not a 500. The
// passes are the same code on both engines; SQLite's limit is the one a test reaches in seconds
// (66,000 items take minutes to store on PostgreSQL here).

const TZ = 'Asia/Shanghai';
const DAY = '2026-11-18';
const T = Date.parse(`${DAY}T09:00:00+08:00`);

async function rateByUnit(t: TestApp): Promise<Record<string, number>> {
  const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return Object.fromEntries((res.json() as { rows: { group: string; items: number }[] }).rows.map((r) => [r.group, r.items]));
}

describe('a day stored after more items were scanned than a statement may name [sqlite]', () => {
  const ctx = new TestDbContext('sqlite');
  beforeAll(() => ctx.open());
  afterAll(() => ctx.close());

  it('counts them all, in passes', { timeout: 60_000 }, async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' });
    await postScansInBatches(t, [{ trackingNo: newTrackingNo(), code: 'ACCEPTED', at: shanghai(T), site: counter }]);
    expect(await rateByUnit(t)).toEqual({ [counter]: 1 });

    // The day read in full at this watermark, as computeDay reads it ...
    const watermark = (await readWatermark(t.db))!;
    const rateItems = new Map<string, ItemRateFacts>();
    const rate = await countRateOfPeriod(t.db, localPeriod(DAY, DAY, TZ), (trackingNo, facts) => rateItems.set(trackingNo, facts));
    // ... while more items than a statement's parameters are accepted at the counter.
    const many = 33_000;
    const at = shanghai(T + 60_000);
    await postScansInBatches(t, Array.from({ length: many }, () => ({ trackingNo: newTrackingNo(), code: 'ACCEPTED' as const, at, site: counter })), 10_000);
    await storeComputedDay(t.db, TZ, { kind: 'rate', day: DAY, rate, rateItems }, watermark, await unitsStamp(t.db));
    expect(await rateByUnit(t)).toEqual({ [counter]: many + 1 });
  });
});
