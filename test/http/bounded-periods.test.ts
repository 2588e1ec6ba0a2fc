import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { createOverviewDays, daysBetween } from '../../src/modules/overview/overview-days.js';
import { loadSiteDirectory } from '../../src/modules/units/unit.service.js';
import { FIXED_NOW, HOUR, type TestApp, createSite, ndjson, newTestApp, newTrackingNo, shanghai, storedEvents } from '../factories.js';
import { createTestProgram } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

// Every day, period and instant a request names is checked as a number against fixed bounds (and a
// report period against its length) in the schema, before a day is computed or a query is run.

const DAY = 24 * HOUR;
const OUT_OF_BOUNDS = 'must be a day from 2000-01-01 to 2099-12-31';

/** Days the overview and the rate report have computed and stored, all kinds together. */
async function storedDays(db: Db): Promise<number> {
  const days = await db.selectFrom('overview_days').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const groups = await db.selectFrom('overview_day_groups').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(days.n) + Number(groups.n);
}

async function expectRefused(t: TestApp, url: string, message: string, field: string): Promise<void> {
  const res = await t.request('GET', url, { role: 'viewer' });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
  expect(res.json().error, url).toMatchObject({ code: 'invalid_request', message: expect.stringContaining(message) });
  expect(res.json().error.details, url).toContainEqual(expect.objectContaining({ field }));
}

it('counts the days of a period as numbers, and refuses to list more than a report may cover', () => {
  expect(daysBetween('2027-12-30', '2028-01-02')).toEqual(['2027-12-30', '2027-12-31', '2028-01-01', '2028-01-02']);
  expect(daysBetween('2026-11-21', '2026-11-20')).toEqual([]);
  expect(() => daysBetween('2025-01-01', '2026-11-21')).toThrow(/690 days/);
});

