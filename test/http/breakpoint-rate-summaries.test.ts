import { expect, it } from 'vitest';
import { localPeriod } from '../../src/http/query-days.js';
import { countRateByGroup, countRateTotals } from '../../src/modules/breakpoints/breakpoint-query.repository.js';
import { overviewDaysOf } from '../../src/modules/overview/overview-days.js';
import { refreshOverviewDays } from '../../src/modules/overview/overview-refresh.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, postScansInBatches as postScans, type ScanEventInput as Scan, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { mulberry32 as random } from '../../src/simulation/random.js';
import { describeEachDialect } from '../test-db.js';

// The rate report answers from per-day summaries (overview_day_groups). Here a randomised store is
// built through POST /scans, changed by late scans and a sweep, and every answer of the report is
// compared with the direct count over the items (countRateTotals / countRateByGroup), which is the
// rule of DESIGN §5 as one query.

const TZ = 'Asia/Shanghai';
const GROUPINGS = [undefined, 'unit', 'city', 'province'] as const;
const DAYS = ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
const PERIODS: [string, string][] = [...DAYS.map((d): [string, string] => [d, d]), ['2026-11-18', '2026-11-20'], ['2026-11-17', '2026-11-22']];

interface Figures {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
}
const figures = (f: Figures): Figures => ({ items: f.items, itemsWithBreakpoint: f.itemsWithBreakpoint, filledLate: f.filledLate });

