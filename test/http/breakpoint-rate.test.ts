import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { offendingItemPages } from '../../src/modules/breakpoints/breakpoint-rate.service.js';
import type { BreakpointType } from '../../src/modules/breakpoints/breakpoint.table.js';
import { ZBreakpointRateQuery } from '../../src/modules/breakpoints/breakpoint.schemas.js';
import { loadSiteDirectory } from '../../src/modules/units/unit.service.js';
import { MINUTE, type TestApp, createSite, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

// The cases lie on days across the year, longer before the test clock than scans may be dated by default.
const PAST_SCANS = { SONGDA_MAX_SCAN_AGE_DAYS: '3650' };

// Items and their events go in through POST /api/v1/scans, with complete routes (no gap, ending in
// DELIVERED), so detection opens nothing of its own. Break-points are then stored directly: the rate
// is checked against cases made by hand, whatever detection decides. Every test uses days no other
// test of this file uses, because the rate counts every item of the period.

const at = (iso: string) => Date.parse(iso);

/** A gap-free route through `sites` (first accepts, last delivers), ending at `deliveredAt`. */
function routeEvents(trackingNo: string, sites: readonly string[], deliveredAt: number) {
  const codes: { code: string; site: string }[] = [];
  sites.forEach((site, i) => {
    const first = i === 0 ? 'ACCEPTED' : i === sites.length - 1 ? 'AT_DELIVERY_OFFICE' : 'ARRIVED';
    codes.push({ code: first, site });
    if (i < sites.length - 1) codes.push({ code: 'DISPATCHED', site });
  });
  const last = sites.at(-1)!;
  codes.push({ code: 'OUT_FOR_DELIVERY', site: last }, { code: 'DELIVERED', site: last });
  return codes.map((c, i) => ({ trackingNo, code: c.code, site: c.site, at: shanghai(deliveredAt - (codes.length - 1 - i) * 10 * MINUTE) }));
}

/** Stores items (tracking number → route and delivery instant) through the scans API. */
async function deliverItems(t: TestApp, items: readonly { trackingNo: string; sites: readonly string[]; deliveredAt: number }[]): Promise<void> {
  const events = items.flatMap((i) => routeEvents(i.trackingNo, i.sites, i.deliveredAt));
  for (let i = 0; i < events.length; i += 50_000) {
    const batch = events.slice(i, i + 50_000);
    const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: batch });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ accepted: batch.length, duplicates: 0, rejected: [] });
  }
  const detected = await t.db
    .selectFrom('breakpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(
      'tracking_no',
      'in',
      items.slice(0, 500).map((i) => i.trackingNo),
    )
    .executeTakeFirstOrThrow();
  expect(Number(detected.n), 'complete routes open no break-point').toBe(0);
}

function deliver(t: TestApp, sites: readonly string[], deliveredAt: number): Promise<string> {
  const trackingNo = newTrackingNo();
  return deliverItems(t, [{ trackingNo, sites, deliveredAt }]).then(() => trackingNo);
}

async function breakpoint(db: Db, trackingNo: string, type: BreakpointType, unit: string, opts: { visit?: number; openedAt?: number; closedAt?: number } = {}): Promise<void> {
  const openedAt = opts.openedAt ?? at('2026-01-01T00:00:00+08:00');
  await db
    .insertInto('breakpoints')
    .values({ tracking_no: trackingNo, type, visit: opts.visit ?? 1, responsible_unit: unit, opened_at: openedAt, closed_at: opts.closedAt ?? null, detail: 'test', updated_at: openedAt })
    .execute();
}

interface Figures {
  items: number;
  itemsWithBreakpoint: number;
  filledLate: number;
  rate: number;
}
interface Report {
  rows: (Figures & { group: string; groupName: string | null })[];
  total: Figures;
  groupBy: string | null;
}

