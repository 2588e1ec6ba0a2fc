// Each figure is the number of rows of one list. Here: the item list's break-point filters give the
// items of the break-point list (silences included), and a program report's figures — with scans
// dated before their request, which once made the time to deliver negative — are the lengths of the
// item lists they link to.
import { expect, it } from 'vitest';
import { MISSING_SCAN_TYPES } from '../../src/modules/breakpoints/breakpoint.table.js';
import { type TestApp, createSite, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { scanItem } from '../factories-console.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postRequests } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const PAST_SCANS = { SONGDA_MAX_SCAN_AGE_DAYS: '3650' };
const at = (local: string) => Date.parse(`${local}+08:00`);
const sh = (local: string) => `${local}+08:00`;
const HOUR = 3_600_000;
const MISSING = MISSING_SCAN_TYPES.join(',');

/** Every tracking number of a list, page after page, in list order. */
async function allRows(t: TestApp, path: string, field = 'trackingNo'): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', `/api/v1${path}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { rows: Record<string, string>[]; nextCursor: string | null };
    seen.push(...page.rows.map((r) => r[field]!));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

const distinctSorted = (list: readonly string[]) => [...new Set(list)].sort();

describeEachDialect('figures and their lists', (ctx) => {
  // First in the file: the break-point lists below see every item of this engine's database.
  it('lists as "with an open break-point" the items of the open break-point list, silences included', async () => {
    const t = await newTestApp(ctx, { env: PAST_SCANS, now: at('2026-04-10T12:00:00') });
    const counter = await createSite(t, { kind: 'counter', divisionCode: '420506' }); // 宜昌市 420500
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: '420102' }); // 武汉市 420100
    const [silent, missing, filled, clean] = [newTrackingNo(), newTrackingNo(), newTrackingNo(), newTrackingNo()];
    // silent: dispatched and never seen again (SILENT_IN_TRANSIT once the sweep passes 48 h), blamed on the counter.
    await scanItem(t, silent, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T10:00:00') },
    ]);
    // missing: delivered at the office with no arrival and no out-for-delivery scan there.
    await scanItem(t, missing, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T10:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-02T11:00:00') },
    ]);
    // filled: the office's arrival scan came late and closed the gap it had opened.
    await scanItem(t, filled, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T10:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-04-02T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-02T11:00:00') },
    ]);
    await scanItem(t, filled, [{ code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-02T08:00:00') }]);
    await scanItem(t, clean, [
      { code: 'ACCEPTED', site: counter, at: sh('2026-04-01T09:00:00') },
      { code: 'DISPATCHED', site: counter, at: sh('2026-04-01T10:00:00') },
      { code: 'AT_DELIVERY_OFFICE', site: office, at: sh('2026-04-02T08:00:00') },
      { code: 'OUT_FOR_DELIVERY', site: office, at: sh('2026-04-02T09:00:00') },
      { code: 'DELIVERED', site: office, at: sh('2026-04-02T11:00:00') },
    ]);
    const swept = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(at('2026-04-05T12:00:00')) } });
    expect(swept.statusCode, swept.body).toBe(200);

    // The open break-point list has rows of both kinds; the item filter has each of their items once.
    const openBreakpointItems = distinctSorted(await allRows(t, '/breakpoints?status=open'));
    expect(openBreakpointItems).toEqual([silent, missing].sort());
    expect((await allRows(t, '/items?breakpoint=open')).sort()).toEqual(openBreakpointItems);
    // Narrowed by type: the rate's numerator (missing-scan only), or one silence type.
    expect(await allRows(t, `/items?breakpoint=open&breakpointType=${MISSING}`)).toEqual([missing]);
    expect(distinctSorted(await allRows(t, `/breakpoints?status=open&type=${MISSING}`))).toEqual([missing]);
    expect(await allRows(t, '/items?breakpoint=open&breakpointType=SILENT_IN_TRANSIT')).toEqual([silent]);
    // Blamed on a unit, a city, a province.
    expect(await allRows(t, `/items?breakpoint=open&unit=${office}`)).toEqual([missing]);
    expect(distinctSorted(await allRows(t, `/breakpoints?status=open&unit=${office}`))).toEqual([missing]);
    expect(await allRows(t, '/items?breakpoint=open&city=420500')).toEqual([silent]);
    expect((await allRows(t, '/items?breakpoint=open&province=420000')).sort()).toEqual([silent, missing].sort());
    expect((await allRows(t, '/items?province=420000')).sort()).toEqual([silent, missing, filled, clean].sort());
    expect(await allRows(t, '/items?breakpoint=open&province=110000')).toEqual([]);
    // Filled late: the rate report's third figure.
    expect(await allRows(t, '/items?breakpoint=filledLate')).toEqual([filled]);
    expect(await allRows(t, `/items?breakpoint=filledLate&unit=${office}`)).toEqual([filled]);
    expect(await allRows(t, '/items?breakpoint=filledLate&city=420500')).toEqual([]);

    const refused = await t.request('GET', '/api/v1/items?breakpointType=SILENT_HELD', { role: 'viewer' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain('breakpoint=open');
  });

  it('times delivery from the first acceptance, and counts and lists scans dated before their request', async () => {
    const base = await newTestApp(ctx, { env: PAST_SCANS, now: at('2026-11-03T10:00:00') });
    const program = await createTestProgram(base.db, { documentType: '优待证' });
    const { county, office } = await countyWithOffice(base, '420000');
    const details = () => ({ name: '测试人', phone: newPhone(), address: addressIn(county) });
    const [early, onTime, waiting] = await postRequests(base, program.code, [details(), details(), details()]);
    // early: every scan dated the day before its request (a scanner's clock) — request → delivery was −2 h.
    // onTime: accepted 2 h after its request, delivered 10 h after that. waiting: never scanned.
    const scanner = await newTestApp(ctx, { env: PAST_SCANS, now: at('2026-11-05T12:00:00') });
    const deliveredAt = (trackingNo: string, accepted: number, hours: number) => [
      { trackingNo, code: 'ACCEPTED', at: shanghai(accepted), site: office },
      { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(accepted + (hours - 1) * HOUR), site: office },
      { trackingNo, code: 'DELIVERED', at: shanghai(accepted + hours * HOUR), site: office },
    ];
    const scans = [...deliveredAt(early!.trackingNo!, at('2026-11-02T18:00:00'), 14), ...deliveredAt(onTime!.trackingNo!, at('2026-11-03T12:00:00'), 10)];
    const recorded = await scanner.request('POST', '/api/v1/scans', { body: scans });
    expect(recorded.json(), recorded.body).toMatchObject({ accepted: scans.length });

    const period = 'from=2026-11-01&to=2026-11-07';
    const report = (await scanner.request('GET', `/api/v1/programs/${program.code}/report?${period}`, { role: 'viewer' })).json();
    expect(report).toMatchObject({ mailed: 3, delivered: 2, timedDeliveries: 2, suspect: 1, medianHoursToDeliver: 12 }); // (14 + 10) / 2
    expect(report.medianHoursToDeliver).toBeGreaterThanOrEqual(0);

    // Each figure is the length of its list.
    const items = `/items?program=${program.code}&requestedOn=2026-11-01..2026-11-07`;
    expect((await allRows(scanner, items)).sort()).toEqual([early, onTime, waiting].map((r) => r!.trackingNo!).sort());
    expect((await allRows(scanner, `${items}&status=DELIVERED`)).sort()).toEqual([early, onTime].map((r) => r!.trackingNo!).sort());
    expect(await allRows(scanner, `${items}&suspect=yes`)).toEqual([early!.trackingNo]);
    expect(await allRows(scanner, `/items?program=${program.code}&requestedOn=2026-11-04..2026-11-07`)).toEqual([]);

    // The item's page tags the suspect scans and says when it was asked for.
    const page = (await scanner.request('GET', `/api/v1/items/${early!.trackingNo}`, { role: 'viewer' })).json();
    expect(page.requestedAt).toBe(new Date(at('2026-11-03T10:00:00')).toISOString());
    expect(page.events.map((e: { suspect: boolean }) => e.suspect)).toEqual([true, true, true]);
    const fine = (await scanner.request('GET', `/api/v1/items/${onTime!.trackingNo}`, { role: 'viewer' })).json();
    expect(fine.events.map((e: { suspect: boolean }) => e.suspect)).toEqual([false, false, false]);
  });
});