/** Every period and grouping: the report (from the summaries) against the direct count. */
async function expectSummariesMatchDirect(t: TestApp): Promise<number> {
  let nonEmpty = 0;
  for (const [from, to] of PERIODS) {
    const period = localPeriod(from, to, TZ);
    const direct = await countRateTotals(t.db, period);
    for (const groupBy of GROUPINGS) {
      const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${from}&to=${to}${groupBy ? `&groupBy=${groupBy}` : ''}`, { role: 'viewer' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json() as { total: Figures; rows: (Figures & { group: string })[] };
      expect(figures(report.total), `${from}..${to} total`).toEqual(direct);
      if (!groupBy) continue;
      const rows = (await countRateByGroup(t.db, period, groupBy)).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
      expect(report.rows.map((r) => ({ group: r.group, ...figures(r) })), `${from}..${to} by ${groupBy}`).toEqual(rows);
      if (rows.length > 0) nonEmpty++;
    }
  }
  return nonEmpty;
}

describeEachDialect('the rate report from per-day summaries', (ctx) => {
  it('equals the direct count on a randomised store, after late scans that fill gaps and move items to other days, and a sweep', async () => {
    const t = await newTestApp(ctx);
    const rnd = random(20261121);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
    // Three cities of 湖北, one of 宁夏; one counter and one office share a city, so an item that
    // passes through both counts once in the city's row.
    const counters = [
      await createSite(t, { kind: 'counter', divisionCode: '420506' }),
      await createSite(t, { kind: 'counter', divisionCode: '420102' }),
    ];
    const centres = [await createSite(t, { kind: 'processing_centre', divisionCode: '420502' }), await createSite(t, { kind: 'processing_centre', divisionCode: '640104' })];
    const offices = [
      await createSite(t, { kind: 'delivery_office', divisionCode: '420506' }),
      await createSite(t, { kind: 'delivery_office', divisionCode: '420602' }),
      await createSite(t, { kind: 'delivery_office', divisionCode: '640104' }),
    ];

    // Each item: a counter, 0–2 processing centres, an office; scans 1–9 hours apart from a random
    // instant on the 18th–21st; about one scan in six dropped (kept aside to arrive late).
    const first: Scan[] = [];
    const withheld = new Map<string, Scan[]>();
    const lastAt = new Map<string, number>();
    const itemNos: string[] = [];
    for (let n = 0; n < 80; n++) {
      const trackingNo = newTrackingNo();
      itemNos.push(trackingNo);
      const route = [pick(counters), ...Array.from({ length: Math.floor(rnd() * 3) }, () => pick(centres)), pick(offices)];
      const steps: [string, string][] = [];
      route.forEach((site, i) => {
        if (i === 0) steps.push(['ACCEPTED', site], ['DISPATCHED', site]);
        else if (i < route.length - 1) steps.push(['ARRIVED', site], ['DISPATCHED', site]);
        else steps.push(['AT_DELIVERY_OFFICE', site], ['OUT_FOR_DELIVERY', site], ['DELIVERED', site]);
      });
      // Not every item gets to the end.
      const reached = steps.slice(0, 1 + Math.floor(rnd() * steps.length));
      let at = Date.parse('2026-11-18T00:00:00+08:00') + Math.floor(rnd() * 4 * 24) * HOUR;
      for (const [code, site] of reached) {
        const scan = { trackingNo, code, site, at: shanghai(at) };
        if (rnd() < 0.17) withheld.set(trackingNo, [...(withheld.get(trackingNo) ?? []), scan]);
        else first.push(scan);
        lastAt.set(trackingNo, at);
        at += (1 + Math.floor(rnd() * 9)) * HOUR + Math.floor(rnd() * 60) * MINUTE;
      }
    }
    await postScans(t, first);
    await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(FIXED_NOW) } });
    expect(await expectSummariesMatchDirect(t)).toBeGreaterThan(10);

    // Late scans: half the withheld ones (filling gaps, some of them the items' last scans), and a
    // next-day scan at another unit for a dozen items, which moves them off the day they were on.
    const late: Scan[] = [];
    for (const scans of withheld.values()) for (const s of scans) if (rnd() < 0.5) late.push(s);
    for (const trackingNo of itemNos.slice(0, 12)) {
      late.push({ trackingNo, code: 'ARRIVED', site: pick([...centres, ...offices]), at: shanghai(lastAt.get(trackingNo)! + 20 * HOUR) });
    }
    await postScans(t, late);
    const swept = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(FIXED_NOW + 24 * HOUR) } });
    expect(swept.statusCode).toBe(200);
    await expectSummariesMatchDirect(t);

    // With the refresh job: a pass after more late scans, and the report then answers from the days
    // it stored (without computing them itself); still the direct count.
    await postScans(t, [...withheld.values()].flat().filter(() => rnd() < 0.5));
    const pass = await refreshOverviewDays(overviewDaysOf(t.db), { db: t.db, timeZone: TZ, now: FIXED_NOW }, async () => true);
    expect(pass?.computed).toBeGreaterThan(0);
    await expectSummariesMatchDirect(t);
    // And after a pass, scans the pass has not seen: still the direct count, at once.
    await postScans(t, itemNos.slice(12, 24).map((trackingNo) => ({ trackingNo, code: 'ARRIVED', site: pick(centres), at: shanghai(lastAt.get(trackingNo)! + 30 * HOUR) })));
    await expectSummariesMatchDirect(t);
    // The figures are exact, so no answer says up to when it counts.
    const overview = await t.request('GET', '/api/v1/reports/overview', { role: 'viewer' });
    expect(overview.json()).not.toHaveProperty('freshAt');
    const rate = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAYS[0]}&to=${DAYS.at(-1)}`, { role: 'viewer' });
    expect(rate.json()).not.toHaveProperty('freshAt');
  }, 120_000);

  it('with a recent refresh pass, counts new scans at once', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' });
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: '420102' });
    const a = newTrackingNo();
    // A day of its own (the store is shared with the test above), outside the days a pass computes unasked.
    const day = '2026-10-01';
    const noon = Date.parse('2026-10-01T12:00:00+08:00');
    await postScans(t, [{ trackingNo: a, code: 'ACCEPTED', site: counter, at: shanghai(noon - 3 * HOUR) }]);
    const days = overviewDaysOf(t.db);
    await refreshOverviewDays(days, { db: t.db, timeZone: TZ, now: FIXED_NOW }, async () => true);
    const total = async () => {
      const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${day}&to=${day}`, { role: 'viewer' });
      return figures((res.json() as { total: Figures }).total);
    };
    expect(await total()).toEqual({ items: 1, itemsWithBreakpoint: 0, filledLate: 0 });

    // An item seen at an office without acceptance: a missing-scan break-point, on the same day,
    // counted by the next answer without waiting for a pass (this used to wait for one).
    const b = newTrackingNo();
    await postScans(t, [{ trackingNo: b, code: 'AT_DELIVERY_OFFICE', site: office, at: shanghai(noon - HOUR) }]);
    expect(await total()).toEqual({ items: 2, itemsWithBreakpoint: 1, filledLate: 0 });
    const pass = await refreshOverviewDays(days, { db: t.db, timeZone: TZ, now: FIXED_NOW }, async () => true);
    expect(pass).toMatchObject({ freshAt: FIXED_NOW });
    expect(await total()).toEqual({ items: 2, itemsWithBreakpoint: 1, filledLate: 0 });

    // A pass that loses its lease stops and records nothing.
    expect(await refreshOverviewDays(days, { db: t.db, timeZone: TZ, now: FIXED_NOW }, async () => false)).toBeNull();
  });
});
