// Address changes and rescheduling (decision 0041): by the post's staff or the program's sponsor, and by
// the recipient from the tracking page with a one-time code; placed by the recipient lists' rules, kept
// as history, the item routed to the new county's delivery office, the recipient told by SMS.
import { describe, expect, it } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { MAX_WRONG_TRIES, requestOneTimeCode } from '../../src/modules/notifications/one-time-code.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, newTestApp, shanghai } from '../factories.js';
import { type DoorItem, delivered, itemAtTheDoor, postDeliveries, signedInCourier } from '../factories-deliveries.js';
import { asPartner, createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice } from '../factories-requests.js';
import { asUser } from '../factories-console.js';
import { readPdf } from '../factories-labels.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const NO_RULES = { recipientOnly: false, idCheck: false };
const DAY = 24 * HOUR;

type Change = { newAddress: string; newDivisionCode: string; oldOffice: { code: string } | null; newOffice: { code: string; name: string | null }; reason: string | null; byKind: string; by: string | null; oldAddress: string | null };
type History = { deliveryOffice: { code: string } | null; changes: Change[]; wishedDate: string | null };

describeEachDialect('address changes and rescheduling', (ctx) => {
  const change = (t: TestApp, trackingNo: string, body: object, role: 'operator' | 'viewer' | 'admin' = 'operator') =>
    t.request('POST', `${V1}/items/${trackingNo}/address-change`, { role, body, headers: { 'accept-language': 'zh-CN' } });
  const history = async (t: TestApp, trackingNo: string): Promise<History> => {
    const res = await t.request('GET', `${V1}/items/${trackingNo}/address-changes`, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as History;
  };
  const templates = async (t: TestApp, trackingNo: string) =>
    (await t.db.selectFrom('notifications').select('template').where('tracking_no', '=', trackingNo).orderBy('id').execute()).map((r) => r.template);
  const fieldOf = (body: string) => (JSON.parse(body) as { error: { details?: { field: string }[] } }).error.details?.[0]?.field;

  it('moves an item to the new county’s office, keeps the old and new address with who and why, and tells the recipient', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const moved = await countyWithOffice(t);
    const oldAddress = (await t.db.selectFrom('items').select('dest_address').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).dest_address;
    const before = await t.request('GET', `${V1}/items/${item.trackingNo}`, { role: 'viewer' });
    expect(before.json().deliveryOffice.code, 'the office chosen when the request was mailed').toBe(item.office);

    const address = addressIn(moved.county);
    const res = await change(t, item.trackingNo, { address, reason: '收件人搬家' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ trackingNo: item.trackingNo, deliveryOffice: { code: moved.office }, change: { newAddress: address, byKind: 'staff', reason: '收件人搬家' } });

    const page = (await t.request('GET', `${V1}/items/${item.trackingNo}`, { role: 'viewer' })).json();
    expect(page.deliveryOffice.code).toBe(moved.office);
    expect(page.destination).toMatchObject({ divisionCode: moved.county.code, address });
    const kept = await history(t, item.trackingNo);
    expect(kept.deliveryOffice?.code).toBe(moved.office);
    expect(kept.changes).toHaveLength(1);
    expect(kept.changes[0]).toMatchObject({ oldAddress, newAddress: address, newDivisionCode: moved.county.code, oldOffice: { code: item.office }, newOffice: { code: moved.office }, byKind: 'staff', reason: '收件人搬家' });
    expect(kept.changes[0]!.by).toMatch(/^token:/);
    expect(await templates(t, item.trackingNo)).toContain('address_changed');
    // A courier at the old office still holds it: the item's scans, not its plan, say where it is.
    const round = await t.db.selectFrom('items').select(['last_event_site', 'delivery_office']).where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow();
    expect(round).toEqual({ last_event_site: item.office, delivery_office: moved.office });
    // A label printed again goes to the new office.
    const label = await t.request('GET', `${V1}/items/${item.trackingNo}/label.pdf`, { role: 'viewer' });
    expect(label.statusCode, label.body).toBe(200);
    const names = await t.db.selectFrom('units').select(['code', 'name']).where('code', 'in', [item.office, moved.office]).execute();
    const nameOf = (code: string) => names.find((u) => u.code === code)!.name;
    const text = (await readPdf(label.rawPayload)).text;
    expect(text).toContain(nameOf(moved.office));
    expect(text, 'the old office is not named').not.toMatch(new RegExp(`${nameOf(item.office)}(?!\\d)`));
  });

  it('refuses an ambiguous, unplaced or unserved address naming the field, and changes nothing', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const cases: [object, string, RegExp][] = [
      [{ address: '朝阳区和平路1号', reason: '搬家' }, 'address', /可能位于/],
      [{ address: '湖北省和平路1号', reason: '搬家' }, 'address', /没有区或县/],
      [{ address: '和平路1号', reason: '搬家' }, 'address', /没有可识别/],
      [{ address: '北京市朝阳区和平路1号', reason: '搬家' }, 'address', /没有投递局/],
      [{ address: '朝阳区和平路1号', divisionCode: '110100', reason: '搬家' }, 'divisionCode', /./],
    ];
    for (const [body, field, text] of cases) {
      const res = await change(t, item.trackingNo, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldOf(res.body), res.body).toBe(field);
      expect(res.json().error.message).toMatch(text);
    }
    expect((await history(t, item.trackingNo)).changes).toEqual([]);
    expect((await history(t, item.trackingNo)).deliveryOffice?.code).toBe(item.office);
    // The county given beside an ambiguous address settles it.
    const settled = await countyWithOffice(t);
    const res = await change(t, item.trackingNo, { address: `${settled.county.name}和平路1号`, divisionCode: settled.county.code, reason: '搬家' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().deliveryOffice.code).toBe(settled.office);
  });

  it('refuses a change once the item is delivered or returned (409, saying why)', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const done = await itemAtTheDoor(t, NO_RULES, place);
    expect(await postDeliveries(t, [delivered(done)])).toMatchObject({ accepted: 1 });
    const res = await change(t, done.trackingNo, { address: addressIn(place.county), reason: '搬家' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.message).toMatch(/已妥投/);

    const back = await itemAtTheDoor(t, NO_RULES, place);
    const scans = await t.request('POST', `${V1}/scans`, { role: 'operator', body: [{ trackingNo: back.trackingNo, code: 'RETURNED', at: shanghai(FIXED_NOW - HOUR), site: place.office }] });
    expect(scans.json()).toMatchObject({ rejected: [] });
    const returned = await change(t, back.trackingNo, { address: addressIn(place.county), reason: '搬家' });
    expect(returned.statusCode, returned.body).toBe(409);
    expect(returned.json().error.message).toMatch(/已退回/);
  });

  it('lets the sponsor change its own program’s items only; other partners, viewers and couriers are refused', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const own = await itemAtTheDoor(t, NO_RULES, place);
    const other = await itemAtTheDoor(t, NO_RULES, place);
    const sponsorOf = async (item: DoorItem) => (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    const { token } = await newPartnerToken(t, await sponsorOf(own));
    const body = { address: addressIn(place.county), reason: '委托方核实新地址' };

    const mine = await asPartner(t, token, 'POST', `${V1}/items/${own.trackingNo}/address-change`, body);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().change).toMatchObject({ byKind: 'partner', reason: '委托方核实新地址' });
    const theirs = await asPartner(t, token, 'POST', `${V1}/items/${other.trackingNo}/address-change`, body);
    expect(theirs.statusCode, 'another sponsor’s item is answered as an unknown one').toBe(404);
    expect((await asPartner(t, token, 'GET', `${V1}/items/${other.trackingNo}/address-changes`)).statusCode).toBe(404);
    expect((await asPartner(t, token, 'GET', `${V1}/items/${own.trackingNo}/address-changes`)).statusCode).toBe(200);

    const stranger = await newPartnerToken(t, (await createLabelledPartner(t.db, 'ADDR')).code);
    expect((await asPartner(t, stranger.token, 'POST', `${V1}/items/${own.trackingNo}/address-change`, body)).statusCode).toBe(404);
    expect((await change(t, own.trackingNo, body, 'viewer')).statusCode).toBe(403);
    const { cookie } = await signedInCourier(t, place.office);
    expect((await asUser(t, cookie, 'POST', `${V1}/items/${own.trackingNo}/address-change`, { body })).statusCode).toBe(403);
    expect((await history(t, other.trackingNo)).changes).toEqual([]);
  });

  describe('the recipient, with a one-time code', () => {
    const codeDeps = (t: TestApp, code: string) => ({ db: t.db, store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), sms: t.config.sms, timeZone: t.config.timeZone, newCode: () => code });
    const phone4 = async (t: TestApp, trackingNo: string) => (await t.db.selectFrom('requests').select('phone_masked').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow()).phone_masked.slice(-4);
    const sendCode = async (t: TestApp, trackingNo: string, code: string, at = t.now) => requestOneTimeCode(codeDeps(t, code), trackingNo, await phone4(t, trackingNo), at);
    const citizen = (t: TestApp, trackingNo: string, what: 'address-change' | 'reschedule', body: object) =>
      t.app.inject({ method: 'POST', url: `${V1}/public/items/${trackingNo}/${what}`, payload: body, headers: { 'accept-language': 'zh-CN' } });

    it('changes the address with the right code, used once; a wrong code names `code`', async () => {
      const t = await newTestApp(ctx);
      const item = await itemAtTheDoor(t, NO_RULES);
      const moved = await countyWithOffice(t);
      await sendCode(t, item.trackingNo, '246810');
      const address = addressIn(moved.county);

      const wrong = await citizen(t, item.trackingNo, 'address-change', { code: '000000', address });
      expect(wrong.statusCode, wrong.body).toBe(400);
      expect(fieldOf(wrong.body)).toBe('code');
      expect(wrong.json().error.message).toMatch(/验证码错误/);
      const unplaced = await citizen(t, item.trackingNo, 'address-change', { code: '246810', address: '朝阳区和平路1号' });
      expect(unplaced.statusCode, 'the address is checked before the code is used').toBe(400);
      expect(fieldOf(unplaced.body)).toBe('address');

      const ok = await citizen(t, item.trackingNo, 'address-change', { code: '246810', address });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().message).toMatch(/地址已变更/);
      const again = await citizen(t, item.trackingNo, 'address-change', { code: '246810', address });
      expect(again.statusCode, 'a code works once').toBe(400);
      const kept = await history(t, item.trackingNo);
      expect(kept.deliveryOffice?.code).toBe(moved.office);
      expect(kept.changes).toMatchObject([{ newAddress: address, byKind: 'recipient', by: null, reason: null }]);
    });

    it('locks the item after too many wrong codes, right code included (429)', async () => {
      const t = await newTestApp(ctx);
      const item = await itemAtTheDoor(t, NO_RULES);
      await sendCode(t, item.trackingNo, '135790');
      const body = { code: '000000', date: '2099-01-01' };
      const tomorrow = shanghai(t.now + DAY).slice(0, 10);
      for (let i = 0; i < MAX_WRONG_TRIES; i++) expect((await citizen(t, item.trackingNo, 'reschedule', { ...body, date: tomorrow })).statusCode).toBe(400);
      const locked = await citizen(t, item.trackingNo, 'reschedule', { code: '135790', date: tomorrow });
      expect(locked.statusCode, locked.body).toBe(429);
      expect(locked.json().error.message).toMatch(/锁定/);
      expect((await history(t, item.trackingNo)).wishedDate).toBeNull();
    });

    it('takes another day from tomorrow to 14 days ahead, the latest ask winning, and not after delivery', async () => {
      const t = await newTestApp(ctx);
      const place = await countyWithOffice(t);
      const item = await itemAtTheDoor(t, NO_RULES, place);
      const day = (n: number) => shanghai(t.now + n * DAY).slice(0, 10);
      for (const n of [0, 15, -1]) {
        const res = await citizen(t, item.trackingNo, 'reschedule', { code: '111111', date: day(n) });
        expect(res.statusCode, `${day(n)}: ${res.body}`).toBe(400);
        expect(fieldOf(res.body)).toBe('date');
      }
      expect((await citizen(t, item.trackingNo, 'reschedule', { code: '111111', date: '2026-02-30' })).statusCode).toBe(400);

      await sendCode(t, item.trackingNo, '111111');
      const first = await citizen(t, item.trackingNo, 'reschedule', { code: '111111', date: day(1) });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().message).toContain(day(1));
      await sendCode(t, item.trackingNo, '222222', t.now + 2 * MINUTE);
      expect((await citizen(t, item.trackingNo, 'reschedule', { code: '222222', date: day(14) })).statusCode).toBe(200);
      expect((await history(t, item.trackingNo)).wishedDate).toBe(day(14));
      // The office sees the wish on its round.
      const round = await t.request('GET', `${V1}/deliveries/today?office=${place.office}`, { role: 'operator' });
      expect(round.statusCode, round.body).toBe(200);
      expect((round.json() as { items: { trackingNo: string; wishedDate?: string }[] }).items.find((i) => i.trackingNo === item.trackingNo)?.wishedDate).toBe(day(14));
      // And on the office page, beside the attempt that failed because the recipient asked for another day.
      expect(await postDeliveries(t, [delivered(item, { outcome: 'failed', receivedBy: undefined, reason: 'RESCHEDULE_REQUESTED' })])).toMatchObject({ accepted: 1 });
      const officePage = await t.request('GET', `${V1}/offices/${place.office}/deliveries?date=${shanghai(FIXED_NOW - HOUR).slice(0, 10)}`, { role: 'viewer' });
      expect(officePage.statusCode, officePage.body).toBe(200);
      expect((officePage.json() as { attemptList: { trackingNo: string; wishedDate?: string }[] }).attemptList).toEqual([
        expect.objectContaining({ trackingNo: item.trackingNo, outcome: 'failed', wishedDate: day(14) }),
      ]);

      const done = await itemAtTheDoor(t, NO_RULES, place);
      expect(await postDeliveries(t, [delivered(done)])).toMatchObject({ accepted: 1 });
      await sendCode(t, done.trackingNo, '333333');
      const late = await citizen(t, done.trackingNo, 'reschedule', { code: '333333', date: day(2) });
      expect(late.statusCode, late.body).toBe(409);
    });
  });
});
