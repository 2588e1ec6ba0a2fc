import { expect, it } from 'vitest';
import { formatS10 } from '../../src/domain/s10.js';
import {
  FIXED_NOW,
  HOUR,
  MINUTE,
  countRows,
  createSite,
  ndjson,
  newTestApp,
  newTrackingNo,
  nextSequence,
  shanghai,
  storedEvents,
  storedItem,
  withBadCheckDigit,
} from '../factories.js';
import { describeEachDialect } from '../test-db.js';

type IngestResult = { accepted: number; duplicates: number; rejected: { line: number; field?: string; message: string }[] };

describeEachDialect('POST /api/v1/scans', (ctx) => {
  it('stores the good NDJSON lines and rejects each bad one with its 1-based line number and field', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t, { kind: 'counter' });
    const next = await createSite(t, { kind: 'processing_centre' });
    const [a, b, c] = [newTrackingNo(), newTrackingNo(), newTrackingNo()];
    const at = shanghai(FIXED_NOW - HOUR);
    const body = ndjson([
      /* 1 */ { trackingNo: a, code: 'ACCEPTED', at, site, operator: 'op-7' },
      /* 2 */ '{"trackingNo": "' + a + '", "code": ',
      /* 3 */ { trackingNo: withBadCheckDigit(b), code: 'ACCEPTED', at, site },
      /* 4 */ { trackingNo: b, code: 'LOST', at, site },
      /* 5 */ { trackingNo: b, code: 'ACCEPTED', at: '2026-11-21T09:00:00', site },
      /* 6 */ { trackingNo: b, code: 'ACCEPTED', at: shanghai(FIXED_NOW + 15 * MINUTE + 1000), site },
      /* 7 */ { trackingNo: b, code: 'ACCEPTED', at, site: 'NO-SUCH-SITE' },
      /* 8 */ '',
      /* 9 */ { trackingNo: a, code: 'DISPATCHED', at: shanghai(FIXED_NOW + 15 * MINUTE), site, nextSite: next },
      /* 10 */ { trackingNo: b, code: 'ACCEPTED', at },
      /* 11 */ { trackingNo: b, code: 'DISPATCHED', at, site, nextSite: 'NOWHERE' },
      /* 12 */ { trackingNo: c, code: 'ARRIVED', at, site: next, reason: 'late truck' },
      /* 13 */ '[1, 2]',
      /* 14 */ { trackingNo: 'EA123', code: 'ACCEPTED', at, site },
    ]);

    const res = await t.request('POST', '/api/v1/scans', { role: 'operator', ndjson: body });

    expect(res.statusCode).toBe(200);
    const result = res.json() as IngestResult;
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, undefined],
      [3, 'trackingNo'],
      [4, 'code'],
      [5, 'at'],
      [6, 'at'],
      [7, 'site'],
      [10, 'site'],
      [11, 'nextSite'],
      [13, undefined],
      [14, 'trackingNo'],
    ]);
    const message = (line: number) => result.rejected.find((r) => r.line === line)?.message;
    expect(message(2)).toMatch(/malformed JSON/);
    expect(message(3)).toMatch(/check digit/);
    expect(message(4)).toContain('LOST');
    expect(message(5)).toMatch(/offset/);
    expect(message(6)).toMatch(/future/);
    expect(message(7)).toContain('NO-SUCH-SITE');

    expect(await storedEvents(t.db, a)).toMatchObject([
      { code: 'ACCEPTED', at_ms: FIXED_NOW - HOUR, at_offset_min: 480, site, operator: 'op-7', reason: null, next_site: null, received_at: FIXED_NOW },
      { code: 'DISPATCHED', at_ms: FIXED_NOW + 15 * MINUTE, site, next_site: next },
    ]);
    expect(await storedEvents(t.db, b)).toEqual([]);
    expect(await storedItem(t.db, b)).toBeUndefined();
    expect(await storedEvents(t.db, c)).toMatchObject([{ code: 'ARRIVED', site: next, reason: 'late truck' }]);
  });

  it('takes a JSON array too, numbering its elements from 1', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const trackingNo = newTrackingNo();
    const res = await t.request('POST', '/api/v1/scans', {
      body: [
        { trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 2 * HOUR), site },
        { trackingNo, code: 'DISPATCHED', at: '2026-11-21 10:00', site },
        'not an event',
        { trackingNo, code: 'DISPATCHED', at: shanghai(FIXED_NOW - HOUR), site },
      ],
    });
    expect(res.statusCode).toBe(200);
    const result = res.json() as IngestResult;
    expect(result).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(result.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'at'],
      [3, undefined],
    ]);
    expect((await storedEvents(t.db, trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'DISPATCHED']);
  });

  it('accepts CRLF line endings and a charset parameter, keeping line numbers', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const trackingNo = newTrackingNo();
    const body = [
      JSON.stringify({ trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site }),
      '   ',
      JSON.stringify({ trackingNo, code: 'NOPE', at: shanghai(FIXED_NOW - HOUR), site }),
      JSON.stringify({ trackingNo, code: 'DISPATCHED', at: shanghai(FIXED_NOW - 30 * MINUTE), site }),
      '',
    ].join('\r\n');
    const res = await t.request('POST', '/api/v1/scans', { ndjson: body, headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [{ line: 3, field: 'code', message: expect.stringContaining('NOPE') }] });
    expect(await storedEvents(t.db, trackingNo)).toHaveLength(2);
  });

  it('reports a re-sent batch as duplicates and stores nothing twice; the duplicate rule is trackingNo, code, instant and site', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const other = await createSite(t);
    const trackingNo = newTrackingNo();
    const events = [
      { trackingNo, code: 'ACCEPTED', at: '2026-11-21T09:30:00+08:00', site },
      { trackingNo, code: 'DISPATCHED', at: '2026-11-21T10:30:00+08:00', site },
    ];
    const first = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(first.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });

    const again = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(again.json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] });

    const variants = await t.request('POST', '/api/v1/scans', {
      ndjson: ndjson([
        // The same instant written in UTC, and with another operator: still the same event.
        { trackingNo, code: 'ACCEPTED', at: '2026-11-21T01:30:00Z', site, operator: 'someone else' },
        // Repeated inside one request: stored once.
        { trackingNo, code: 'ARRIVED', at: '2026-11-21T11:30:00+08:00', site: other },
        { trackingNo, code: 'ARRIVED', at: '2026-11-21T11:30:00+08:00', site: other },
        // Another site, code or instant: a new event.
        { trackingNo, code: 'ACCEPTED', at: '2026-11-21T09:30:00+08:00', site: other },
        { trackingNo, code: 'HELD', at: '2026-11-21T09:30:00+08:00', site },
        { trackingNo, code: 'ACCEPTED', at: '2026-11-21T09:30:01+08:00', site },
      ]),
    });
    expect(variants.json()).toEqual({ accepted: 4, duplicates: 2, rejected: [] });

    const stored = await storedEvents(t.db, trackingNo);
    expect(stored).toHaveLength(6);
    const accepted = stored.find((e) => e.code === 'ACCEPTED' && e.site === site && e.at_ms === Date.parse('2026-11-21T01:30:00Z'));
    expect(accepted).toMatchObject({ operator: null, at_offset_min: 480 });
  });

  it('creates the item for a scan of a well-formed number that was never registered', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    const trackingNo = newTrackingNo('RB');
    const before = await countRows(t.db, 'items');

    const res = await t.request('POST', '/api/v1/scans', {
      role: 'operator',
      ndjson: ndjson([
        { trackingNo, code: 'AT_DELIVERY_OFFICE', at: shanghai(FIXED_NOW - 3 * HOUR), site: office },
        { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(FIXED_NOW - 2 * HOUR), site: office },
      ]),
    });

    expect(res.json()).toMatchObject({ accepted: 2 });
    expect(await countRows(t.db, 'items')).toBe(before + 1);
    expect(await storedItem(t.db, trackingNo)).toMatchObject({
      service_indicator: 'RB',
      source: 'scan',
      status: 'OUT_FOR_DELIVERY',
      last_event_code: 'OUT_FOR_DELIVERY',
      last_event_at: FIXED_NOW - 2 * HOUR,
      last_event_site: office,
      delivered_at: null,
      created_at: FIXED_NOW,
    });
  });

  it('knows a site that another server added (re-reads the units once when a batch names an unknown site)', async () => {
    const t = await newTestApp(ctx);
    const code = `LATE${nextSequence()}`;
    await t.db
      .insertInto('units')
      .values({ code, name: '新网点', kind: 'counter', division_code: '420506', province_code: '420000', city_code: '420500', parent_code: null, end_of_shift: null, created_at: FIXED_NOW, updated_at: FIXED_NOW })
      .execute();
    const trackingNo = newTrackingNo();
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson([{ trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site: code }]) });
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await storedEvents(t.db, trackingNo)).toHaveLength(1);
  });

  it('answers a request with nothing storable with zero accepted and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'scan_events');
    const empty = await t.request('POST', '/api/v1/scans', { ndjson: '' });
    expect(empty.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
    const allBad = await t.request('POST', '/api/v1/scans', { ndjson: 'nope\n{"trackingNo":"x"}' });
    expect(allBad.json()).toMatchObject({ accepted: 0, duplicates: 0, rejected: [{ line: 1 }, { line: 2, field: 'trackingNo' }] });
    expect(await countRows(t.db, 'scan_events')).toBe(before);
  });

  it('answers 415 for another content type and 400 for a JSON body that is not an array', async () => {
    const t = await newTestApp(ctx);
    const plain = await t.request('POST', '/api/v1/scans', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(plain.statusCode).toBe(415);
    expect(plain.json().error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringContaining('x-ndjson') });

    const object = await t.request('POST', '/api/v1/scans', { body: { trackingNo: newTrackingNo() } });
    expect(object.statusCode).toBe(400);
    expect(object.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('NDJSON') });
  });

  it('answers 413 with the configured limit for a body over SONGDA_MAX_SCAN_BODY_MB, and stores none of it', async () => {
    // 0.01 MiB = 10,485 bytes.
    const t = await newTestApp(ctx, { env: { SONGDA_MAX_SCAN_BODY_MB: '0.01' } });
    expect(t.config.maxScanBodyBytes).toBe(10_485);
    const site = await createSite(t);
    const trackingNo = newTrackingNo();
    const line = (i: number) => ({ trackingNo, code: 'ARRIVED', at: shanghai(FIXED_NOW - 10 * HOUR + i * 1000), site });
    const small = ndjson(Array.from({ length: 5 }, (_, i) => line(i)));
    const big = ndjson(Array.from({ length: 200 }, (_, i) => line(i)));
    expect(big.length).toBeGreaterThan(10_485);

    const tooBig = await t.request('POST', '/api/v1/scans', { ndjson: big });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toEqual({ error: { code: 'payload_too_large', message: expect.stringMatching(/too large.*10 KiB.*split/) } });
    expect(tooBig.headers['x-request-id']).toEqual(expect.any(String));
    const tooBigArray = await t.request('POST', '/api/v1/scans', { body: Array.from({ length: 200 }, (_, i) => line(i)) });
    expect(tooBigArray.statusCode).toBe(413);
    expect(await storedEvents(t.db, trackingNo)).toEqual([]);

    const fits = await t.request('POST', '/api/v1/scans', { ndjson: small });
    expect(fits.json()).toMatchObject({ accepted: 5 });
  });

  it('takes 100,000 lines in one request, numbering rejected lines exactly', { timeout: 180_000 }, async () => {
    const t = await newTestApp(ctx);
    const sites = [await createSite(t, { kind: 'counter' }), await createSite(t, { kind: 'processing_centre' }), await createSite(t)];
    const codes = ['ACCEPTED', 'DISPATCHED', 'ARRIVED', 'AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY'];
    const base = 20_000_000 + nextSequence() * 100_000;
    const lines: string[] = [];
    const badLines: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const lineNo = i + 1;
      const bad = lineNo % 10_000 === 0;
      if (bad) badLines.push(lineNo);
      lines.push(
        JSON.stringify({
          trackingNo: formatS10('BG', base + Math.floor(i / 5)),
          code: codes[i % 5],
          at: shanghai(FIXED_NOW - 50 * HOUR + (i % 5) * HOUR),
          site: bad ? 'NO-SUCH-SITE' : sites[i % 3],
        }),
      );
    }
    const eventsBefore = await countRows(t.db, 'scan_events');
    const itemsBefore = await countRows(t.db, 'items');

    const res = await t.request('POST', '/api/v1/scans', { ndjson: lines.join('\n') });

    expect(res.statusCode).toBe(200);
    const result = res.json() as IngestResult;
    expect(result.accepted).toBe(100_000 - badLines.length);
    expect(result.duplicates).toBe(0);
    expect(result.rejected.map((r) => r.line)).toEqual(badLines);
    expect(result.rejected.every((r) => r.field === 'site')).toBe(true);
    expect(await countRows(t.db, 'scan_events')).toBe(eventsBefore + 100_000 - badLines.length);
    expect(await countRows(t.db, 'items')).toBe(itemsBefore + 20_000);
    // Every 10,000th line is the 5th event of its item, so those items stop at AT_DELIVERY_OFFICE.
    expect(await storedItem(t.db, formatS10('BG', base + 1999))).toMatchObject({ status: 'AT_DELIVERY_OFFICE' });
    expect(await storedItem(t.db, formatS10('BG', base))).toMatchObject({ status: 'OUT_FOR_DELIVERY' });
  });
});