describeEachDialect('bounded days and periods', (ctx) => {
  it('refuses a rate report over more than 366 days, or on days out of bounds, before computing a day', async () => {
    const t = await newTestApp(ctx);
    const before = await storedDays(t.db);
    const rate = '/api/v1/reports/breakpoint-rate';
    await expectRefused(t, `${rate}?from=2025-01-01&to=2026-11-21&groupBy=city`, 'querystring.from: the period is 690 days; at most 366', 'from');
    await expectRefused(t, `${rate}?from=1999-12-31&to=1999-12-31`, `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, `${rate}?from=2026-11-01&to=2100-01-01`, `querystring.to: ${OUT_OF_BOUNDS}`, 'to');
    // The request of the incident: as text, 10000-01-01 sorted before 9999-12-31 and the day loop never ended.
    await expectRefused(t, `${rate}?from=9999-12-31&to=9999-12-31`, `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    expect(await storedDays(t.db)).toBe(before);

    // The longest period allowed still answers.
    const year = await t.request('GET', `${rate}?from=2025-11-21&to=2026-11-21`, { role: 'viewer' });
    expect(year.statusCode, year.body).toBe(200);
  });

  it('refuses an overview on days out of bounds or over more than 366 days, given or ending today by default', async () => {
    const t = await newTestApp(ctx);
    const before = await storedDays(t.db);
    const overview = '/api/v1/reports/overview';
    await expectRefused(t, `${overview}?from=1999-12-31&to=2000-01-01`, `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, `${overview}?from=9999-12-31&to=9999-12-31`, `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, `${overview}?to=9999-12-31`, `querystring.to: ${OUT_OF_BOUNDS}`, 'to');
    await expectRefused(t, `${overview}?from=2026-01-01&to=2027-01-02`, 'querystring.from: the period is 367 days; at most 366', 'from');
    // Without `to`, the period ends today (2026-11-21): its length is checked before any day is listed.
    const sinceMillennium = await t.request('GET', `${overview}?from=2000-01-01`, { role: 'viewer' });
    expect(sinceMillennium.statusCode).toBe(400);
    expect(sinceMillennium.json().error).toMatchObject({ message: 'from: the period is 9822 days; at most 366', details: { field: 'from' } });
    expect(await storedDays(t.db)).toBe(before);
  });

  it('refuses a program report over more than 366 days or on days out of bounds, naming the parameter', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const report = `/api/v1/programs/${program.code}/report`;
    await expectRefused(t, `${report}?from=2020-01-01&to=2026-11-21`, 'querystring.from: the period is 2517 days; at most 366', 'from');
    await expectRefused(t, `${report}?from=1999-01-01&to=1999-01-02`, `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, `${report}?from=2026-11-01&to=2026-02-30`, 'querystring.to: is not a real calendar date', 'to');
    await expectRefused(t, `${report}?from=2026-11-21&to=2026-11-20`, 'querystring.to: must not be before from (2026-11-21)', 'to');
    const res = await t.request('GET', `${report}?from=2025-11-21&to=2026-11-21`, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('refuses days out of bounds in the lists, their exports and the reconciliation', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    await expectRefused(t, '/api/v1/items?from=1999-12-31', `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, '/api/v1/items?acceptedOn=2026-11-01..9999-12-31', 'querystring.acceptedOn: must be days from 2000-01-01 to 2099-12-31', 'acceptedOn');
    await expectRefused(t, '/api/v1/items?deliveredOn=1970-01-01', 'querystring.deliveredOn: must be days from 2000-01-01 to 2099-12-31', 'deliveredOn');
    await expectRefused(t, '/api/v1/breakpoints?from=2026-11-21&to=9999-12-31', `querystring.to: ${OUT_OF_BOUNDS}`, 'to');
    await expectRefused(t, '/api/v1/breakpoints/export?from=1000-01-01', `querystring.from: ${OUT_OF_BOUNDS}`, 'from');
    await expectRefused(t, `/api/v1/offices/${office}/reconciliation?date=1999-12-31`, `querystring.date: ${OUT_OF_BOUNDS}`, 'date');
    // Lists filter rather than loop over days: a long period is fine within the bounds.
    const longList = await t.request('GET', '/api/v1/items?from=2000-01-01&to=2099-12-31', { role: 'viewer' });
    expect(longList.statusCode, longList.body).toBe(200);
  });

  it('gives the event loop a turn between the days it computes, so other requests are served meanwhile', async () => {
    const t = await newTestApp(ctx);
    await createSite(t, { kind: 'counter' });
    const deps = { db: t.db, timeZone: t.config.timeZone, sites: await loadSiteDirectory(t.db), now: t.now };
    // Counts the turns the event loop takes while thirty days are computed. SQLite answers on this
    // thread, so without explicit turns the whole computation would run as one block.
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await createOverviewDays().ensure(deps, 'overview', '2026-10-01', '2026-10-30');
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(30);
  });

  it(`rejects scans dated more than SONGDA_MAX_SCAN_AGE_DAYS ago (default 90) as lines, like future ones`, async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t, { kind: 'counter' });
    const [a, b, c, d] = [newTrackingNo(), newTrackingNo(), newTrackingNo(), newTrackingNo()];
    const body = ndjson([
      /* 1 */ { trackingNo: a, code: 'ACCEPTED', at: '0001-01-01T00:00:00Z', site },
      /* 2 */ { trackingNo: b, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 90 * DAY - 1000), site },
      /* 3 */ { trackingNo: c, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 90 * DAY), site },
      /* 4 */ { trackingNo: d, code: 'ACCEPTED', at: '1999-12-31T23:59:59+08:00', site },
    ]);
    const res = await t.request('POST', '/api/v1/scans', { role: 'operator', ndjson: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      accepted: 1,
      rejected: [
        { line: 1, field: 'at', message: '"0001-01-01T00:00:00Z" is more than 90 days old (SONGDA_MAX_SCAN_AGE_DAYS)' },
        { line: 2, field: 'at', message: expect.stringMatching(/more than 90 days old/) },
        { line: 4, field: 'at', message: expect.stringMatching(/more than 90 days old/) },
      ],
    });
    expect(await storedEvents(t.db, a)).toEqual([]);
    expect(await storedEvents(t.db, c)).toHaveLength(1);

    // The age is a setting (at most ten years).
    const lenient = await newTestApp(ctx, { env: { SONGDA_MAX_SCAN_AGE_DAYS: '3650' } });
    const e = newTrackingNo();
    const again = await lenient.request('POST', '/api/v1/scans', {
      role: 'operator',
      ndjson: ndjson([
        { trackingNo: b, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 90 * DAY - 1000), site },
        { trackingNo: e, code: 'ACCEPTED', at: '2000-01-01T07:59:59+08:00', site },
      ]),
    });
    expect(again.json()).toMatchObject({ accepted: 1, rejected: [{ line: 2, field: 'at', message: '"2000-01-01T07:59:59+08:00" is more than 3650 days old (SONGDA_MAX_SCAN_AGE_DAYS)' }] });
  });

  it('refuses a sweep as of an instant before 2000 or more than a year ahead, naming asOf', async () => {
    const t = await newTestApp(ctx);
    for (const asOf of ['9999-12-31T00:00:00Z', shanghai(FIXED_NOW + 367 * DAY), '1999-12-31T23:59:59Z', '0001-01-01T00:00:00Z']) {
      const res = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf } });
      expect(res.statusCode, asOf).toBe(400);
      expect(res.json().error, asOf).toMatchObject({ code: 'invalid_request', message: 'asOf: must be from 2000-01-01 to at most 366 days after now', details: { field: 'asOf' } });
    }
    const ahead = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(FIXED_NOW + 30 * DAY) } });
    expect(ahead.statusCode, ahead.body).toBe(200);
  });
});
