import { expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { countRateTotals } from '../../src/modules/breakpoints/breakpoint-query.repository.js';
import { overviewDaysOf } from '../../src/modules/overview/overview-days.js';
import { refreshOverviewDays } from '../../src/modules/overview/overview-refresh.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

// An agency system uploads a batch of scans and asks for the figures at once, while the refresh job
// has just made a pass (so the stored days look recent): the answers must count the batch, not wait
// for the job's next pass.

const TZ = 'Asia/Shanghai';
// FIXED_NOW is 2026-11-21 12:00 in Shanghai: the batches are scanned that morning.
const TODAY = '2026-11-21';
const MORNING = Date.parse('2026-11-21T08:00:00+08:00');

interface Scan {
  trackingNo: string;
  code: string;
  site: string;
  at: string;
}
interface RateFigures {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
}
interface RateReport {
  total: RateFigures;
  rows: (RateFigures & { group: string })[];
}
interface Overview {
  today: { accepted: number; delivered: number };
  range: { accepted: number; delivered: number; items: number; withBreakpoint: number };
  rateByCity: { cityCode: string; items: number; withBreakpoint: number }[];
  dailyTrend: { day: string; items: number; withBreakpoint: number }[];
}

async function postScans(t: TestApp, scans: readonly Scan[]): Promise<void> {
  const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: scans });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ accepted: scans.length });
}

async function rate(t: TestApp, query = ''): Promise<RateReport> {
  const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${TODAY}&to=${TODAY}${query}`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RateReport;
}

async function overview(t: TestApp): Promise<Overview> {
  const res = await t.request('GET', '/api/v1/reports/overview', { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Overview;
}

const only = (f: RateFigures): RateFigures => ({ items: f.items, itemsWithBreakpoint: f.itemsWithBreakpoint, filledLate: f.filledLate });

describeEachDialect('reports right after a scan batch is acknowledged', (ctx) => {
  it('count the batch at once, with a refresh pass just made, and count the next batch too', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' });
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: '420102' });
    const days = overviewDaysOf(t.db);
    // The job's pass: every recent day (today among them) is stored, empty, and the pass is recent.
    const pass = await refreshOverviewDays(days, { db: t.db, timeZone: TZ, now: FIXED_NOW }, async () => true);
    expect(pass?.computed).toBeGreaterThan(0);
    expect(only((await rate(t)).total)).toEqual({ items: 0, itemsWithBreakpoint: 0, filledLate: 0 });

    // A day of 12 items, 4 of them broken: accepted, then at the office without a DISPATCHED at the
    // counter (MISSING_OUTBOUND, blamed on the counter).
    const items = Array.from({ length: 12 }, () => newTrackingNo());
    const broken = items.slice(0, 4);
    const first: Scan[] = items.flatMap((trackingNo, i) => {
      const at = MORNING + i * MINUTE;
      const scans = [{ trackingNo, code: 'ACCEPTED', site: counter, at: shanghai(at) }];
      if (!broken.includes(trackingNo)) scans.push({ trackingNo, code: 'DISPATCHED', site: counter, at: shanghai(at + HOUR) });
      scans.push({ trackingNo, code: 'AT_DELIVERY_OFFICE', site: office, at: shanghai(at + 2 * HOUR) });
      return scans;
    });
    await postScans(t, first);

    expect(only((await rate(t)).total)).toEqual({ items: 12, itemsWithBreakpoint: 4, filledLate: 0 });
    const byCity = await rate(t, '&groupBy=city');
    expect(byCity.rows.map((r) => ({ group: r.group, ...only(r) }))).toEqual([
      { group: '420100', items: 12, itemsWithBreakpoint: 0, filledLate: 0 },
      { group: '420500', items: 12, itemsWithBreakpoint: 4, filledLate: 0 },
    ]);
    const o = await overview(t);
    expect(o.today).toEqual({ day: TODAY, accepted: 12, delivered: 0 });
    expect(o.range).toMatchObject({ accepted: 12, items: 12, withBreakpoint: 4 });
    expect(o.dailyTrend).toEqual([{ day: TODAY, items: 12, withBreakpoint: 4, rate: 4 / 12 }]);

    // The next batch: a late DISPATCHED fills one gap (filled late, out of the rate), two items are
    // delivered, and three new items arrive at the office unaccepted (MISSING_ACCEPTANCE).
    const [filled] = broken;
    const delivered = items.slice(4, 6);
    const unaccepted = Array.from({ length: 3 }, () => newTrackingNo());
    const second: Scan[] = [
      { trackingNo: filled!, code: 'DISPATCHED', site: counter, at: shanghai(MORNING + HOUR) },
      ...delivered.flatMap((trackingNo) => [
        { trackingNo, code: 'OUT_FOR_DELIVERY', site: office, at: shanghai(MORNING + 3 * HOUR) },
        { trackingNo, code: 'DELIVERED', site: office, at: shanghai(MORNING + 3 * HOUR + 30 * MINUTE) },
      ]),
      ...unaccepted.map((trackingNo) => ({ trackingNo, code: 'AT_DELIVERY_OFFICE', site: office, at: shanghai(MORNING + 3 * HOUR) })),
    ];
    await postScans(t, second);

    // Several requests at once share the catching up, and each counts the batch.
    const answers = await Promise.all([rate(t), rate(t, '&groupBy=unit'), overview(t), rate(t)]);
    const expected = { items: 15, itemsWithBreakpoint: 6, filledLate: 1 };
    for (const r of [answers[0], answers[1], answers[3]]) expect(only(r.total)).toEqual(expected);
    expect(only(answers[1].rows.find((r) => r.group === counter)!)).toEqual({ items: 12, itemsWithBreakpoint: 3, filledLate: 1 });
    expect(only(answers[1].rows.find((r) => r.group === office)!)).toEqual({ items: 15, itemsWithBreakpoint: 3, filledLate: 0 });
    const after = answers[2];
    expect(after.today).toEqual({ day: TODAY, accepted: 12, delivered: 2 });
    expect(after.range).toMatchObject({ accepted: 12, delivered: 2, items: 15, withBreakpoint: 6 });
    // The rule of DESIGN §5 as one query over the items says the same.
    expect(await countRateTotals(t.db, localPeriod(TODAY, TODAY, TZ))).toEqual(expected);

    // The job's next pass finds nothing left to compute for today, and the answers stay the same.
    await refreshOverviewDays(days, { db: t.db, timeZone: TZ, now: FIXED_NOW + MINUTE }, async () => true);
    expect(only((await rate(t)).total)).toEqual(expected);
    expect((await overview(t)).range).toMatchObject({ items: 15, withBreakpoint: 6 });
  });
});
