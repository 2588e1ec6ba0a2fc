import { expect, it } from 'vitest';
import { itemListFilter, countItems } from '../../src/modules/items/item-list.service.js';
import { ZItemListQuery } from '../../src/modules/items/item-list.schemas.js';
import { type TestApp, createSite, newTestApp, newTrackingNo } from '../factories.js';
import { scanItem } from '../factories-console.js';
import { describeEachDialect } from '../test-db.js';

// The cases lie on days across the year, longer before the test clock than scans may be dated by default.
const PAST_SCANS = { SONGDA_MAX_SCAN_AGE_DAYS: '3650' };

// Items go in through POST /api/v1/scans, so break-points are the ones detection opens. Each test
// uses units of its own and days no other test of this file uses.

interface Page {
  order: string;
  rows: { trackingNo: string; status: string; acceptedAt: string | null; deliveredAt: string | null; lastEvent: unknown; destination: unknown }[];
  nextCursor: string | null;
}

async function list(t: TestApp, query: string): Promise<Page> {
  const res = await t.request('GET', `/api/v1/items?${query}`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
}

/** Every row of a list, page after page; also checks that the count the overview uses agrees. */
async function listAll(t: TestApp, query: string, limit = 2): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page = await list(t, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    seen.push(...page.rows.map((r) => r.trackingNo));
    cursor = page.nextCursor;
  } while (cursor);
  const { limit: _l, cursor: _c, ...filters } = ZItemListQuery.parse(Object.fromEntries(new URLSearchParams(query)));
  expect(await countItems(t.db, itemListFilter(filters, t.config.timeZone)), `count of ${query}`).toBe(seen.length);
  return seen;
}

const sh = (local: string) => `${local}+08:00`;

