import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, type TestApp, newTestApp, shanghai } from '../factories.js';
import { asUser } from '../factories-console.js';
import { type DoorItem, PNG_BYTES, dataUrl, delivered, itemAtTheDoor, postDeliveries, signedInCourier } from '../factories-deliveries.js';
import { describeEachDialect } from '../test-db.js';

const DELIVERY_AT = FIXED_NOW - HOUR;
const DAY = shanghai(DELIVERY_AT).slice(0, 10);

/** A DELIVERED scan from a scanner, through POST /scans: no proof. */
async function scanDelivered(t: TestApp, item: DoorItem): Promise<void> {
  const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: item.trackingNo, code: 'DELIVERED', at: shanghai(DELIVERY_AT), site: item.office }] });
  expect(res.json()).toMatchObject({ accepted: 1, rejected: [] });
}

async function breakpointsOf(t: TestApp, item: DoorItem) {
  return t.db.selectFrom('breakpoints').select(['type', 'responsible_unit', 'opened_at', 'closed_at']).where('tracking_no', '=', item.trackingNo).execute();
}

async function openProofBreakpoints(t: TestApp, path: string): Promise<string[]> {
  const res = await t.request('GET', path, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { rows: { trackingNo: string; type: string }[] }).rows.filter((r) => r.type === 'MISSING_PROOF').map((r) => r.trackingNo);
}

const proof = (body: Record<string, unknown>) => ({ clientId: `proof-${Math.random()}`, receivedBy: 'recipient', ...body });