async function report(t: TestApp, query: string): Promise<Report> {
  const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?${query}`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Report;
}

const figures = (items: number, itemsWithBreakpoint: number, filledLate: number): Figures => ({
  items,
  itemsWithBreakpoint,
  filledLate,
  rate: items === 0 ? 0 : itemsWithBreakpoint / items,
});

describeEachDialect('GET /api/v1/reports/breakpoint-rate', (ctx) => {
  it('counts items whose last event falls in the local days of the period; open missing-scan break-points make the rate, closed ones are "filled late"', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const office = await createSite(t);
    const day = (iso: string) => deliver(t, [office], at(iso));
    const openMissing = await day('2026-03-10T12:00:00+08:00');
    const filledLate = await day('2026-03-11T12:00:00+08:00');
    const openAndFilled = await day('2026-03-11T13:00:00+08:00');
    const onlySilence = await day('2026-03-11T14:00:00+08:00');
    const twoOpen = await day('2026-03-12T09:00:00+08:00');
    await day('2026-03-12T10:00:00+08:00'); // clean
    // Boundaries of 10–12 March in Shanghai: 00:00 on the 10th (still the 9th in UTC) is in,
    // 23:59:59.999 on the 12th is in, 00:00 on the 13th (still the 12th in UTC) and the last
    // millisecond of the 9th are out.
    const firstInstant = await day('2026-03-10T00:00:00.000+08:00');
    await day('2026-03-12T23:59:59.999+08:00'); // clean
    const after = await day('2026-03-13T00:00:00.000+08:00');
    const before = await day('2026-03-09T23:59:59.999+08:00');

    await breakpoint(t.db, openMissing, 'MISSING_INBOUND', office);
    await breakpoint(t.db, filledLate, 'MISSING_OUTBOUND', office, { closedAt: at('2026-03-11T15:00:00+08:00') });
    await breakpoint(t.db, openAndFilled, 'MISSING_OUTBOUND', office, { visit: 1, closedAt: at('2026-03-11T15:00:00+08:00') });
    await breakpoint(t.db, openAndFilled, 'MISSING_ACCEPTANCE', office, { visit: 1 });
    await breakpoint(t.db, onlySilence, 'SILENT_HELD', office);
    await breakpoint(t.db, onlySilence, 'NO_DELIVERY_RESULT', office, { closedAt: at('2026-03-11T15:00:00+08:00') });
    await breakpoint(t.db, twoOpen, 'MISSING_OUT_FOR_DELIVERY', office, { visit: 1 });
    await breakpoint(t.db, twoOpen, 'MISSING_INBOUND', office, { visit: 2 });
    await breakpoint(t.db, firstInstant, 'MISSING_OUT_FOR_DELIVERY', office);
    await breakpoint(t.db, after, 'MISSING_INBOUND', office);
    await breakpoint(t.db, before, 'MISSING_INBOUND', office);

    const whole = await report(t, 'from=2026-03-10&to=2026-03-12');
    // In scope: 8 items; open missing-scan: openMissing, openAndFilled, twoOpen, firstInstant.
    expect(whole.total).toEqual(figures(8, 4, 1));
    expect(whole.total.rate).toBe(0.5);
    expect(whole.rows).toEqual([]);
    expect(whole.groupBy).toBeNull();

    expect((await report(t, 'from=2026-03-11&to=2026-03-11')).total).toEqual(figures(3, 1, 1));
    expect((await report(t, 'from=2026-03-13&to=2026-03-13')).total).toEqual(figures(1, 1, 0));
    expect((await report(t, 'from=2026-03-09&to=2026-03-09')).total).toEqual(figures(1, 1, 0));
    expect((await report(t, 'from=2026-03-14&to=2026-03-20')).total).toEqual({ items: 0, itemsWithBreakpoint: 0, filledLate: 0, rate: 0 });

    // The same instants cut by UTC days (SONGDA_TZ=UTC): the first instant moves to the 9th, the
    // item after the period moves in.
    const utc = await newTestApp(ctx, { env: { ...PAST_SCANS, SONGDA_TZ: 'UTC' } });
    expect((await report(utc, 'from=2026-03-10&to=2026-03-12')).total).toEqual(figures(8, 4, 1));
    expect((await report(utc, 'from=2026-03-09&to=2026-03-09')).total).toEqual(figures(2, 2, 0));
    expect((await report(utc, 'from=2026-03-13&to=2026-03-13')).total).toEqual(figures(0, 0, 0));
  });

  it('groups by unit, city and province: a group counts the items that passed through it and the gaps blamed on it', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const counter = await createSite(t, { kind: 'counter', name: '夷陵区营业部', divisionCode: '420506' }); // 宜昌
    const centre = await createSite(t, { kind: 'processing_centre', name: '武汉邮区中心', divisionCode: '420102' }); // 武汉
    const office = await createSite(t, { kind: 'delivery_office', name: '西陵区揽投部', divisionCode: '420502' }); // 宜昌
    const beijing = await createSite(t, { kind: 'delivery_office', name: '东城区揽投部', divisionCode: '110101' }); // 北京
    const province = await createSite(t, { kind: 'processing_centre', name: '湖北省中心', divisionCode: '420000' }); // no city
    const day = at('2026-04-15T10:00:00+08:00');
    const [i1, i2, i3, i4, i5, i6, i7] = [1, 2, 3, 4, 5, 6, 7].map(() => newTrackingNo()) as [string, string, string, string, string, string, string];
    await deliverItems(t, [
      { trackingNo: i1, sites: [counter, centre, office], deliveredAt: day },
      { trackingNo: i2, sites: [counter, centre, office], deliveredAt: day },
      { trackingNo: i3, sites: [counter, office], deliveredAt: day },
      { trackingNo: i4, sites: [beijing], deliveredAt: day },
      { trackingNo: i5, sites: [counter, centre, beijing], deliveredAt: day },
      { trackingNo: i6, sites: [centre, office], deliveredAt: day },
      { trackingNo: i7, sites: [province], deliveredAt: day },
    ]);
    await breakpoint(t.db, i1, 'MISSING_OUTBOUND', centre, { visit: 2 });
    await breakpoint(t.db, i2, 'MISSING_INBOUND', office, { visit: 3, closedAt: day });
    await breakpoint(t.db, i3, 'MISSING_OUT_FOR_DELIVERY', office, { visit: 2 });
    await breakpoint(t.db, i3, 'MISSING_ACCEPTANCE', counter, { visit: 1 });
    await breakpoint(t.db, i5, 'MISSING_INBOUND', beijing, { visit: 3 });
    await breakpoint(t.db, i5, 'MISSING_OUTBOUND', centre, { visit: 2, closedAt: day });
    // Blamed on a unit the item never passed: counts in the total, but in no row of that unit.
    await breakpoint(t.db, i6, 'MISSING_INBOUND', beijing, { visit: 2 });
    // Not a missing scan: in no numerator.
    await breakpoint(t.db, i7, 'SILENT_IN_TRANSIT', province, { visit: 1 });

    const period = 'from=2026-04-15&to=2026-04-15';
    const total = figures(7, 4, 1); // open: i1 i3 i5 i6; filled late: i2 (i5 still has an open one)

    const byUnit = await report(t, `${period}&groupBy=unit`);
    expect(byUnit.total).toEqual(total);
    expect(byUnit.groupBy).toBe('unit');
    expect(byUnit.rows).toEqual(
      [
        { group: counter, groupName: '夷陵区营业部', ...figures(4, 1, 0) }, // i1 i2 i3 i5; open on it: i3
        { group: centre, groupName: '武汉邮区中心', ...figures(4, 1, 1) }, // i1 i2 i5 i6; open: i1; filled: i5
        { group: office, groupName: '西陵区揽投部', ...figures(4, 1, 1) }, // i1 i2 i3 i6; open: i3; filled: i2
        { group: beijing, groupName: '东城区揽投部', ...figures(2, 1, 0) }, // i4 i5; open: i5 (not i6)
        { group: province, groupName: '湖北省中心', ...figures(1, 0, 0) },
      ].sort((a, b) => (a.group < b.group ? -1 : 1)),
    );

    const byCity = await report(t, `${period}&groupBy=city`);
    expect(byCity.total).toEqual(total);
    expect(byCity.rows).toEqual([
      { group: '110100', groupName: '北京市', ...figures(2, 1, 0) }, // i4 i5
      { group: '420000', groupName: '湖北省', ...figures(1, 0, 0) }, // the province-level unit: i7
      { group: '420100', groupName: '湖北省武汉市', ...figures(4, 1, 1) }, // i1 i2 i5 i6
      { group: '420500', groupName: '湖北省宜昌市', ...figures(5, 1, 1) }, // i1 i2 i3 i5 i6; open: i3; filled: i2
    ]);

    const byProvince = await report(t, `${period}&groupBy=province`);
    expect(byProvince.total).toEqual(total);
    expect(byProvince.rows).toEqual([
      { group: '110000', groupName: '北京市', ...figures(2, 1, 0) },
      // i1 i2 i3 i5 i6 i7; open on a Hubei unit: i1 i3; filled late: i2, and i5 (its Hubei gap was filled)
      { group: '420000', groupName: '湖北省', ...figures(6, 2, 2) },
    ]);

    const oneGroup = await report(t, `${period}&groupBy=city&group=420500`);
    expect(oneGroup.rows.map((r) => r.group)).toEqual(['420500']);
    expect(oneGroup.total).toEqual(total);
  });

  it('keeps the denominator exact: one open gap in 30,000 items is 1/30000 (Ningxia published 0.0033 %)', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const office = await createSite(t, { divisionCode: '640104', name: '兴庆区揽投部' });
    const base = at('2026-05-20T08:00:00+08:00');
    const items = Array.from({ length: 30_000 }, (_, i) => ({ trackingNo: newTrackingNo(), sites: [office], deliveredAt: base + (i % 600) * MINUTE }));
    await deliverItems(t, items);
    await breakpoint(t.db, items[17]!.trackingNo, 'MISSING_OUT_FOR_DELIVERY', office);
    await breakpoint(t.db, items[18]!.trackingNo, 'MISSING_OUT_FOR_DELIVERY', office, { closedAt: base });

    const result = await report(t, 'from=2026-05-20&to=2026-05-20&groupBy=province');
    expect(result.total).toEqual({ items: 30_000, itemsWithBreakpoint: 1, filledLate: 1, rate: 1 / 30_000 });
    expect(result.total.rate * 100).toBeCloseTo(0.0033, 4);
    expect(result.rows).toEqual([{ group: '640000', groupName: '宁夏回族自治区', items: 30_000, itemsWithBreakpoint: 1, filledLate: 1, rate: 1 / 30_000 }]);
  }, 120_000);

  it('answers 400 naming the parameter for every malformed query', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const cases: [string, string][] = [
      ['to=2026-03-01', 'from'],
      ['from=2026-03-01', 'to'],
      ['from=2026-02-29&to=2026-03-01', 'from'],
      ['from=2026-3-1&to=2026-03-01', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['from=2026-03-01&to=2026-03-01&groupBy=district', 'groupBy'],
      ['from=2026-03-01&to=2026-03-01&format=pdf', 'format'],
      ['from=2026-03-01&to=2026-03-01&group=420500', 'group'],
      ['from=2026-03-01&to=2026-03-01&groupBy=city&group=U1', 'group'],
      ['from=2026-03-01&to=2026-03-01&groupby=unit', 'groupby'],
    ];
    for (const [query, field] of cases) {
      const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?${query}`, { role: 'viewer' });
      expect(res.statusCode, query).toBe(400);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code, query).toBe('invalid_request');
      expect(body.error.message, query).toContain(field);
    }
    expect((await t.request('GET', '/api/v1/reports/breakpoint-rate?from=2026-03-01&to=2026-03-01', { role: null })).statusCode).toBe(401);
  });
});

