import { expect, it } from 'vitest';
import { tryAcquireLease } from '../../src/jobs/lease.js';
import { HOUR, type TestApp, createUnits, ndjson, newTestApp, newTrackingNo, shanghai, unitInput } from '../factories.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

const T = Date.parse('2026-11-18T09:00:00+08:00');

interface Timeline {
  status: string;
  breakpoints: { type: string; responsibleUnit: string; visit: number; openedAt: string; closedAt: string | null }[];
}

/** Each case gets its own database: a sweep sees every item stored, not just the case's own. */
function detectionCase(name: string, body: (ctx: TestDbContext) => Promise<void>) {
  describeEachDialect(`break-point detection: ${name}`, (ctx) => {
    it(name, () => body(ctx));
  });
}

  async function network(t: TestApp) {
    const [counter, centre, office] = await createUnits(t, [
      unitInput({ kind: 'counter' }),
      unitInput({ kind: 'processing_centre', divisionCode: '420500' }),
      unitInput({ kind: 'delivery_office', endOfShift: '18:00' }),
    ]);
    return { counter: counter!.code, centre: centre!.code, office: office!.code };
  }

  async function scan(t: TestApp, events: object[]) {
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected).toEqual([]);
  }

  async function timeline(t: TestApp, trackingNo: string): Promise<Timeline> {
    const res = await t.request('GET', `/api/v1/items/${trackingNo}`);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  const sweep = async (t: TestApp, asOf: number) => {
    const res = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: shanghai(asOf) } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { opened: number; closed: number };
  };

  const outbox = (t: TestApp, trackingNo: string) =>
    t.db.selectFrom('breakpoint_outbox').select(['type', 'responsible_unit', 'opened_at', 'kind']).where('tracking_no', '=', trackingNo).orderBy('id').execute();

detectionCase('opens a missing outbound scan in the same request, and a late scan that fills the gap closes it (kept)', async (ctx) => {
    const t = await newTestApp(ctx);
    const { counter, centre } = await network(t);
    const no = newTrackingNo();
    await scan(t, [
      { trackingNo: no, code: 'ACCEPTED', at: shanghai(T), site: counter },
      { trackingNo: no, code: 'ARRIVED', at: shanghai(T + 3 * HOUR), site: centre },
    ]);
    const open = await timeline(t, no);
    expect(open.breakpoints).toEqual([
      expect.objectContaining({ type: 'MISSING_OUTBOUND', responsibleUnit: counter, visit: 1, openedAt: new Date(T + 3 * HOUR).toISOString(), closedAt: null }),
    ]);
    expect(await outbox(t, no)).toEqual([{ type: 'MISSING_OUTBOUND', responsible_unit: counter, opened_at: T + 3 * HOUR, kind: 'opened' }]);

    await scan(t, [{ trackingNo: no, code: 'DISPATCHED', at: shanghai(T + HOUR), site: counter, nextSite: centre }]);
    const filled = await timeline(t, no);
    expect(filled.breakpoints).toEqual([expect.objectContaining({ type: 'MISSING_OUTBOUND', closedAt: new Date(t.now).toISOString() })]);
    expect(filled.status).toBe('ARRIVED');
  });

detectionCase('opens a silence when the sweep passes its instant, once, and closes it when the next event arrives', async (ctx) => {
    const t = await newTestApp(ctx);
    const { counter, centre, office } = await network(t);
    const no = newTrackingNo();
    await scan(t, [
      { trackingNo: no, code: 'ACCEPTED', at: shanghai(T), site: counter },
      { trackingNo: no, code: 'DISPATCHED', at: shanghai(T + HOUR), site: counter, nextSite: centre },
    ]);
    expect(await sweep(t, T + 49 * HOUR)).toEqual({ opened: 0, closed: 0 }); // exactly 48 h: not "more than"
    expect(await sweep(t, T + 49 * HOUR + 1)).toEqual({ opened: 1, closed: 0 });
    expect(await sweep(t, T + 60 * HOUR)).toEqual({ opened: 0, closed: 0 });
    const silent = await timeline(t, no);
    expect(silent.breakpoints).toEqual([
      expect.objectContaining({ type: 'SILENT_IN_TRANSIT', responsibleUnit: centre, visit: 1, openedAt: new Date(T + 49 * HOUR).toISOString(), closedAt: null }),
    ]);
    expect(await outbox(t, no)).toEqual([{ type: 'SILENT_IN_TRANSIT', responsible_unit: centre, opened_at: T + 49 * HOUR, kind: 'opened' }]);

    // An earlier event arriving late does not end the silence; a later one does.
    await scan(t, [{ trackingNo: no, code: 'ACCEPTED', at: shanghai(T - HOUR), site: counter, operator: 'second scan' }]);
    expect((await timeline(t, no)).breakpoints[0]?.closedAt).toBeNull();
    await scan(t, [
      { trackingNo: no, code: 'ARRIVED', at: shanghai(T + 50 * HOUR), site: centre },
      { trackingNo: no, code: 'DISPATCHED', at: shanghai(T + 51 * HOUR), site: centre, nextSite: office },
      { trackingNo: no, code: 'AT_DELIVERY_OFFICE', at: shanghai(T + 53 * HOUR), site: office },
    ]);
    const moved = await timeline(t, no);
    expect(moved.breakpoints).toEqual([expect.objectContaining({ type: 'SILENT_IN_TRANSIT', closedAt: new Date(t.now).toISOString() })]);
    // Now waiting at the office: its own silence after 24 h.
    expect(await sweep(t, T + 77 * HOUR + 1)).toEqual({ opened: 1, closed: 0 });
    expect((await timeline(t, no)).breakpoints.map((b) => `${b.type}:${b.responsibleUnit}:${b.closedAt === null ? 'open' : 'closed'}`)).toEqual([
      `SILENT_IN_TRANSIT:${centre}:closed`,
      `SILENT_AT_OFFICE:${office}:open`,
    ]);
  });

