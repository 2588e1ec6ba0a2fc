import { expect, it } from 'vitest';
import { FIXED_NOW, type TestApp, createSite, newTestApp, newTrackingNo } from '../factories.js';
import { asUser, newUser, scanItem, signedIn } from '../factories-console.js';
import { describeEachDialect } from '../test-db.js';
import { MISSING_SCAN_TYPES } from '../../src/modules/breakpoints/breakpoint.table.js';

/** The rate's numerator: items with an open missing-scan break-point. */
const MISSING = MISSING_SCAN_TYPES.join(',');

// A hand-made week around FIXED_NOW (Saturday 21 November 2026, 12:00 in Shanghai), stored through
// POST /api/v1/scans so that detection and the sweep open the break-points. Every figure of the
// overview is checked by hand, then against the list or report it stands for.

const sh = (local: string) => `${local}+08:00`;
const YICHANG = '420500';
const WUHAN = '420100';

interface Overview {
  timeZone: string;
  from: string;
  to: string;
  today: { day: string; accepted: number; delivered: number };
  range: { accepted: number; delivered: number; acceptedDelivered: number; deliveryRate: number; items: number; withBreakpoint: number; breakpointRate: number };
  openBreakpointsByType: { type: string; count: number }[];
  rateByCity: { cityCode: string; cityName: string | null; items: number; withBreakpoint: number; rate: number }[];
  dailyTrend: { day: string; items: number; withBreakpoint: number; rate: number }[];
  topUnits: { unitCode: string; unitName: string | null; open: number }[];
}

