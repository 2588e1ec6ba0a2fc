import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, newTestApp, shanghai } from '../factories.js';
import { asUser } from '../factories-console.js';
import { countyWithOffice } from '../factories-requests.js';
import { delivered, itemAtTheDoor, postDeliveries, signedInCourier } from '../factories-deliveries.js';
import { describeEachDialect } from '../test-db.js';

type Round = {
  office: string;
  items: { trackingNo: string; state: string; since: string; operator: string | null; program: string | null; address: string | null; requirements: Record<string, unknown> }[];
  truncated: boolean;
};

describeEachDialect('GET /api/v1/deliveries/today', (ctx) => {
  it('lists a courier’s office: the items out for delivery and those held, with what each program asks; an outcome takes an item off', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const out = await itemAtTheDoor(t, { recipientOnly: true, idCheck: true }, place);
    const held = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false }, place);
    const done = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false }, place);
    const elsewhere = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false });
    const scans = await t.request('POST', '/api/v1/scans', {
      role: 'operator',
      body: [{ trackingNo: held.trackingNo, code: 'HELD', at: shanghai(FIXED_NOW - 2 * HOUR), site: place.office, operator: '柜台 王五' }],
    });
    expect(scans.json()).toMatchObject({ accepted: 1, rejected: [] });
    expect(await postDeliveries(t, [delivered(done)])).toMatchObject({ accepted: 1 });

    const { cookie } = await signedInCourier(t, place.office);
    const res = await asUser(t, cookie, 'GET', '/api/v1/deliveries/today');
    expect(res.statusCode, res.body).toBe(200);
    const round = res.json() as Round;
    expect(round.office).toBe(place.office);
    expect(round.truncated).toBe(false);
    // Newest first: held two hours ago, out three hours ago; the delivered one and the other office's are not listed.
    expect(round.items.map((i) => [i.trackingNo, i.state, i.since, i.operator])).toEqual([
      [held.trackingNo, 'held', shanghai(FIXED_NOW - 2 * HOUR), '柜台 王五'],
      [out.trackingNo, 'out', shanghai(FIXED_NOW - 3 * HOUR), null],
    ]);
    expect(round.items[1]).toMatchObject({ program: out.program, requirements: { recipientOnly: true, idCheck: true, activationBank: null } });
    expect(round.items[1]!.address).toContain(place.county.name);
    expect(res.body).not.toContain(elsewhere.trackingNo);

    // Read right after a write: the outcome recorded, the item leaves the list.
    expect(await postDeliveries(t, [delivered(out, { idNumber: out.idNumber })])).toMatchObject({ accepted: 1 });
    const after = (await asUser(t, cookie, 'GET', '/api/v1/deliveries/today')).json() as Round;
    expect(after.items.map((i) => i.trackingNo)).toEqual([held.trackingNo]);
  });

  it('keeps a courier to their office, and has the post’s staff name one', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const other = await countyWithOffice(t);
    const item = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false }, place);
    const { cookie } = await signedInCourier(t, place.office);

    const own = await asUser(t, cookie, 'GET', `/api/v1/deliveries/today?office=${place.office}`);
    expect(own.statusCode, own.body).toBe(200);
    const refused = await asUser(t, cookie, 'GET', `/api/v1/deliveries/today?office=${other.office}`, { headers: { 'accept-language': 'zh-CN' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('本投递局') } });

    const staff = await t.request('GET', `/api/v1/deliveries/today?office=${place.office}`, { role: 'viewer' });
    expect(staff.statusCode, staff.body).toBe(200);
    expect((staff.json() as Round).items.map((i) => i.trackingNo)).toEqual([item.trackingNo]);
    const none = await t.request('GET', '/api/v1/deliveries/today', { role: 'viewer' });
    expect(none.statusCode).toBe(400);
    const unknown = await t.request('GET', '/api/v1/deliveries/today?office=99999999', { role: 'viewer' });
    expect(unknown.statusCode).toBe(404);
  });
});
