import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { isValidS10, formatS10, parseS10 } from '../../src/domain/s10.js';
import { openStore } from '../../src/main.js';
import {
  FIXED_NOW,
  HOUR,
  MINUTE,
  countRows,
  createSite,
  newTestApp,
  newToken,
  newTrackingNo,
  shanghai,
  storedItem,
  testConfig,
  withBadCheckDigit,
  readsEnglish,
} from '../factories.js';
import { describeEachDialect } from '../test-db.js';

type RegisterResult = { index: number; trackingNo?: string; field?: string; error?: string };

const serialOf = (trackingNo: string) => {
  const parsed = parseS10(trackingNo);
  if (!parsed.ok) throw new Error(`${trackingNo}: ${parsed.message}`);
  return parsed.value.serial;
};

describeEachDialect('POST /api/v1/items', (ctx) => {
  it('allocates a valid EA number when neither trackingNo nor serviceIndicator is given, and stores the details', async () => {
    const t = await newTestApp(ctx);
    const origin = await createSite(t, { kind: 'counter' });

    const res = await t.request('POST', '/api/v1/items', {
      role: 'operator',
      body: [{ originUnit: origin, destination: { divisionCode: '420506', address: '夷陵大道 1 号' }, weightGrams: 120 }],
    });

    expect(res.statusCode).toBe(200);
    const [result] = res.json() as RegisterResult[];
    expect(result).toEqual({ index: 0, trackingNo: expect.stringMatching(/^EA\d{9}CN$/) });
    expect(isValidS10(result!.trackingNo!)).toBe(true);
    expect(await storedItem(t.db, result!.trackingNo!)).toMatchObject({
      service_indicator: 'EA',
      origin_unit: origin,
      dest_division_code: '420506',
      dest_address: '夷陵大道 1 号',
      weight_grams: 120,
      source: 'api',
      status: 'CREATED',
      last_event_code: null,
      created_at: FIXED_NOW,
    });
  });

  it('allocates consecutive serials from the configured range of the service indicator, then reports exhaustion per element', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_S10_RANGES: 'XA:00000100-00000104' } });

    const first = await t.request('POST', '/api/v1/items', { body: [{ serviceIndicator: 'XA' }, { serviceIndicator: 'XA' }, { serviceIndicator: 'XA' }] });
    expect(first.json()).toEqual([
      { index: 0, trackingNo: formatS10('XA', 100) },
      { index: 1, trackingNo: formatS10('XA', 101) },
      { index: 2, trackingNo: formatS10('XA', 102) },
    ]);

    const second = await t.request('POST', '/api/v1/items', { body: [{ serviceIndicator: 'XA' }, { serviceIndicator: 'XA' }, { serviceIndicator: 'XA' }] });
    const results = second.json() as RegisterResult[];
    expect(results.slice(0, 2)).toEqual([
      { index: 0, trackingNo: formatS10('XA', 103) },
      { index: 1, trackingNo: formatS10('XA', 104) },
    ]);
    expect(results[2]).toMatchObject({ index: 2, field: 'serviceIndicator', error: expect.stringContaining('XA') });
    expect(results[2]).not.toHaveProperty('trackingNo');

    const stored = await t.db.selectFrom('items').select('tracking_no').where('service_indicator', '=', 'XA').orderBy('tracking_no').execute();
    expect(stored.map((r) => r.tracking_no)).toEqual([100, 101, 102, 103, 104].map((s) => formatS10('XA', s)));
  });

  it('answers an element whose service indicator has no configured range with an error on serviceIndicator', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'items');
    const res = await t.request('POST', '/api/v1/items', { body: [{ serviceIndicator: 'ZQ' }] });
    expect(res.json()).toEqual([{ index: 0, field: 'serviceIndicator', error: expect.stringContaining('ZQ') }]);
    expect(await countRows(t.db, 'items')).toBe(before);
  });

  it('registers given tracking numbers and answers each bad element with its field, storing only the good ones', async () => {
    const t = await newTestApp(ctx);
    const given = newTrackingNo();
    const badCheck = withBadCheckDigit(newTrackingNo());
    const forUnknownUnit = newTrackingNo();
    const forUnknownDivision = newTrackingNo();
    const forBadWeight = newTrackingNo();

    const res = await t.request('POST', '/api/v1/items', {
      body: [
        { trackingNo: badCheck },
        { trackingNo: given, destination: { divisionCode: '110101' } },
        { trackingNo: forUnknownUnit, originUnit: 'NO-SUCH-UNIT' },
        { trackingNo: forUnknownDivision, destination: { divisionCode: '999999' } },
        { trackingNo: forBadWeight, weightGrams: -5 },
        { trackingNo: 'EA12345' },
        { serviceIndicator: 'ea' },
        { trackingNo: newTrackingNo(), unexpected: true },
        42,
      ],
    });

    expect(res.statusCode).toBe(200);
    const results = res.json() as RegisterResult[];
    expect(results).toHaveLength(9);
    expect(results[0]).toMatchObject({ index: 0, field: 'trackingNo', error: expect.stringContaining('check digit') });
    expect(results[1]).toEqual({ index: 1, trackingNo: given });
    expect(results[2]).toMatchObject({ index: 2, field: 'originUnit', error: expect.stringContaining('NO-SUCH-UNIT') });
    expect(results[3]).toMatchObject({ index: 3, field: 'destination.divisionCode', error: expect.stringContaining('999999') });
    expect(results[4]).toMatchObject({ index: 4, field: 'weightGrams' });
    expect(results[5]).toMatchObject({ index: 5, field: 'trackingNo' });
    expect(results[6]).toMatchObject({ index: 6, field: 'serviceIndicator' });
    expect(results[7]).toMatchObject({ index: 7, error: expect.stringContaining('unexpected') });
    expect(results[8]).toMatchObject({ index: 8, error: expect.any(String) });
    for (const r of [results[0], ...results.slice(2)]) expect(r).not.toHaveProperty('trackingNo');

    const stored = await t.db
      .selectFrom('items')
      .select(['tracking_no', 'dest_division_code'])
      .where('tracking_no', 'in', [given, badCheck, forUnknownUnit, forUnknownDivision, forBadWeight])
      .execute();
    expect(stored).toEqual([{ tracking_no: given, dest_division_code: '110101' }]);
  });

  it('fills in the details of a known item without erasing those it already has', async () => {
    const t = await newTestApp(ctx);
    const trackingNo = newTrackingNo();
    await t.request('POST', '/api/v1/items', { body: [{ trackingNo, destination: { divisionCode: '420506', address: '一号' } }] });
    const res = await t.request('POST', '/api/v1/items', { body: [{ trackingNo, weightGrams: 300 }] });
    expect(res.json()).toEqual([{ index: 0, trackingNo }]);
    expect(await storedItem(t.db, trackingNo)).toMatchObject({ dest_division_code: '420506', dest_address: '一号', weight_grams: 300 });
    const rows = await t.db.selectFrom('items').select('tracking_no').where('tracking_no', '=', trackingNo).execute();
    expect(rows).toHaveLength(1);
  });

  it('never allocates a number that is already taken, whether registered by hand or first seen in a scan', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_S10_RANGES: 'XB:00000010-00000019' } });
    const site = await createSite(t);
    const registered = formatS10('XB', 10);
    const scanned = formatS10('XB', 11);
    expect((await t.request('POST', '/api/v1/items', { body: [{ trackingNo: registered }] })).json()).toEqual([{ index: 0, trackingNo: registered }]);
    const scan = await t.request('POST', '/api/v1/scans', { body: [{ trackingNo: scanned, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site }] });
    expect(scan.json()).toMatchObject({ accepted: 1 });

    const res = await t.request('POST', '/api/v1/items', { body: [{ serviceIndicator: 'XB' }, { serviceIndicator: 'XB' }] });

    expect(res.json()).toEqual([
      { index: 0, trackingNo: formatS10('XB', 12) },
      { index: 1, trackingNo: formatS10('XB', 13) },
    ]);
    expect(await storedItem(t.db, scanned)).toMatchObject({ source: 'scan', status: 'ACCEPTED' });
  });

  it('gives concurrent requests disjoint numbers: a range of 200 serials is handed out exactly once', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_S10_RANGES: 'XD:00000001-00000200' } });
    const requests = Array.from({ length: 8 }, (_, r) =>
      t.request('POST', '/api/v1/items', { role: r % 2 ? 'operator' : 'admin', body: Array.from({ length: 25 }, () => ({ serviceIndicator: 'XD' })) }),
    );

    const answers = await Promise.all(requests);

    const numbers = answers.flatMap((res) => {
      expect(res.statusCode).toBe(200);
      return (res.json() as RegisterResult[]).map((r) => r.trackingNo);
    });
    expect(numbers.every((n) => n !== undefined && isValidS10(n))).toBe(true);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.map((n) => serialOf(n!)).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const stored = await t.db.selectFrom('items').select('tracking_no').where('service_indicator', '=', 'XD').execute();
    expect(stored).toHaveLength(200);
  });

  it('continues after a restart (a new store and app on the same database) without issuing a number twice', async () => {
    const env = { SONGDA_S10_RANGES: 'XE:00000001-00000100' };
    const t = await newTestApp(ctx, { env });
    const before = (await t.request('POST', '/api/v1/items', { body: [{ serviceIndicator: 'XE' }, { serviceIndicator: 'XE' }] })).json() as RegisterResult[];
    await t.app.close();

    // What `songda serve` does on start: open, migrate, sync the ranges, build the app.
    const config = testConfig(ctx, env);
    const store = await openStore(config);
    try {
      const app = await buildApp({ config, store, clock: () => FIXED_NOW + HOUR, logger: false });
      readsEnglish(app);
      const token = await newToken(store.db, 'operator');
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/items',
        headers: { authorization: `Bearer ${token}` },
        payload: [{ serviceIndicator: 'XE' }, { serviceIndicator: 'XE' }],
      });
      await app.close();
      const after = res.json() as RegisterResult[];
      expect(before.map((r) => r.trackingNo)).toEqual([formatS10('XE', 1), formatS10('XE', 2)]);
      expect(after.map((r) => r.trackingNo)).toEqual([formatS10('XE', 3), formatS10('XE', 4)]);
    } finally {
      await store.close();
    }
  });

  it('answers 400 for a body that is not an array and 413 for more than 10,000 elements, storing nothing', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'items');
    const notArray = await t.request('POST', '/api/v1/items', { body: { trackingNo: newTrackingNo() } });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().error.code).toBe('invalid_request');
    const tooMany = await t.request('POST', '/api/v1/items', { body: Array.from({ length: 10_001 }, () => ({})) });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('10000') });
    expect(await countRows(t.db, 'items')).toBe(before);
  });
});