async function overview(t: TestApp, query = ''): Promise<Overview> {
  const res = await t.request('GET', `/api/v1/reports/overview${query}`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Overview;
}

/** How many rows a list has, read page by page. */
async function rowsOf(t: TestApp, path: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', `${path}${path.includes('?') ? '&' : '?'}limit=500${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { rows: unknown[]; nextCursor: string | null };
    n += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

/** Every figure of an overview against the list or report behind it. */
async function expectLinked(t: TestApp, o: Overview): Promise<void> {
  const { from, to } = o;
  const period = `from=${from}&to=${to}`;
  expect(await rowsOf(t, `/api/v1/items?acceptedOn=${o.today.day}`)).toBe(o.today.accepted);
  expect(await rowsOf(t, `/api/v1/items?deliveredOn=${o.today.day}`)).toBe(o.today.delivered);
  expect(await rowsOf(t, `/api/v1/items?acceptedOn=${from}..${to}`)).toBe(o.range.accepted);
  expect(await rowsOf(t, `/api/v1/items?deliveredOn=${from}..${to}`)).toBe(o.range.delivered);
  expect(await rowsOf(t, `/api/v1/items?acceptedOn=${from}..${to}&status=DELIVERED`)).toBe(o.range.acceptedDelivered);
  expect(await rowsOf(t, `/api/v1/items?${period}`)).toBe(o.range.items);
  expect(await rowsOf(t, `/api/v1/items?${period}&breakpoint=open&breakpointType=${MISSING}`)).toBe(o.range.withBreakpoint);
  for (const c of o.rateByCity) {
    expect(await rowsOf(t, `/api/v1/items?${period}&city=${c.cityCode}`)).toBe(c.items);
    expect(await rowsOf(t, `/api/v1/items?${period}&city=${c.cityCode}&breakpoint=open&breakpointType=${MISSING}`)).toBe(c.withBreakpoint);
  }
  for (const d of o.dailyTrend) {
    expect(await rowsOf(t, `/api/v1/items?from=${d.day}&to=${d.day}`)).toBe(d.items);
    expect(await rowsOf(t, `/api/v1/items?from=${d.day}&to=${d.day}&breakpoint=open&breakpointType=${MISSING}`)).toBe(d.withBreakpoint);
  }
  for (const b of o.openBreakpointsByType) expect(await rowsOf(t, `/api/v1/breakpoints?status=open&type=${b.type}`)).toBe(b.count);
  for (const u of o.topUnits) expect(await rowsOf(t, `/api/v1/breakpoints?status=open&unit=${u.unitCode}`)).toBe(u.open);

  // The break-point figures are the rate report's for the same days.
  const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?${period}&groupBy=city`, { role: 'viewer' });
  const report = res.json() as { rows: { group: string; groupName: string | null; items: number; itemsWithBreakpoint: number; rate: number }[]; total: { items: number; itemsWithBreakpoint: number; rate: number } };
  expect(o.range).toMatchObject({ items: report.total.items, withBreakpoint: report.total.itemsWithBreakpoint, breakpointRate: report.total.rate });
  expect(o.rateByCity).toEqual(report.rows.map((r) => ({ cityCode: r.group, cityName: r.groupName, items: r.items, withBreakpoint: r.itemsWithBreakpoint, rate: r.rate })));
}

const byType = (counts: Record<string, number>) =>
  ['MISSING_ACCEPTANCE', 'MISSING_INBOUND', 'MISSING_OUTBOUND', 'MISSING_OUT_FOR_DELIVERY', 'SILENT_IN_TRANSIT', 'SILENT_AT_OFFICE', 'NO_DELIVERY_RESULT', 'SILENT_HELD'].map(
    (type) => ({ type, count: counts[type] ?? 0 }),
  );

describeEachDialect('GET /api/v1/reports/overview', (ctx) => {
  it('gives every figure of a hand-made week, each equal to its list and to the rate report, and follows late scans and unit changes', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506', name: '夷陵营业部' }); // 宜昌市
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: '420102', name: '江岸投递部' }); // 武汉市
    const [i1, i2, i3, i4, i5, i6, i7, i8] = Array.from({ length: 8 }, () => newTrackingNo());
    // i1: clean; accepted the 19th, delivered the 20th.
    await scanItem(t, i1!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-19T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-11-19T10:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-20T08:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-11-20T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-11-20T10:00:00') },
    ]);
    // i2: no DISPATCHED at the counter (MISSING_OUTBOUND, the counter's); accepted the 20th, delivered today.
    await scanItem(t, i2!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-20T09:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-21T08:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-11-21T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-11-21T10:00:00') },
    ]);
    // i3: accepted today, on its way.
    await scanItem(t, i3!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-21T08:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-11-21T09:00:00') },
    ]);
    // i4: never accepted (MISSING_ACCEPTANCE, the office's), seen today.
    await scanItem(t, i4!, [{ code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-21T07:00:00') }]);
    // i5: accepted the 18th (before the period), delivered the 19th without OUT_FOR_DELIVERY.
    await scanItem(t, i5!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-18T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-11-18T10:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-19T08:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-11-19T09:00:00') },
    ]);
    // i6: its DISPATCHED comes late and fills the gap (filled late, not in the rate); then silent at the office.
    await scanItem(t, i6!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-19T09:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-19T15:00:00') },
    ]);
    await scanItem(t, i6!, [{ code: 'DISPATCHED', site: counter, at: sh('2026-11-19T10:00:00') }]);
    // i7: accepted the 15th and silent since (SILENT_IN_TRANSIT, the counter's); outside the period.
    await scanItem(t, i7!, [{ code: 'ACCEPTED', site: counter, at: sh('2026-11-15T09:00:00') }]);
    // i8: accepted the 19th, at the office since the 20th (SILENT_AT_OFFICE by now); delivered later on.
    await scanItem(t, i8!, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-11-19T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-11-19T10:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-11-20T08:00:00') },
    ]);
    const swept = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: sh('2026-11-21T12:00:00') } });
    expect(swept.json()).toEqual({ opened: 3, closed: 0 });

    const week = await overview(t, '?from=2026-11-19&to=2026-11-21');
    expect(week).toEqual({
      timeZone: 'Asia/Shanghai',
      from: '2026-11-19',
      to: '2026-11-21',
      today: { day: '2026-11-21', accepted: 1, delivered: 1 },
      range: { accepted: 5, delivered: 3, acceptedDelivered: 2, deliveryRate: 0.4, items: 7, withBreakpoint: 3, breakpointRate: 3 / 7 },
      openBreakpointsByType: byType({ MISSING_ACCEPTANCE: 1, MISSING_OUTBOUND: 1, MISSING_OUT_FOR_DELIVERY: 1, SILENT_IN_TRANSIT: 1, SILENT_AT_OFFICE: 2 }),
      rateByCity: [
        { cityCode: WUHAN, cityName: '湖北省武汉市', items: 6, withBreakpoint: 2, rate: 1 / 3 },
        { cityCode: YICHANG, cityName: '湖北省宜昌市', items: 6, withBreakpoint: 1, rate: 1 / 6 },
      ],
      dailyTrend: [
        { day: '2026-11-19', items: 2, withBreakpoint: 1, rate: 0.5 },
        { day: '2026-11-20', items: 2, withBreakpoint: 0, rate: 0 },
        { day: '2026-11-21', items: 3, withBreakpoint: 2, rate: 2 / 3 },
      ],
      topUnits: [
        { unitCode: office, unitName: '江岸投递部', open: 4 },
        { unitCode: counter, unitName: '夷陵营业部', open: 2 },
      ],
    });
    await expectLinked(t, week);
    // Asked again, the days come from what was kept: the same answer.
    expect(await overview(t, '?from=2026-11-19&to=2026-11-21')).toEqual(week);

    // Late scans: i4's ACCEPTED (the 20th) fills its gap and makes it accepted in the period; i5 is
    // scanned again today, so its last scan moves from the 19th to today.
    await scanItem(t, i4!, [{ code: 'ACCEPTED', site: office, at: sh('2026-11-20T06:00:00') }]);
    await scanItem(t, i5!, [{ code: 'HELD', site: office, at: sh('2026-11-21T11:00:00') }]);
    const later = await overview(t, '?from=2026-11-19&to=2026-11-21');
    expect(later.range).toEqual({ accepted: 6, delivered: 3, acceptedDelivered: 2, deliveryRate: 1 / 3, items: 7, withBreakpoint: 2, breakpointRate: 2 / 7 });
    expect(later.dailyTrend).toEqual([
      { day: '2026-11-19', items: 1, withBreakpoint: 0, rate: 0 },
      { day: '2026-11-20', items: 2, withBreakpoint: 0, rate: 0 },
      { day: '2026-11-21', items: 4, withBreakpoint: 2, rate: 0.5 },
    ]);
    expect(later.openBreakpointsByType).toEqual(byType({ MISSING_OUTBOUND: 1, MISSING_OUT_FOR_DELIVERY: 1, SILENT_IN_TRANSIT: 1, SILENT_AT_OFFICE: 2 }));
    await expectLinked(t, later);

    // i8 is delivered today: its last scan moves from the 20th to today, and one more of the items
    // accepted on the 19th (a day no other change touches) is delivered.
    await scanItem(t, i8!, [
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-11-21T09:30:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-11-21T10:30:00') },
    ]);
    const delivered = await overview(t, '?from=2026-11-19&to=2026-11-21');
    expect(delivered.today).toEqual({ day: '2026-11-21', accepted: 1, delivered: 2 });
    expect(delivered.range).toEqual({ accepted: 6, delivered: 4, acceptedDelivered: 3, deliveryRate: 0.5, items: 7, withBreakpoint: 2, breakpointRate: 2 / 7 });
    expect(delivered.dailyTrend.map((d) => d.items)).toEqual([1, 1, 5]);
    expect(delivered.openBreakpointsByType).toEqual(byType({ MISSING_OUTBOUND: 1, MISSING_OUT_FOR_DELIVERY: 1, SILENT_IN_TRANSIT: 1, SILENT_AT_OFFICE: 1 }));
    await expectLinked(t, delivered);

    // The counter moves to Wuhan: every day is grouped again.
    const moved = await t.request('POST', '/api/v1/units', { body: [{ code: counter, name: '夷陵营业部', kind: 'counter', divisionCode: '420103' }] });
    expect(moved.statusCode).toBe(200);
    const regrouped = await overview(t, '?from=2026-11-19&to=2026-11-21');
    expect(regrouped.rateByCity).toEqual([{ cityCode: WUHAN, cityName: '湖北省武汉市', items: 7, withBreakpoint: 2, rate: 2 / 7 }]);
    await expectLinked(t, regrouped);

    // Today only, by default; and through the web console's session.
    const today = await overview(t);
    expect(today).toMatchObject({ from: '2026-11-21', to: '2026-11-21', today: delivered.today, dailyTrend: [delivered.dailyTrend[2]] });
    const cookie = await signedIn(t, await newUser(t, 'viewer'));
    const viaConsole = await asUser(t, cookie, 'GET', '/api/v1/reports/overview');
    expect(viaConsole.json()).toEqual(today);
  });

  it('defaults and bounds its period, and names the parameter at fault', async () => {
    const t = await newTestApp(ctx);
    const sinceMonday = await overview(t, '?from=2026-11-16');
    expect([sinceMonday.from, sinceMonday.to]).toEqual(['2026-11-16', '2026-11-21']);
    expect(sinceMonday.dailyTrend.map((d) => d.day)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    const oneDay = await overview(t, '?to=2026-11-01');
    expect([oneDay.from, oneDay.to]).toEqual(['2026-11-01', '2026-11-01']);
    // No data: zeros, and rates of 0 rather than NaN.
    expect(oneDay.range).toEqual({ accepted: 0, delivered: 0, acceptedDelivered: 0, deliveryRate: 0, items: 0, withBreakpoint: 0, breakpointRate: 0 });
    expect((await overview(t, '?from=2025-11-21&to=2026-11-21')).dailyTrend).toHaveLength(366);

    const cases: [string, string][] = [
      ['?from=2026-11-21&to=2026-11-20', 'querystring.to: must not be before from (2026-11-21)'],
      ['?from=2025-11-20&to=2026-11-21', 'from: the period is 367 days; at most 366'],
      ['?from=2026-02-30', 'querystring.from'],
      ['?day=2026-11-21', 'querystring'],
    ];
    for (const [query, message] of cases) {
      const res = await t.request('GET', `/api/v1/reports/overview${query}`, { role: 'viewer' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(message);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reports/overview' })).statusCode).toBe(401);
    expect(FIXED_NOW).toBe(Date.parse(sh('2026-11-21T12:00:00')));
  });
});