detectionCase("expects a delivery result by the office's end of shift on the day of the round", async (ctx) => {
    const t = await newTestApp(ctx);
    const { office } = await network(t);
    const no = newTrackingNo();
    const round = Date.parse('2026-11-19T17:30:00+08:00'); // office ends its shift at 18:00
    await scan(t, [
      { trackingNo: no, code: 'AT_DELIVERY_OFFICE', at: shanghai(round - 8 * HOUR), site: office },
      { trackingNo: no, code: 'OUT_FOR_DELIVERY', at: shanghai(round), site: office },
    ]);
    const endOfShift = Date.parse('2026-11-19T18:00:00+08:00');
    expect(await sweep(t, endOfShift)).toEqual({ opened: 0, closed: 0 });
    expect(await sweep(t, endOfShift + 1)).toEqual({ opened: 1, closed: 0 });
    const bp = (await timeline(t, no)).breakpoints.find((b) => b.type === 'NO_DELIVERY_RESULT');
    expect(bp).toMatchObject({ type: 'NO_DELIVERY_RESULT', responsibleUnit: office, visit: 1, openedAt: new Date(endOfShift).toISOString() });
    // The late result closes it; a delivered item is never silent again.
    await scan(t, [{ trackingNo: no, code: 'DELIVERED', at: shanghai(round + HOUR), site: office }]);
    expect((await timeline(t, no)).breakpoints.find((b) => b.type === 'NO_DELIVERY_RESULT')?.closedAt).not.toBeNull();
    expect(await sweep(t, endOfShift + 400 * HOUR)).toEqual({ opened: 0, closed: 0 });
  });

detectionCase('keeps one break-point per item, type and visit, reopening it rather than adding a second', async (ctx) => {
    const t = await newTestApp(ctx);
    const { office } = await network(t);
    const no = newTrackingNo();
    await scan(t, [{ trackingNo: no, code: 'AT_DELIVERY_OFFICE', at: shanghai(T), site: office }]);
    expect(await sweep(t, T + 25 * HOUR)).toMatchObject({ opened: 1 });
    await scan(t, [{ trackingNo: no, code: 'HELD', at: shanghai(T + 26 * HOUR), site: office }]);
    await scan(t, [{ trackingNo: no, code: 'AT_DELIVERY_OFFICE', at: shanghai(T + 27 * HOUR), site: office, operator: 'again' }]);
    expect(await sweep(t, T + 52 * HOUR)).toMatchObject({ opened: 1 });
    const rows = await t.db.selectFrom('breakpoints').select(['type', 'visit', 'closed_at', 'opened_at']).where('tracking_no', '=', no).where('type', '=', 'SILENT_AT_OFFICE').execute();
    expect(rows).toEqual([{ type: 'SILENT_AT_OFFICE', visit: 1, closed_at: null, opened_at: T + 51 * HOUR }]);
    // Opened, closed by the HELD, opened again: each change has its outbox row.
    expect((await outbox(t, no)).filter((o) => o.type === 'SILENT_AT_OFFICE').map((o) => o.kind)).toEqual(['opened', 'closed', 'opened']);
  });

detectionCase('lets only one holder run the sweep until its lease expires', async (ctx) => {
    const t = await newTestApp(ctx);
    const lease = `test-${newTrackingNo()}`;
    expect(await tryAcquireLease(t.db, lease, 'server-a', T, 60_000)).toBe(true);
    expect(await tryAcquireLease(t.db, lease, 'server-b', T + 1000, 60_000)).toBe(false);
    expect(await tryAcquireLease(t.db, lease, 'server-a', T + 30_000, 60_000)).toBe(true); // renewal
    expect(await tryAcquireLease(t.db, lease, 'server-b', T + 89_000, 60_000)).toBe(false);
    expect(await tryAcquireLease(t.db, lease, 'server-b', T + 90_000, 60_000)).toBe(true);
  });

detectionCase('refuses a sweep from a role other than admin and an asOf without an offset', async (ctx) => {
    const t = await newTestApp(ctx);
    expect((await t.request('POST', '/api/v1/breakpoints/sweep', { body: {}, role: 'operator' })).statusCode).toBe(403);
    const bad = await t.request('POST', '/api/v1/breakpoints/sweep', { body: { asOf: '2026-11-20T09:00:00' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/asOf: .*no UTC offset/);
  });
