// What happened becomes one message per subscribed endpoint in scope: items' scans, break-points
// opened and closed, requests created and mailed, read by position from their sources.
import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { fanOutWebhookEvents } from '../../src/modules/webhooks/webhook-fanout.js';
import { HOUR, type TestApp, ndjson, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postRequests } from '../factories-requests.js';
import { databaseNow, readerWaitsForWriters } from '../pg-waits.js';
import { describeEachDialect } from '../test-db.js';

const T = Date.parse('2026-11-18T09:00:00+08:00');

interface Pushed {
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { trackingNo?: string; sequence?: number; status?: string; programCode?: string };
}

describeEachDialect('webhook events', (ctx) => {
  let t: TestApp;
  let office: string;
  let address: string;
  let county: string;
  const programs = { a: '', b: '' };
  const endpoints = { a: '', aMailedOnly: '', b: '' };

  /** Runs the fan-out until it has read everything there is. */
  const fanOut = async () => {
    let total = 0;
    for (let read = -1; read !== 0; total += read) read = await fanOutWebhookEvents({ db: t.db, timeZone: t.config.timeZone, now: t.now, limit: 50 });
    return total;
  };
  const pushed = async (endpointId: string): Promise<Pushed[]> => {
    const rows = await t.db.selectFrom('webhook_messages').select(['type', 'payload']).where('endpoint_id', '=', endpointId).orderBy('id').execute();
    return rows.map((r) => {
      const body = JSON.parse(r.payload) as Pushed;
      expect(body.type).toBe(r.type);
      return body;
    });
  };
  /** What the endpoint was told about the item itself (its break-points and its scans). */
  const pushedAbout = async (endpointId: string, trackingNo: string) => (await pushed(endpointId)).filter((m) => m.data.trackingNo === trackingNo && !m.type.startsWith('request.'));
  const endpoint = async (partner: string, events: string[]) => {
    const res = await t.request('POST', '/api/v1/webhooks', { body: { partner, url: 'https://agency.example/songda', events } });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  const scan = async (events: object[]) => {
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected).toEqual([]);
  };
  const mailed = async (program: string, externalRef: string) => {
    const [result] = await postRequests(t, program, [{ name: '张三', phone: newPhone(), address, divisionCode: county, externalRef }]);
    expect(result?.status, JSON.stringify(result)).toBe('mailed');
    return { requestId: result!.requestId!, trackingNo: result!.trackingNo! };
  };

  beforeAll(async () => {
    t = await newTestApp(ctx, { sharedByFile: true });
    const where = await countyWithOffice(t);
    office = where.office;
    county = where.county.code;
    address = addressIn(where.county);
    const a = await createTestProgram(t.db);
    const b = await createTestProgram(t.db);
    programs.a = a.code;
    programs.b = b.code;
    endpoints.a = await endpoint(a.sponsor, ['item.status_changed', 'breakpoint.opened', 'breakpoint.closed', 'request.created', 'request.mailed']);
    endpoints.aMailedOnly = await endpoint(a.sponsor, ['request.mailed']);
    endpoints.b = await endpoint(b.sponsor, ['item.status_changed', 'breakpoint.opened', 'breakpoint.closed', 'request.created', 'request.mailed']);
  });

  it("tells partner A's endpoint of A's requests and items only, each endpoint only the types it subscribed to", async () => {
    const a = await mailed(programs.a, `A-${t.now}-1`);
    const b = await mailed(programs.b, `B-${t.now}-1`);
    const stray = newTrackingNo();
    await scan([a, b, { trackingNo: stray }].map((i) => ({ trackingNo: i.trackingNo, code: 'ACCEPTED', at: shanghai(T), site: office })));
    await fanOut();

    const toA = await pushed(endpoints.a);
    expect(toA.filter((m) => m.type.startsWith('request.')).map((m) => [m.type, m.data])).toEqual([
      ['request.created', { requestId: a.requestId, programCode: programs.a, externalRef: `A-${t.now}-1`, status: 'mailed', trackingNo: a.trackingNo }],
      ['request.mailed', { requestId: a.requestId, programCode: programs.a, externalRef: `A-${t.now}-1`, status: 'mailed', trackingNo: a.trackingNo }],
    ]);
    expect(await pushedAbout(endpoints.a, a.trackingNo)).toEqual([
      {
        type: 'item.status_changed',
        timestamp: '2026-11-18T09:00:00.000+08:00',
        data: {
          trackingNo: a.trackingNo,
          programCode: programs.a,
          requestId: a.requestId,
          externalRef: `A-${t.now}-1`,
          status: 'ACCEPTED',
          event: { code: 'ACCEPTED', at: '2026-11-18T09:00:00.000+08:00', site: office, siteName: expect.any(String), reason: null },
          sequence: expect.any(Number),
        },
      },
    ]);
    // Nothing of B's, nor of the item of no program, in anything A was sent.
    const textToA = JSON.stringify(toA);
    for (const other of [b.trackingNo, b.requestId, programs.b, stray]) expect(textToA).not.toContain(other);
    expect((await pushed(endpoints.b)).filter((m) => m.data.trackingNo === b.trackingNo || m.data.requestId === b.requestId).map((m) => m.type)).toEqual([
      'request.created',
      'request.mailed',
      'item.status_changed',
    ]);
    expect(JSON.stringify(await pushed(endpoints.b))).not.toContain(programs.a);
    expect((await pushed(endpoints.aMailedOnly)).map((m) => [m.type, m.data.trackingNo])).toEqual([['request.mailed', a.trackingNo]]);
  });

  it('gives each change the status once it is counted with those that came before it, out of order too, in a growing sequence', async () => {
    const { trackingNo } = await mailed(programs.a, `A-${t.now}-2`);
    // Each POST is one batch: the events arrive in this order, not in the order they happened.
    const arrivals = [
      { code: 'DISPATCHED', at: T + 2 * HOUR },
      { code: 'ACCEPTED', at: T + HOUR },
      { code: 'ARRIVED', at: T + 5 * HOUR },
      { code: 'OUT_FOR_DELIVERY', at: T + 7 * HOUR },
      { code: 'AT_DELIVERY_OFFICE', at: T + 6 * HOUR },
      { code: 'DELIVERED', at: T + 8 * HOUR },
      { code: 'HELD', at: T + 7.5 * HOUR },
    ];
    for (const e of arrivals) await scan([{ trackingNo, code: e.code, at: shanghai(e.at), site: office }]);
    await fanOut();
    const changes = await pushedAbout(endpoints.a, trackingNo);
    const items = changes.filter((m) => m.type === 'item.status_changed');
    expect(items.map((m) => [(m.data.event as { code: string }).code, m.data.status])).toEqual([
      ['DISPATCHED', 'DISPATCHED'],
      ['ACCEPTED', 'DISPATCHED'],
      ['ARRIVED', 'ARRIVED'],
      ['OUT_FOR_DELIVERY', 'OUT_FOR_DELIVERY'],
      ['AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY'],
      ['DELIVERED', 'DELIVERED'],
      ['HELD', 'DELIVERED'],
    ]);
    const sequences = items.map((m) => m.data.sequence!);
    expect(sequences).toEqual([...sequences].sort((x, y) => x - y));
    expect(new Set(sequences).size).toBe(sequences.length);
  });

  it('tells of a break-point when it opens and when a late scan closes it', async () => {
    const { trackingNo } = await mailed(programs.a, `A-${t.now}-3`);
    await scan([{ trackingNo, code: 'DISPATCHED', at: shanghai(T + HOUR), site: office }]);
    await scan([{ trackingNo, code: 'ACCEPTED', at: shanghai(T), site: office }]);
    await fanOut();
    const changes = (await pushedAbout(endpoints.a, trackingNo)).filter((m) => m.type.startsWith('breakpoint.'));
    expect(changes.map((m) => [m.type, m.data.type, m.data.closedAt === null])).toEqual([
      ['breakpoint.opened', 'MISSING_ACCEPTANCE', true],
      ['breakpoint.closed', 'MISSING_ACCEPTANCE', false],
    ]);
    const [opened, closed] = changes;
    expect(closed!.data.breakpointId).toBe(opened!.data.breakpointId);
    expect(closed!.data).toMatchObject({ programCode: programs.a, externalRef: `A-${t.now}-3`, responsibleUnit: office, openedAt: '2026-11-18T10:00:00.000+08:00' });
    expect(closed!.data.sequence).toBeGreaterThan(opened!.data.sequence!);
    expect(closed!.timestamp).toBe(closed!.data.closedAt);
    // The writer's closing row, on this engine.
    const outbox = await t.db.selectFrom('breakpoint_outbox').select(['kind', 'closed_at']).where('tracking_no', '=', trackingNo).orderBy('id').execute();
    expect(outbox.map((r) => [r.kind, r.closed_at === null ? null : Number(r.closed_at)])).toEqual([
      ['opened', null],
      ['closed', t.now],
    ]);
  });

  it('queues nothing again when run again, and only what is new after new events', async () => {
    const { trackingNo } = await mailed(programs.a, `A-${t.now}-4`);
    await scan([{ trackingNo, code: 'ACCEPTED', at: shanghai(T), site: office }]);
    await fanOut();
    const count = async () => Number((await t.db.selectFrom('webhook_messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect(await fanOut()).toBe(0);
    expect(await count()).toBe(before);
    await scan([{ trackingNo, code: 'DISPATCHED', at: shanghai(T + HOUR), site: office }]);
    await fanOut();
    expect(await count()).toBe(before + 1);
    expect((await pushedAbout(endpoints.a, trackingNo)).map((m) => m.data.status)).toEqual(['ACCEPTED', 'DISPATCHED']);
  });

  it('does not skip an event whose transaction commits after one with a higher id (PostgreSQL numbers rows at insert)', async ({ skip }) => {
    if (ctx.dialect !== 'postgres' || ctx.handle.dialect !== 'postgres') return skip();
    const { trackingNo } = await mailed(programs.a, `A-${t.now}-5`);
    await fanOut();
    const pool: pg.Pool = ctx.handle.pool;
    const slow = await pool.connect();
    try {
      await slow.query('BEGIN');
      // A write that took its id first and has not committed yet.
      await slow.query(
        `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, received_at) VALUES ($1, 'ACCEPTED', $2, 480, $3, $4)`,
        [trackingNo, T, office, t.now],
      );
      // A later write with a higher id, committed.
      await scan([{ trackingNo, code: 'DISPATCHED', at: shanghai(T + HOUR), site: office }]);
      let finished = false;
      const since = await databaseNow(pool);
      const running = fanOut().finally(() => {
        finished = true;
      });
      // The fan-out waits for the open write rather than read past it; one that does not wait
      // finishes first, and misses the event.
      await until(async () => finished || (await readerWaitsForWriters(pool, since)));
      await slow.query('COMMIT');
      await running;
    } finally {
      slow.release();
    }
    const items = (await pushedAbout(endpoints.a, trackingNo)).filter((m) => m.type === 'item.status_changed');
    expect(items.map((m) => (m.data.event as { code: string }).code).sort()).toEqual(['ACCEPTED', 'DISPATCHED']);
  });
});

/** Polls until the condition holds (no time limit: the test's own timeout ends a hang). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