describeEachDialect('MISSING_PROOF and POST /items/:trackingNo/proof', (ctx) => {
  it('opens MISSING_PROOF on the delivery office for a plain DELIVERED scan of a program that requires proof; proof attached later closes it', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: true, idCheck: false });
    await scanDelivered(t, item);

    expect((await t.db.selectFrom('items').select('status').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).status).toBe('DELIVERED');
    const opened = await breakpointsOf(t, item);
    expect(opened.map((b) => [b.type, b.responsible_unit, Number(b.opened_at), b.closed_at])).toEqual([['MISSING_PROOF', item.office, DELIVERY_AT, null]]);
    expect(await openProofBreakpoints(t, '/api/v1/breakpoints?status=open')).toEqual([item.trackingNo]);
    expect(await openProofBreakpoints(t, `/api/v1/units/${item.office}/breakpoints`)).toEqual([item.trackingNo]);
    expect(await openProofBreakpoints(t, '/api/v1/breakpoints?status=open&type=MISSING_PROOF')).toEqual([item.trackingNo]);
    const zh = await t.request('GET', `/api/v1/units/${item.office}/breakpoints`, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });
    expect((zh.json() as { rows: { detail: string }[] }).rows.map((r) => r.detail)).toEqual(['以普通扫描妥投，项目要求的妥投凭证未录入']);

    // A later scan (a second delivery scan at another instant) closes no MISSING_PROOF: only proof does.
    await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: item.trackingNo, code: 'DELIVERED', at: shanghai(DELIVERY_AT + 60_000), site: item.office }] });
    expect((await breakpointsOf(t, item)).filter((b) => b.type === 'MISSING_PROOF').map((b) => b.closed_at)).toEqual([null]);

    // The same checks as a delivered outcome: a family member is refused for a recipient-only program.
    const refused = await t.request('POST', `/api/v1/items/${item.trackingNo}/proof`, { role: 'operator', body: proof({ receivedBy: 'family' }) });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'invalid_request', details: { field: 'receivedBy', requirement: 'recipient_only' } } });
    expect((await breakpointsOf(t, item)).filter((b) => b.type === 'MISSING_PROOF').map((b) => b.closed_at)).toEqual([null]);

    const body = proof({ receiverName: '张三丰', signature: dataUrl('image/png', PNG_BYTES) });
    const res = await t.request('POST', `/api/v1/items/${item.trackingNo}/proof`, { role: 'operator', body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ trackingNo: item.trackingNo, at: shanghai(DELIVERY_AT), site: item.office, duplicate: false });
    const closed = (await breakpointsOf(t, item)).filter((b) => b.type === 'MISSING_PROOF');
    expect(closed.map((b) => [b.type, Number(b.closed_at)])).toEqual([['MISSING_PROOF', FIXED_NOW]]);
    expect(await openProofBreakpoints(t, '/api/v1/breakpoints?status=open')).toEqual([]);
    // No second event: the proof belongs to the stored delivery.
    const codes = await t.db.selectFrom('scan_events').select('code').where('tracking_no', '=', item.trackingNo).execute();
    expect(codes.filter((e) => e.code === 'DELIVERED')).toHaveLength(2);
    const view = (await t.request('GET', `/api/v1/items/${item.trackingNo}/delivery`, { role: 'viewer' })).json() as { outcomes: unknown[] };
    expect(view.outcomes).toMatchObject([{ outcome: 'delivered', at: shanghai(DELIVERY_AT), site: item.office, receivedBy: 'recipient', receiverMasked: '张*丰', images: ['signature'] }]);

    const again = await t.request('POST', `/api/v1/items/${item.trackingNo}/proof`, { role: 'operator', body });
    expect(again.json()).toMatchObject({ duplicate: true });
    const other = await t.request('POST', `/api/v1/items/${item.trackingNo}/proof`, { role: 'operator', body: proof({}) });
    expect(other.statusCode).toBe(409);
    expect(await t.db.selectFrom('delivery_outcomes').select('id').where('tracking_no', '=', item.trackingNo).execute()).toHaveLength(1);
  });

  it('opens nothing for a program that asks no proof, nor for a delivery recorded with its proof through POST /deliveries', async () => {
    const t = await newTestApp(ctx);
    const plain = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false });
    await scanDelivered(t, plain);
    const withProof = await itemAtTheDoor(t, { recipientOnly: true, idCheck: true });
    expect(await postDeliveries(t, [delivered(withProof, { idNumber: withProof.idNumber })])).toMatchObject({ accepted: 1 });
    expect(await breakpointsOf(t, plain)).toEqual([]);
    expect(await breakpointsOf(t, withProof)).toEqual([]);
  });

  it('closes MISSING_PROOF when the courier later records the delivered outcome through POST /deliveries', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: false, idCheck: true });
    await scanDelivered(t, item);
    expect(await postDeliveries(t, [delivered(item, { idNumber: item.idNumber, at: shanghai(DELIVERY_AT) })])).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    expect((await breakpointsOf(t, item)).map((b) => [b.type, Number(b.closed_at)])).toEqual([['MISSING_PROOF', FIXED_NOW]]);
  });

  it('takes proof from the couriers of the delivery office only, answers an item not delivered as a conflict', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: true, idCheck: false });
    const notYet = await t.request('POST', `/api/v1/items/${item.trackingNo}/proof`, { role: 'operator', body: proof({}) });
    expect(notYet.statusCode).toBe(409);
    await scanDelivered(t, item);
    const elsewhere = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false });
    const stranger = await signedInCourier(t, elsewhere.office);
    expect((await asUser(t, stranger.cookie, 'POST', `/api/v1/items/${item.trackingNo}/proof`, { body: proof({}) })).statusCode).toBe(404);
    const courier = await signedInCourier(t, item.office);
    const res = await asUser(t, courier.cookie, 'POST', `/api/v1/items/${item.trackingNo}/proof`, { body: proof({}) });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('leaves the break-point rate, the overview and the program report as they were: MISSING_PROOF is counted apart', async () => {
    const t = await newTestApp(ctx);
    const unproven = await itemAtTheDoor(t, { recipientOnly: true, idCheck: false });
    const proven = await itemAtTheDoor(t, { recipientOnly: true, idCheck: false });
    await scanDelivered(t, proven);
    const proofRes = await t.request('POST', `/api/v1/items/${proven.trackingNo}/proof`, { role: 'operator', body: proof({}) });
    expect(proofRes.statusCode).toBe(200);
    const rate = async () => (await t.request('GET', `/api/v1/reports/breakpoint-rate?from=${DAY}&to=${DAY}&groupBy=unit`, { role: 'viewer' })).json() as unknown;
    const overview = async () => {
      const o = (await t.request('GET', `/api/v1/reports/overview?from=${DAY}&to=${DAY}`, { role: 'viewer' })).json() as { range: unknown; openBreakpointsByType: { type: string; count: number }[] };
      return { range: o.range, missingProof: o.openBreakpointsByType.find((b) => b.type === 'MISSING_PROOF')?.count };
    };
    const report = async (item: DoorItem) => (await t.request('GET', `/api/v1/programs/${item.program}/report?from=${DAY}&to=${DAY}`, { role: 'viewer' })).json() as Record<string, unknown>;

    // The same item delivered with its proof a moment ago: the figures before the MISSING_PROOF.
    const rateBefore = await rate();
    const overviewBefore = await overview();
    await scanDelivered(t, unproven);
    expect((await breakpointsOf(t, unproven)).map((b) => b.type)).toEqual(['MISSING_PROOF']);
    const rateAfter = await rate();
    const overviewAfter = await overview();

    // Other tests of this file may share the store: the figures are compared, before and after.
    expect(rateAfter).toEqual(rateBefore);
    const rateFigures = (o: Awaited<ReturnType<typeof overview>>) => {
      const { items, withBreakpoint, breakpointRate } = o.range as { items: number; withBreakpoint: number; breakpointRate: number };
      return { items, withBreakpoint, breakpointRate };
    };
    expect(rateFigures(overviewAfter)).toEqual(rateFigures(overviewBefore));
    // The overview's break-points by type are the route's: a delivery without proof is not among them.
    expect(overviewAfter.missingProof).toBeUndefined();
    expect(await report(unproven)).toMatchObject({ delivered: 1, mailed: 1 });
    expect(await report(proven)).toMatchObject({ delivered: 1, mailed: 1 });
  });
});