describeEachDialect('GET /api/v1/reports/breakpoint-rate?format=csv|xlsx', (ctx) => {
  /**
   * Items of days 1–3 of a month (`ym`, one per test): two offending (three open gaps), and others
   * that must not be listed.
   */
  async function offendingData(t: TestApp, ym: string) {
    const on = (dayAndTime: string) => Date.parse(`${ym}-${dayAndTime}+08:00`);
    const counter = await createSite(t, { kind: 'counter', name: '=SUM(A1) 营业部' });
    const office = await createSite(t, { name: '宜昌"西陵",揽投部' });
    const [a, b, closed, silent, outside] = [1, 2, 3, 4, 5].map(() => newTrackingNo()) as [string, string, string, string, string];
    await deliverItems(t, [
      { trackingNo: a, sites: [counter, office], deliveredAt: on('02T18:30:00') },
      { trackingNo: b, sites: [counter, office], deliveredAt: on('03T08:00:00') },
      { trackingNo: closed, sites: [counter, office], deliveredAt: on('02T12:00:00') },
      { trackingNo: silent, sites: [office], deliveredAt: on('02T12:00:00') },
      { trackingNo: outside, sites: [office], deliveredAt: on('04T00:00:00') },
    ]);
    await breakpoint(t.db, a, 'MISSING_INBOUND', office, { visit: 2, openedAt: on('02T09:05:07') });
    await breakpoint(t.db, b, 'MISSING_ACCEPTANCE', counter, { visit: 1, openedAt: on('01T23:30:00') });
    await breakpoint(t.db, b, 'MISSING_OUT_FOR_DELIVERY', office, { visit: 2, openedAt: on('03T07:50:00') });
    await breakpoint(t.db, closed, 'MISSING_INBOUND', office, { visit: 2, closedAt: on('02T12:00:00') });
    await breakpoint(t.db, silent, 'SILENT_AT_OFFICE', office);
    await breakpoint(t.db, outside, 'MISSING_INBOUND', office);
    return { counter, office, a, b, period: `from=${ym}-01&to=${ym}-03` };
  }

  const HEADER = ['邮件号', '断点类型', '断点说明', '责任单位代码', '责任单位', '站点序号', '断点时间', '最后事件', '最后事件时间', '最后事件单位代码', '最后事件单位'];

  it('writes a CSV in UTF-8 with a BOM: a header, then one row per open missing-scan gap of an in-scope item, oldest first', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const { counter, office, a, b, period } = await offendingData(t, '2026-07');

    const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?${period}&format=csv`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="breakpoint-items_2026-07-01_2026-07-03.csv"');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toEqual([
      HEADER.join(','),
      `${b},MISSING_ACCEPTANCE,收寄未扫描,${counter},'=SUM(A1) 营业部,1,2026-07-01 23:30:00,DELIVERED,2026-07-03 08:00:00,${office},"宜昌""西陵"",揽投部"`,
      `${a},MISSING_INBOUND,进口未扫描,${office},"宜昌""西陵"",揽投部",2,2026-07-02 09:05:07,DELIVERED,2026-07-02 18:30:00,${office},"宜昌""西陵"",揽投部"`,
      `${b},MISSING_OUT_FOR_DELIVERY,下段未扫描,${office},"宜昌""西陵"",揽投部",2,2026-07-03 07:50:00,DELIVERED,2026-07-03 08:00:00,${office},"宜昌""西陵"",揽投部"`,
      '',
    ]);

    const ofCounter = await t.request('GET', `/api/v1/reports/breakpoint-rate?${period}&format=csv&groupBy=unit&group=${counter}`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(ofCounter.headers['content-disposition']).toBe(`attachment; filename="breakpoint-items_2026-07-01_2026-07-03_${counter}.csv"`);
    const counterLines = ofCounter.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(counterLines).toHaveLength(3);
    expect(counterLines[1]).toMatch(new RegExp(`^${b},MISSING_ACCEPTANCE,`));

    const empty = await t.request('GET', '/api/v1/reports/breakpoint-rate?from=2026-07-05&to=2026-07-06&format=csv', { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect(empty.rawPayload.toString('utf8')).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
  });

  it('reads the offending items a page at a time, without repeating or skipping any', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const { a, b } = await offendingData(t, '2026-08');
    // Three gaps opened at one instant: a page boundary falls inside the tie.
    const tie = Date.parse('2026-08-02T09:05:07+08:00');
    await breakpoint(t.db, a, 'MISSING_OUTBOUND', 'ANY', { visit: 1, openedAt: tie });
    await breakpoint(t.db, b, 'MISSING_INBOUND', 'ANY', { visit: 2, openedAt: tie });
    const sites = await loadSiteDirectory(t.db);
    const query = ZBreakpointRateQuery.parse({ from: '2026-08-01', to: '2026-08-03', format: 'csv' });
    const deps = { db: t.db, timeZone: 'Asia/Shanghai', sites, now: t.now };
    const read = async (pageSize: number) => {
      const pages = [];
      for await (const page of offendingItemPages(deps, query, pageSize)) pages.push(page);
      return pages;
    };
    const onePage = await read(1000);
    expect(onePage.map((p) => p.length)).toEqual([5]);
    expect(onePage.flat().map((r) => r.openedAt)).toEqual([Date.parse('2026-08-01T23:30:00+08:00'), tie, tie, tie, Date.parse('2026-08-03T07:50:00+08:00')]);
    const twoByTwo = await read(2);
    expect(twoByTwo.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(twoByTwo.flat()).toEqual(onePage.flat());
    expect((await read(5)).map((p) => p.length)).toEqual([5]);
  });

  it('writes an XLSX with a bold header row, column widths, and local times as date cells', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const { counter, office, a, b } = await offendingData(t, '2026-09');

    const res = await t.request('GET', '/api/v1/reports/breakpoint-rate?from=2026-09-01&to=2026-09-03&format=xlsx', { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });

    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe('attachment; filename="breakpoint-items_2026-09-01_2026-09-03.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(16);
    expect(sheet.getColumn(5).width).toBe(28);
    // Excel dates have no zone: the cell reads as the Shanghai wall time.
    const wall = (text: string) => new Date(`${text}Z`);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual([
      b, 'MISSING_ACCEPTANCE', '收寄未扫描', counter, '=SUM(A1) 营业部', 1, wall('2026-09-01T23:30:00'), 'DELIVERED', wall('2026-09-03T08:00:00'), office, '宜昌"西陵",揽投部',
    ]);
    expect(sheet.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect((sheet.getRow(3).values as unknown[]).slice(1, 7)).toEqual([a, 'MISSING_INBOUND', '进口未扫描', office, '宜昌"西陵",揽投部', 2]);
    expect(sheet.getRow(3).getCell(7).value).toEqual(wall('2026-09-02T09:05:07'));
    expect(sheet.getRow(4).getCell(2).value).toBe('MISSING_OUT_FOR_DELIVERY');
  });
});