describeEachDialect('GET /api/v1/items', (ctx) => {
  it('filters by first acceptance, first delivery, last scan, status, unit, city and open break-points — the figures of the rate report', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' }); // 宜昌市 420500
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: '420102' }); // 武汉市 420100
    const [a, b, c, e, f] = [newTrackingNo(), newTrackingNo(), newTrackingNo(), newTrackingNo(), newTrackingNo()];
    // a: clean, accepted 1 April, delivered 2 April.
    await scanItem(t, a, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T10:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-02T08:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-04-02T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-02T11:00:00') },
    ]);
    // b: accepted late on 1 April (Shanghai; still 1 April in UTC too), at the office on the 2nd.
    await scanItem(t, b, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T23:30:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-02T00:10:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-02T08:00:00') },
    ]);
    // c: no DISPATCHED at the counter (MISSING_OUTBOUND, blamed on the counter), delivered 3 April.
    await scanItem(t, c, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-02T09:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-03T08:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-04-03T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-03T10:00:00') },
    ]);
    // e: accepted twice (31 March, then 1 April): its first acceptance counts. Delivered without
    // OUT_FOR_DELIVERY (MISSING_OUT_FOR_DELIVERY, blamed on the office).
    await scanItem(t, e, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-03-31T22:00:00') },
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T08:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-01T15:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-01T16:00:00') },
    ]);
    // f: never accepted (MISSING_ACCEPTANCE, blamed on the office).
    await scanItem(t, f, [{ code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-02T10:00:00') }]);

    const at = `unit=${office}`;
    expect(await listAll(t, `acceptedOn=2026-04-01&${at}`)).toEqual([b, a]);
    expect(await listAll(t, `acceptedOn=2026-03-31..2026-04-01&${at}`)).toEqual([b, a, e]);
    expect(await listAll(t, `acceptedOn=2026-04-02&${at}`)).toEqual([c]);
    expect(await listAll(t, `deliveredOn=2026-04-02&${at}`)).toEqual([a]);
    expect(await listAll(t, `deliveredOn=2026-04-01..2026-04-03&${at}`)).toEqual([c, a, e]);
    expect(await listAll(t, `acceptedOn=2026-03-31..2026-04-02&status=DELIVERED&${at}`)).toEqual([c, a, e]);
    expect(await listAll(t, `acceptedOn=2026-04-01&deliveredOn=2026-04-02&${at}`)).toEqual([a]);
    expect(await listAll(t, `from=2026-04-02&to=2026-04-02&${at}`)).toEqual([a, f, b]);
    expect(await listAll(t, `from=2026-04-03&${at}`)).toEqual([c]);
    expect(await listAll(t, `to=2026-04-01&${at}`)).toEqual([e]);
    expect(await listAll(t, `status=DELIVERED&${at}`)).toEqual([c, a, e]);
    expect(await listAll(t, `status=AT_DELIVERY_OFFICE,DISPATCHED&${at}`)).toEqual([f, b]);
    expect(await listAll(t, `unit=${counter}`)).toEqual([c, a, b, e]);
    // Open missing-scan break-points, blamed on the unit when one is named.
    expect(await listAll(t, `breakpoint=open&${at}`)).toEqual([f, e]);
    expect(await listAll(t, `breakpoint=open&unit=${counter}`)).toEqual([c]);

    // The rate report's figures for 1–3 April, and the lists behind them.
    const period = 'from=2026-04-01&to=2026-04-03';
    const res = await t.request('GET', `/api/v1/reports/breakpoint-rate?${period}&groupBy=city`, { role: 'viewer' });
    const report = res.json() as { rows: { group: string; items: number; itemsWithBreakpoint: number }[]; total: { items: number; itemsWithBreakpoint: number } };
    expect(report.total).toMatchObject({ items: 5, itemsWithBreakpoint: 3 });
    expect(report.rows.map((r) => [r.group, r.items, r.itemsWithBreakpoint])).toEqual([
      ['420100', 5, 2],
      ['420500', 4, 1],
    ]);
    expect(await listAll(t, period)).toEqual([c, a, f, b, e]);
    expect(await listAll(t, `${period}&breakpoint=open`)).toEqual([c, f, e]);
    expect(await listAll(t, `${period}&city=420100`)).toEqual([c, a, f, b, e]);
    expect(await listAll(t, `${period}&city=420100&breakpoint=open`)).toEqual([f, e]);
    expect(await listAll(t, `${period}&city=420500`)).toEqual([c, a, b, e]);
    expect(await listAll(t, `${period}&city=420500&breakpoint=open`)).toEqual([c]);
  });

  it('shows masked item data: the destination county without the address, instants in the configured zone', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const counter = await createSite(t, { kind: 'counter' });
    const trackingNo = newTrackingNo();
    const registered = await t.request('POST', '/api/v1/items', {
      body: [{ trackingNo, originUnit: counter, destination: { divisionCode: '420506', address: '夷陵大道 88 号 3 栋 502' }, weightGrams: 120 }],
    });
    expect(registered.statusCode).toBe(200);
    await scanItem(t, trackingNo, [
      { code: 'ACCEPTED', site: counter, at: '2026-04-10T01:00:00Z' },
      { code: 'DISPATCHED', site: counter, at: '2026-04-10T02:00:00Z' },
    ]);
    const page = await list(t, `unit=${counter}`);
    expect(page).toEqual({
      order: 'lastEvent',
      rows: [
        {
          trackingNo,
          status: 'DISPATCHED',
          acceptedAt: '2026-04-10T09:00:00.000+08:00',
          deliveredAt: null,
          lastEvent: { code: 'DISPATCHED', at: '2026-04-10T10:00:00.000+08:00', site: counter, siteName: expect.any(String) },
          originUnit: counter,
          destination: { divisionCode: '420506', divisionName: '湖北省宜昌市夷陵区' },
          programCode: null,
          registeredAt: new Date(t.now + 8 * 3_600_000).toISOString().replace('Z', '+08:00'),
        },
      ],
      nextCursor: null,
    });
    expect(JSON.stringify(page)).not.toContain('夷陵大道');

    // Registered but never scanned: listed on its own, by registration.
    const waiting = newTrackingNo();
    await t.request('POST', '/api/v1/items', { body: [{ trackingNo: waiting }] });
    const created = await listAll(t, 'status=CREATED', 500);
    expect(created).toContain(waiting);
    expect(created).not.toContain(trackingNo);
  });

  it('pages newest first without duplicates or gaps, even when items arrive between pages', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    for (const order of ['lastEvent', 'accepted'] as const) {
      const site = await createSite(t, { kind: 'counter' });
      const accept = async (local: string) => {
        const trackingNo = newTrackingNo();
        await scanItem(t, trackingNo, [{ code: 'ACCEPTED', site, at: sh(local) }]);
        return trackingNo;
      };
      const items: string[] = [];
      for (const time of ['08:00', '09:00', '10:00', '10:00', '11:00', '12:00', '13:00']) items.push(await accept(`2026-05-06T${time}:00`));
      const [i0, i1, i2, i3, i4, i5, i6] = items as [string, string, string, string, string, string, string];
      // At the same instant, the later tracking number (last-scan order) or the later scan (acceptance
      // order) comes first: here both are i3.
      expect(i3 > i2).toBe(true);
      const expected = [i6, i5, i4, i3, i2, i1, i0];
      const query = order === 'accepted' ? `acceptedOn=2026-05-06&unit=${site}` : `unit=${site}`;

      const first = await list(t, `${query}&limit=3`);
      expect(first.order).toBe(order);
      expect(first.rows.map((r) => r.trackingNo)).toEqual(expected.slice(0, 3));
      // Newer than the first page: never shows up further on. Older than the last row seen: takes its
      // place at the end.
      const newer = await accept('2026-05-06T14:00:00');
      const older = await accept('2026-05-06T07:00:00');
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await list(t, `${query}&limit=3&cursor=${cursor}`);
        rest.push(...page.rows.map((r) => r.trackingNo));
        cursor = page.nextCursor;
      }
      expect(rest).toEqual([...expected.slice(3), older]);
      expect(await listAll(t, query, 500)).toEqual([newer, ...expected, older]);

      // A cursor of one order is not taken by a list in another.
      const other = order === 'accepted' ? `unit=${site}` : `acceptedOn=2026-05-06&unit=${site}`;
      const wrong = await t.request('GET', `/api/v1/items?${other}&cursor=${first.nextCursor}`, { role: 'viewer' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('cursor') });
    }
  });

  it('answers a bad filter with 400 naming the parameter', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS });
    const cases: [string, string][] = [
      ['acceptedOn=2026-02-30', 'querystring.acceptedOn: must be a date YYYY-MM-DD or days YYYY-MM-DD..YYYY-MM-DD'],
      ['deliveredOn=2026-03-05..2026-03-01', 'querystring.deliveredOn: the last day (2026-03-01) is before the first (2026-03-05)'],
      ['acceptedOn=2026-03-01..2026-03-02..2026-03-03', 'querystring.acceptedOn: must be a date'],
      ['status=LOST', 'querystring.status'],
      ['status=CREATED,DELIVERED', 'querystring.status: CREATED (not yet scanned) cannot be combined with other statuses'],
      ['status=CREATED&unit=X1', 'querystring.status: CREATED (not yet scanned) cannot be combined with unit'],
      ['city=4205', 'querystring.city: must be a 6-digit city code'],
      ['from=2026-03-05&to=2026-03-01', 'querystring.to: must not be before from (2026-03-05)'],
      ['breakpoint=closed', 'querystring.breakpoint'],
      ['limit=0', 'querystring.limit: must be from 1 to 500'],
      ['cursor=bm90LWEtY3Vyc29y', 'querystring.cursor: is not a cursor this list gave out'],
      ['colour=red', 'querystring'],
    ];
    for (const [query, message] of cases) {
      const res = await t.request('GET', `/api/v1/items?${query}`, { role: 'viewer' });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('invalid_request');
      expect(res.json().error.message, query).toContain(message);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode).toBe(401);
  });
});
