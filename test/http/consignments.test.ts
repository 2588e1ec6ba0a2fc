import { beforeEach, describe, expect, it } from 'vitest';
import { HOUR, type TestApp, createUnits, ndjson, newTestApp, newTrackingNo, nextSequence, shanghai, storedEvents, unitInput } from '../factories.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';
import { loadConfig } from '../../src/config.js';
import { type ScanInput, compareIdentity } from '../../src/domain/scan-input.js';
import { batchOf } from '../../src/modules/scans/ingest-scans.js';
import { createBatchWriter } from '../../src/modules/scans/record-scans.js';

const T = Date.parse('2026-11-18T09:00:00+08:00');

interface TimelineEvent {
  code: string;
  site: string;
  viaConsignment: string | null;
}
interface Timeline {
  status: string;
  events: TimelineEvent[];
  consignments: { trackingNo: string; openedAt: string | null; openedSite: string | null }[];
  breakpoints: { type: string; responsibleUnit: string; visit: number; closedAt: string | null }[];
}

describeEachDialect('consignments', (ctx: TestDbContext) => {
  let t: TestApp;
  let factory: string;
  let centre: string;
  let office: string;
  let partner: string;

  beforeEach(async () => {
    t = await newTestApp(ctx);
    [factory, centre, office] = (
      await createUnits(t, [unitInput({ kind: 'counter' }), unitInput({ kind: 'processing_centre', divisionCode: '420500' }), unitInput({ kind: 'delivery_office' })])
    ).map((u) => u.code) as [string, string, string];
    partner = `CF${nextSequence()}`;
    await t.db.insertInto('partners').values({ code: partner, name: '武汉制卡厂', kind: 'card_factory', division_code: '420100', created_at: t.now, updated_at: t.now }).execute();
  });

  async function registerItems(n: number): Promise<string[]> {
    const numbers = Array.from({ length: n }, () => newTrackingNo());
    const res = await t.request('POST', '/api/v1/items', { body: numbers.map((trackingNo) => ({ trackingNo })) });
    expect(res.statusCode, res.body).toBe(200);
    return numbers;
  }

  async function consign(items: string[], extra: object = {}) {
    const res = await t.request('POST', '/api/v1/consignments', { body: { fromPartner: partner, toUnit: office, items, ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { trackingNo: string; items: string[] };
  }

  async function scan(events: object[]) {
    const res = await t.request('POST', '/api/v1/scans', { ndjson: ndjson(events) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { accepted: number; duplicates: number; rejected: { line: number; field?: string; message: string }[] };
  }

  async function timeline(trackingNo: string): Promise<Timeline> {
    const res = await t.request('GET', `/api/v1/items/${trackingNo}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  const at = (hours: number) => shanghai(T + hours * HOUR);

  it('carries its scans to every item inside until it is opened, and the items keep their own scans after', async () => {
    const items = await registerItems(3);
    const consignment = await consign(items);
    expect(consignment.items).toEqual([...items].sort());

    const result = await scan([
      { trackingNo: consignment.trackingNo, code: 'ACCEPTED', at: at(0), site: factory },
      { trackingNo: consignment.trackingNo, code: 'DISPATCHED', at: at(1), site: factory },
      { trackingNo: consignment.trackingNo, code: 'ARRIVED', at: at(5), site: office },
      { trackingNo: consignment.trackingNo, code: 'OPENED', at: at(6), site: office },
      // After the opening the consignment's scans stay its own.
      { trackingNo: consignment.trackingNo, code: 'DISPATCHED', at: at(7), site: office },
    ]);
    // Lines of the request, not copies: five consignment scans.
    expect(result).toEqual({ accepted: 5, duplicates: 0, rejected: [] });
    await scan(items.flatMap((trackingNo) => [
      { trackingNo, code: 'OUT_FOR_DELIVERY', at: at(8), site: office },
      { trackingNo, code: 'DELIVERED', at: at(10), site: office },
    ]));

    for (const trackingNo of items) {
      const tl = await timeline(trackingNo);
      expect(tl.events.map((e) => [e.code, e.viaConsignment])).toEqual([
        ['ACCEPTED', consignment.trackingNo],
        ['DISPATCHED', consignment.trackingNo],
        ['ARRIVED', consignment.trackingNo],
        ['OUT_FOR_DELIVERY', null],
        ['DELIVERED', null],
      ]);
      expect(tl.status).toBe('DELIVERED');
      expect(tl.breakpoints).toEqual([]);
      expect(tl.consignments).toEqual([expect.objectContaining({ trackingNo: consignment.trackingNo, openedSite: office, openedAt: new Date(T + 6 * HOUR).toISOString() })]);
    }

    const shown = await t.request('GET', `/api/v1/consignments/${consignment.trackingNo}`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json().events.map((e: { code: string; reachedItems: boolean }) => [e.code, e.reachedItems])).toEqual([
      ['ACCEPTED', true],
      ['DISPATCHED', true],
      ['ARRIVED', true],
      ['OPENED', false],
      ['DISPATCHED', false],
    ]);
  });

  it("lets the break-point rules treat the consignment's scans as the item's own", async () => {
    const items = await registerItems(2);
    const { trackingNo: bag } = await consign(items);
    // The bag leaves the factory and is never scanned in at the centre: the items miss that inbound scan.
    await scan([
      { trackingNo: bag, code: 'ACCEPTED', at: at(0), site: factory },
      { trackingNo: bag, code: 'DISPATCHED', at: at(1), site: factory },
      { trackingNo: bag, code: 'DISPATCHED', at: at(3), site: centre },
      { trackingNo: bag, code: 'ARRIVED', at: at(5), site: office },
      { trackingNo: bag, code: 'OPENED', at: at(6), site: office },
    ]);
    for (const trackingNo of items) {
      const tl = await timeline(trackingNo);
      expect(tl.breakpoints).toEqual([expect.objectContaining({ type: 'MISSING_INBOUND', responsibleUnit: centre, visit: 2, closedAt: null })]);
    }
    // The late inbound scan of the bag fills the gap for every item inside.
    await scan([{ trackingNo: bag, code: 'ARRIVED', at: at(2), site: centre }]);
    for (const trackingNo of items) {
      const tl = await timeline(trackingNo);
      expect(tl.breakpoints).toEqual([expect.objectContaining({ type: 'MISSING_INBOUND', closedAt: expect.any(String) })]);
    }
  });

  it('takes back the copies made after an opening that arrives late', async () => {
    const items = await registerItems(2);
    const { trackingNo: bag } = await consign(items);
    await scan([
      { trackingNo: bag, code: 'ACCEPTED', at: at(0), site: factory },
      { trackingNo: bag, code: 'DISPATCHED', at: at(1), site: factory },
      { trackingNo: bag, code: 'ARRIVED', at: at(4), site: centre },
      { trackingNo: bag, code: 'DISPATCHED', at: at(6), site: centre },
    ]);
    expect((await timeline(items[0]!)).events).toHaveLength(4);
    // The bag was in fact opened at the centre at hour 5: its DISPATCHED at hour 6 carried no items.
    await scan([{ trackingNo: bag, code: 'OPENED', at: at(5), site: centre }]);
    for (const trackingNo of items) {
      const tl = await timeline(trackingNo);
      expect(tl.events.map((e) => e.code)).toEqual(['ACCEPTED', 'DISPATCHED', 'ARRIVED']);
      expect(tl.status).toBe('ARRIVED');
      expect((await storedEvents(t.db, trackingNo)).map((e) => e.code)).toEqual(['ACCEPTED', 'DISPATCHED', 'ARRIVED']);
      const item = await t.db.selectFrom('items').select(['last_event_code', 'last_event_site']).where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
      expect(item).toEqual({ last_event_code: 'ARRIVED', last_event_site: centre });
    }
    // A later, earlier-still opening moves it again; a later one changes nothing.
    await scan([{ trackingNo: bag, code: 'OPENED', at: at(8), site: office }]);
    const shown = (await t.request('GET', `/api/v1/consignments/${bag}`)).json();
    expect(shown.openedAt).toBe(new Date(T + 5 * HOUR).toISOString());
    expect(shown.openedSite).toBe(centre);
  });

  it('stores the same whatever the chunks a request is cut into', async () => {
    // One line per chunk: on PostgreSQL every event of a request is stored before its items are
    // updated, on SQLite the items follow each chunk. Either way the result is that of one pass.
    const chunked = createBatchWriter(ctx.handle, loadConfig({}).silence, { chunk: 1 });
    const sendChunked = async (lines: { trackingNo: string; code: string; at: string; site: string }[]) => {
      const scans: ScanInput[] = lines.map((l, i) => ({ line: i + 1, trackingNo: l.trackingNo, code: l.code as ScanInput['code'], atMs: Date.parse(l.at), atOffsetMin: 480, site: l.site, operator: null, reason: null, nextSite: null }));
      await chunked.record(batchOf(scans.sort(compareIdentity)), scans.map((s) => s.site), t.now);
    };
    const story = async (send: (lines: { trackingNo: string; code: string; at: string; site: string }[]) => Promise<unknown>) => {
      const items = await registerItems(2);
      const { trackingNo: bag } = await consign(items);
      await send([
        { trackingNo: bag, code: 'ACCEPTED', at: at(0), site: factory },
        { trackingNo: bag, code: 'DISPATCHED', at: at(1), site: factory },
        { trackingNo: items[1]!, code: 'ARRIVED', at: at(2), site: centre },
        { trackingNo: bag, code: 'ARRIVED', at: at(4), site: centre },
        { trackingNo: bag, code: 'DISPATCHED', at: at(6), site: centre },
      ]);
      // The opening arrives late, in one request with the items' own scans after it.
      await send([
        { trackingNo: items[0]!, code: 'DISPATCHED', at: at(7), site: centre },
        { trackingNo: bag, code: 'OPENED', at: at(5), site: centre },
        { trackingNo: items[1]!, code: 'ARRIVED', at: at(9), site: office },
        { trackingNo: items[0]!, code: 'ARRIVED', at: at(9), site: office },
      ]);
      return Promise.all(
        items.map(async (trackingNo) => ({
          item: await t.db
            .selectFrom('items')
            .select(['status', 'last_event_code', 'last_event_site', 'last_event_at', 'last_visit', 'accepted_at', 'delivered_at', 'silence_type', 'silence_unit', 'silence_visit', 'silence_due_at'])
            .where('tracking_no', '=', trackingNo)
            .executeTakeFirstOrThrow(),
          events: (await storedEvents(t.db, trackingNo)).map((e) => [e.code, e.site]),
          breakpoints: (await timeline(trackingNo)).breakpoints.map((b) => [b.type, b.responsibleUnit, b.visit, b.closedAt]),
        })),
      );
    };
    const whole = await story(scan);
    expect(whole[0]!.events).toEqual([
      ['ACCEPTED', factory],
      ['DISPATCHED', factory],
      ['ARRIVED', centre],
      ['DISPATCHED', centre],
      ['ARRIVED', office],
    ]);
    expect(await story(sendChunked)).toEqual(whole);
  });

  it('answers duplicates of consignment scans as duplicates and copies nothing twice', async () => {
    const items = await registerItems(2);
    const { trackingNo: bag } = await consign(items);
    const line = { trackingNo: bag, code: 'ACCEPTED', at: at(0), site: factory };
    expect(await scan([line])).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    expect(await scan([line, line])).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await storedEvents(t.db, items[0]!)).toHaveLength(1);
  });

  it('rejects OPENED on a number that is not a consignment, and keeps the other lines', async () => {
    const [item] = await registerItems(1);
    const result = await scan([
      { trackingNo: item, code: 'ACCEPTED', at: at(0), site: factory },
      { trackingNo: item, code: 'OPENED', at: at(1), site: factory },
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected).toEqual([{ line: 2, field: 'code', message: expect.stringContaining('not a registered consignment') }]);
  });

  it('stores nothing when any item cannot go in, and names each one', async () => {
    const items = await registerItems(2);
    await consign([items[0]!]);
    const countConsignments = async () => (await t.db.selectFrom('consignments').select('tracking_no').execute()).length;
    const before = await countConsignments();
    const unknown = newTrackingNo();
    const res = await t.request('POST', '/api/v1/consignments', { body: { fromPartner: partner, toUnit: office, items: [items[0], items[1], items[1], unknown, 'XX123'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.items).toEqual([
      { index: 0, trackingNo: items[0], message: expect.stringContaining('already inside consignment') },
      { index: 2, trackingNo: items[1], message: 'listed twice' },
      { index: 3, trackingNo: unknown, message: expect.stringContaining('unknown item') },
      { index: 4, trackingNo: 'XX123', message: expect.any(String) },
    ]);
    expect(await countConsignments()).toBe(before);
  });

  describe('refuses a bad consignment', () => {
    it('with an unknown partner or unit, or both destinations', async () => {
      const [item] = await registerItems(1);
      const cases: [object, number, string][] = [
        [{ fromPartner: 'NOPE', toUnit: office }, 400, 'fromPartner'],
        [{ fromPartner: partner, toUnit: 'NOPE' }, 400, 'toUnit'],
        [{ fromPartner: partner, toPartner: 'NOPE' }, 400, 'toPartner'],
        [{ fromPartner: partner, toUnit: office, toPartner: partner }, 400, 'toUnit'],
      ];
      for (const [body, status, field] of cases) {
        const res = await t.request('POST', '/api/v1/consignments', { body: { ...body, items: [item] } });
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.body).toContain(field);
      }
    });

    it("whose number is already an item's", async () => {
      const [inside, other] = await registerItems(2);
      const res = await t.request('POST', '/api/v1/consignments', { body: { trackingNo: other, fromPartner: partner, toUnit: office, items: [inside] } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toContain('already an item');
    });
  });
});
