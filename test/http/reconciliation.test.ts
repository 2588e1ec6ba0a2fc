import { expect, it } from 'vitest';
import { type TestApp, createSite, newTestApp, newTrackingNo } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

/** D = 2026-11-20 in Shanghai, the day before the tests' fixed now (2026-11-21 12:00). */
const D = '2026-11-20';
const at = (day: 19 | 20 | 21, hhmm: string) => `2026-11-${day}T${hhmm}:00+08:00`;

async function postScans(t: TestApp, scans: { trackingNo: string; code: string; at: string; site: string }[]): Promise<void> {
  const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: scans });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json()).toMatchObject({ accepted: scans.length, rejected: [] });
}

describeEachDialect('GET /api/v1/offices/:code/reconciliation', (ctx) => {
  it("answers a delivery office's three balances for a local day to a viewer, with the items that make each difference", async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office', endOfShift: '20:00' });
    const elsewhere = await createSite(t, { kind: 'delivery_office' });
    // Numbers in the order the lists must show them.
    const [arrivedOut, arrivedOnly, heldBefore, heldDuring, outFailed, outSilent, notOurs] = Array.from({ length: 7 }, () => newTrackingNo()) as [
      string, string, string, string, string, string, string,
    ];
    await postScans(t, [
      { trackingNo: arrivedOut, code: 'ARRIVED', at: at(20, '07:30'), site: office },
      { trackingNo: arrivedOut, code: 'OUT_FOR_DELIVERY', at: at(20, '09:00'), site: office },
      { trackingNo: arrivedOut, code: 'DELIVERED', at: at(20, '11:00'), site: office },
      { trackingNo: arrivedOnly, code: 'AT_DELIVERY_OFFICE', at: at(20, '08:00'), site: office },
      { trackingNo: heldBefore, code: 'HELD', at: at(19, '16:00'), site: office },
      { trackingNo: heldDuring, code: 'HELD', at: at(20, '10:00'), site: office },
      { trackingNo: heldDuring, code: 'OUT_FOR_DELIVERY', at: at(20, '13:00'), site: office },
      { trackingNo: heldDuring, code: 'HELD', at: at(20, '19:00'), site: office },
      { trackingNo: outFailed, code: 'OUT_FOR_DELIVERY', at: at(20, '09:00'), site: office },
      { trackingNo: outFailed, code: 'DELIVERY_FAILED', at: at(20, '15:00'), site: office },
      { trackingNo: outSilent, code: 'OUT_FOR_DELIVERY', at: at(20, '09:00'), site: office },
      // after this office's 20:00 end of shift
      { trackingNo: outSilent, code: 'DELIVERED', at: at(20, '20:30'), site: office },
      { trackingNo: notOurs, code: 'ARRIVED', at: at(20, '08:00'), site: elsewhere },
    ]);

    const res = await t.request('GET', `/api/v1/offices/${office}/reconciliation?date=${D}`, { role: 'viewer' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      office,
      date: D,
      endOfShift: '2026-11-20T20:00:00.000+08:00',
      inbound: { total: 2, handedOver: 1, missing: [arrivedOnly] },
      held: { total: 2, takenOut: 0, stillHeld: [heldBefore, heldDuring] },
      shift: { total: 4, delivered: 1, failed: 1, held: 1, stillOut: [outSilent], balanced: false },
      lists: expect.any(Object),
    });
    // Each figure is the length of its list; the differences are what a whole list lacks.
    const { inbound, held, shift, lists } = res.json();
    const sizes = Object.fromEntries(Object.entries(lists as Record<string, string[]>).map(([k, v]) => [k, v.length]));
    expect(sizes).toEqual({
      inbound: inbound.total,
      handedOver: inbound.handedOver,
      held: held.total,
      takenOut: held.takenOut,
      shift: shift.total,
      delivered: shift.delivered,
      failed: shift.failed,
      heldAtShift: shift.held,
    });
    expect([...lists.handedOver, ...inbound.missing].sort()).toEqual(lists.inbound);
    expect([...lists.takenOut, ...held.stillHeld].sort()).toEqual(lists.held);
    expect([...lists.delivered, ...lists.failed, ...lists.heldAtShift, ...shift.stillOut].sort()).toEqual(lists.shift);
  });

  it('answers 404 for an unknown office and 400 for a unit that is not a delivery office', async () => {
    const t = await newTestApp(ctx);
    const centre = await createSite(t, { kind: 'processing_centre' });

    const unknown = await t.request('GET', `/api/v1/offices/NO-SUCH-OFFICE/reconciliation?date=${D}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: 'unit NO-SUCH-OFFICE not found' } });

    const notOffice = await t.request('GET', `/api/v1/offices/${centre}/reconciliation?date=${D}`);
    expect(notOffice.statusCode).toBe(400);
    expect(notOffice.json()).toMatchObject({ error: { code: 'invalid_request', message: `unit ${centre} is a processing centre, not a delivery office: reconciliation is kept per delivery office` } });
  });

  it('answers 400 naming the date for a missing, malformed or impossible date', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    for (const query of ['', '?date=2026-02-30', '?date=2026-11-2', '?date=20261120', '?date=yesterday']) {
      const res = await t.request('GET', `/api/v1/offices/${office}/reconciliation${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error, query).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/date/) });
    }
  });

  it('answers 401 without a token', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    const res = await t.request('GET', `/api/v1/offices/${office}/reconciliation?date=${D}`, { role: null });
    expect(res.statusCode).toBe(401);
  });
});