describeEachDialect('GET /api/v1/items/:trackingNo', (ctx) => {
  it('shows a registered item without events as CREATED, with its destination', async () => {
    const t = await newTestApp(ctx);
    const trackingNo = newTrackingNo();
    await t.request('POST', '/api/v1/items', { body: [{ trackingNo, destination: { divisionCode: '420506', address: '一号' }, weightGrams: 50 }] });

    const res = await t.request('GET', `/api/v1/items/${trackingNo}`, { role: 'viewer' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      trackingNo,
      status: 'CREATED',
      originUnit: null,
      destination: { divisionCode: '420506', divisionName: '湖北省宜昌市夷陵区', address: '一号' },
      weightGrams: 50,
      lastEvent: null,
      requestedAt: null,
      events: [],
      consignments: [],
      breakpoints: [],
    });
  });

  it('orders events by instant, not by arrival, and lets a late event change the status (stored too)', async () => {
    const t = await newTestApp(ctx);
    const counter = await createSite(t, { kind: 'counter', name: '夷陵营业部' });
    const centre = await createSite(t, { kind: 'processing_centre' });
    const trackingNo = newTrackingNo();
    const t0 = FIXED_NOW - 10 * HOUR;
    const post = (events: object[]) => t.request('POST', '/api/v1/scans', { role: 'operator', body: events });

    await post([
      { trackingNo, code: 'ACCEPTED', at: shanghai(t0), site: counter, operator: 'op-1' },
      { trackingNo, code: 'ARRIVED', at: shanghai(t0 + 4 * HOUR), site: centre },
    ]);
    // Uploaded late: the dispatch happened between the two.
    await post([{ trackingNo, code: 'DISPATCHED', at: shanghai(t0 + HOUR), site: counter, nextSite: centre }]);
    let timeline = (await t.request('GET', `/api/v1/items/${trackingNo}`)).json();
    expect(timeline.events.map((e: { code: string }) => e.code)).toEqual(['ACCEPTED', 'DISPATCHED', 'ARRIVED']);
    expect(timeline.status).toBe('ARRIVED');
    expect((await storedItem(t.db, trackingNo))?.status).toBe('ARRIVED');

    // A late event after the last one known changes the status; an older one does not.
    await post([{ trackingNo, code: 'DISPATCHED', at: shanghai(t0 + 6 * HOUR), site: centre }]);
    await post([{ trackingNo, code: 'HELD', at: shanghai(t0 + 2 * HOUR), site: centre }]);
    timeline = (await t.request('GET', `/api/v1/items/${trackingNo}`)).json();
    expect(timeline.events.map((e: { code: string }) => e.code)).toEqual(['ACCEPTED', 'DISPATCHED', 'HELD', 'ARRIVED', 'DISPATCHED']);
    expect(timeline.status).toBe('DISPATCHED');
    expect(timeline.lastEvent).toMatchObject({ code: 'DISPATCHED', site: centre, at: shanghai(t0 + 6 * HOUR) });
    expect(await storedItem(t.db, trackingNo)).toMatchObject({ status: 'DISPATCHED', last_event_code: 'DISPATCHED', last_event_at: t0 + 6 * HOUR, last_event_site: centre });
    expect(timeline.events[0]).toEqual({
      code: 'ACCEPTED',
      at: shanghai(t0),
      site: counter,
      siteName: '夷陵营业部',
      operator: 'op-1',
      reason: null,
      nextSite: null,
      receivedAt: new Date(FIXED_NOW).toISOString(),
      viaConsignment: null,
      suspect: false,
    });
  });

  it('keeps DELIVERED once delivered, even when an earlier or later event arrives afterwards', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    const trackingNo = newTrackingNo();
    const t0 = FIXED_NOW - 5 * HOUR;
    const post = (events: object[]) => t.request('POST', '/api/v1/scans', { body: events });

    await post([
      { trackingNo, code: 'AT_DELIVERY_OFFICE', at: shanghai(t0), site: office },
      { trackingNo, code: 'DELIVERED', at: shanghai(t0 + 2 * HOUR), site: office },
    ]);
    await post([{ trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(t0 + HOUR), site: office }]);
    await post([{ trackingNo, code: 'RETURNED', at: shanghai(t0 + 3 * HOUR), site: office }]);

    const timeline = (await t.request('GET', `/api/v1/items/${trackingNo}`)).json();
    expect(timeline.events.map((e: { code: string }) => e.code)).toEqual(['AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED', 'RETURNED']);
    expect(timeline.status).toBe('DELIVERED');
    expect(timeline.lastEvent.code).toBe('RETURNED');
    expect(await storedItem(t.db, trackingNo)).toMatchObject({ status: 'DELIVERED', delivered_at: t0 + 2 * HOUR });
  });

  it('writes each instant back with the offset the scanner used', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const trackingNo = newTrackingNo();
    await t.request('POST', '/api/v1/scans', {
      body: [
        { trackingNo, code: 'ACCEPTED', at: '2026-11-21T01:30:00Z', site },
        { trackingNo, code: 'DISPATCHED', at: '2026-11-21T09:45:00+08:00', site },
        { trackingNo, code: 'ARRIVED', at: '2026-11-20T20:50:00.250-05:00', site },
      ],
    });
    const timeline = (await t.request('GET', `/api/v1/items/${trackingNo}`)).json();
    expect(timeline.events.map((e: { at: string }) => e.at)).toEqual([
      '2026-11-21T01:30:00.000Z',
      '2026-11-21T09:45:00.000+08:00',
      '2026-11-20T20:50:00.250-05:00',
    ]);
    expect(timeline.status).toBe('ARRIVED');
  });

  it('answers 404 for a well-formed number it does not know and 400 for a malformed one', async () => {
    const t = await newTestApp(ctx);
    const unknown = await t.request('GET', `/api/v1/items/${newTrackingNo()}`, { role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('not found') } });

    for (const bad of [withBadCheckDigit(newTrackingNo()), 'hello', 'ea123456785cn']) {
      const res = await t.request('GET', `/api/v1/items/${bad}`, { role: 'viewer' });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
  });

  it('shows an item first seen in a scan (not registered) with its events', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const trackingNo = newTrackingNo();
    await t.request('POST', '/api/v1/scans', { body: [{ trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 30 * MINUTE), site }] });
    const res = await t.request('GET', `/api/v1/items/${trackingNo}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ trackingNo, status: 'ACCEPTED', destination: null, events: [{ code: 'ACCEPTED', site }] });
  });
});
