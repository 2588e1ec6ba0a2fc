import { randomUUID } from 'node:crypto';
import { beforeEach, expect, it, vi } from 'vitest';
import { addDays, formatLocalDate, localDateOf, parseLocalDate } from '../../src/domain/local-day.js';
import { type HeldNotice, notifyHeld } from '../../src/modules/notifications/notify-held.js';
import { FIXED_NOW, HOUR, type TestApp, newTestApp, shanghai } from '../factories.js';
import { type DoorItem, delivered, itemAtTheDoor, postDeliveries } from '../factories-deliveries.js';
import { newPartnerToken } from '../factories-partners.js';
import { countyWithOffice, createPartner } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

// The clear code goes only to the recipient's notice (stored masked): the test takes it there.
// notifications.test.ts shows what the notice stores and sends.
vi.mock('../../src/modules/notifications/notify-held.js', () => ({ notifyHeld: vi.fn(async () => true) }));
const notified = () => vi.mocked(notifyHeld).mock.calls.map(([, n]) => n as HeldNotice);
beforeEach(() => vi.mocked(notifyHeld).mockClear());

const ZONE = 'Asia/Shanghai';
const NO_RULES = { recipientOnly: false, idCheck: false };
const day = (ms: number, plus = 0) => formatLocalDate(addDays(localDateOf(ms, ZONE), plus));
const TODAY = day(FIXED_NOW);

/** Failed attempts at the item's office, each out for delivery first, `reasons` in order, ending half an hour before now. */
function attempts(item: DoorItem, reasons: string[]): { outcomes: Record<string, unknown>[]; scans: Record<string, unknown>[]; at: number[] } {
  const at = reasons.map((_, i) => FIXED_NOW - (reasons.length - i) * 0.5 * HOUR);
  return {
    at,
    outcomes: reasons.map((reason, i) => ({ clientId: randomUUID(), trackingNo: item.trackingNo, outcome: 'failed', at: shanghai(at[i]!), site: item.office, reason })),
    // Every attempt after the first goes out again.
    scans: at.slice(1).map((ms) => ({ trackingNo: item.trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(ms - 0.2 * HOUR), site: item.office })),
  };
}

async function failThrice(t: TestApp, item: DoorItem, reasons = ['RECIPIENT_ABSENT', 'PHONE_UNREACHABLE', 'RECIPIENT_ABSENT']) {
  const a = attempts(item, reasons);
  if (a.scans.length > 0) expect((await t.request('POST', '/api/v1/scans', { role: 'operator', body: a.scans })).json()).toMatchObject({ rejected: [] });
  expect(await postDeliveries(t, a.outcomes)).toMatchObject({ accepted: reasons.length, rejected: [] });
  return a;
}

async function officeDay(t: TestApp, office: string, date = TODAY, role: 'viewer' | 'operator' = 'viewer') {
  const res = await t.request('GET', `/api/v1/offices/${office}/deliveries?date=${date}`, { role });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function returnsDue(t: TestApp, office: string, date: string) {
  const res = await t.request('GET', `/api/v1/offices/${office}/returns-due?date=${date}`, { role: 'viewer' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { office: string; date: string; items: { trackingNo: string; why: string; lastDay: string | null; attempts: number }[] };
}

describeEachDialect('holding, pickup codes and returns due', (ctx) => {
  it('holds an item after its program’s last failed attempt (3 by default), with a pickup code made, stored hashed and shown masked', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const a = attempts(item, ['RECIPIENT_ABSENT', 'PHONE_UNREACHABLE', 'RECIPIENT_ABSENT']);
    await t.request('POST', '/api/v1/scans', { role: 'operator', body: a.scans });
    expect(await postDeliveries(t, a.outcomes.slice(0, 2))).toMatchObject({ accepted: 2 });
    expect((await officeDay(t, item.office)).held).toEqual([]);
    expect(notified()).toEqual([]);

    expect(await postDeliveries(t, a.outcomes.slice(2))).toMatchObject({ accepted: 1 });
    const lastDay = day(a.at[2]!, 7);
    expect(notified()).toEqual([{ trackingNo: item.trackingNo, pickupCode: expect.stringMatching(/^\d{6}$/), office: item.office, lastDay }]);
    const code = notified()[0]!.pickupCode;

    const page = await officeDay(t, item.office, day(a.at[2]!));
    expect(page.held).toEqual([
      { trackingNo: item.trackingNo, since: shanghai(a.at[2]!), lastDay, attempts: 3, shelved: false, pickupCode: `****${code.slice(-2)}`, pickupCodeLocked: false },
    ]);
    expect(JSON.stringify(page)).not.toContain(code);
    const rows = await t.db.selectFrom('pickup_codes').selectAll().where('tracking_no', '=', item.trackingNo).execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    // Songda writes no HELD event of its own: the item stays as its scans say until the office shelves it.
    const status = await t.db.selectFrom('items').select('status').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow();
    expect(status.status).toBe('DELIVERY_FAILED');

    // Up to its last day it waits; the day after it is due to return.
    expect((await returnsDue(t, item.office, lastDay)).items).toEqual([]);
    expect((await returnsDue(t, item.office, formatLocalDate(addDays(parseLocalDate(lastDay)!, 1)))).items).toEqual([
      { trackingNo: item.trackingNo, why: 'hold_expired', whyLabel: 'Holding period over', since: shanghai(a.at[2]!), lastDay, attempts: 3 },
    ]);
  });

  it('takes the program’s own attempts and holding days, shown on the program only when it sets them', async () => {
    const t = await newTestApp(ctx);
    const agency = await createPartner(t.db, { kind: 'agency' });
    const input = (code: string, extra: object) => ({
      code,
      name: `项目 ${code}`,
      documentType: '优待证',
      sponsor: agency,
      payerMode: 'government',
      requirements: { recipientOnly: false, idCheck: false, ...extra },
      slaDays: 7,
    });
    const res = await t.request('POST', '/api/v1/programs', { body: [input('HOLD1', { maxAttempts: 1, holdDays: 2 }), input('HOLDDEF', {}), input('HOLDBAD', { maxAttempts: 0 })] });
    expect(res.json().map((r: { field?: string }) => r.field)).toEqual([undefined, undefined, 'requirements.maxAttempts']);
    expect((await t.request('GET', '/api/v1/programs/HOLD1')).json().requirements).toEqual({ recipientOnly: false, idCheck: false, maxAttempts: 1, holdDays: 2 });
    expect((await t.request('GET', '/api/v1/programs/HOLDDEF')).json().requirements).toEqual({ recipientOnly: false, idCheck: false });

    const item = await itemAtTheDoor(t, NO_RULES);
    await t.db.updateTable('items').set({ program_code: 'HOLD1' }).where('tracking_no', '=', item.trackingNo).execute();
    const a = await failThrice(t, item, ['RECIPIENT_ABSENT']);
    expect(notified()).toHaveLength(1);
    expect(notified()[0]!.lastDay).toEqual(day(a.at[0]!, 2));
    expect((await returnsDue(t, item.office, day(a.at[0]!, 3))).items.map((i) => i.trackingNo)).toEqual([item.trackingNo]);
  });

  it('sends a refused item straight to returns due; a RETURNED scan starts its way back and takes it off the list', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const a = await failThrice(t, item, ['REFUSED']);
    expect(notified()).toEqual([]);
    expect((await returnsDue(t, item.office, TODAY)).items).toEqual([
      { trackingNo: item.trackingNo, why: 'refused', whyLabel: 'Refused', since: shanghai(a.at[0]!), lastDay: null, attempts: 1 },
    ]);
    const back = await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: item.trackingNo, code: 'RETURNED', at: shanghai(FIXED_NOW - 0.1 * HOUR), site: item.office }] });
    expect(back.json()).toMatchObject({ accepted: 1, rejected: [] });
    expect((await returnsDue(t, item.office, TODAY)).items).toEqual([]);
    expect((await t.db.selectFrom('items').select('status').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).status).toBe('RETURNED');
  });

  it('counts plain DELIVERY_FAILED scans as attempts; an item held by scans alone gets its code when staff issue one', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const a = attempts(item, ['RECIPIENT_ABSENT', 'BUSINESS_CLOSED', 'RECIPIENT_ABSENT']);
    const failures = a.at.map((ms) => ({ trackingNo: item.trackingNo, code: 'DELIVERY_FAILED', at: shanghai(ms), site: item.office, reason: 'RECIPIENT_ABSENT' }));
    expect((await t.request('POST', '/api/v1/scans', { role: 'operator', body: [...a.scans, ...failures] })).json()).toMatchObject({ rejected: [] });
    const page = await officeDay(t, item.office, day(a.at[2]!));
    expect(page.held).toMatchObject([{ trackingNo: item.trackingNo, attempts: 3, pickupCode: null }]);

    const viewer = await t.request('POST', `/api/v1/items/${item.trackingNo}/pickup-code`, { role: 'viewer' });
    expect(viewer.statusCode).toBe(403);
    const issued = await t.request('POST', `/api/v1/items/${item.trackingNo}/pickup-code`, { role: 'operator' });
    expect(issued.statusCode, issued.body).toBe(200);
    const code = notified()[0]!.pickupCode;
    expect(issued.json()).toEqual({ trackingNo: item.trackingNo, office: item.office, pickupCode: `****${code.slice(-2)}` });
    expect((await officeDay(t, item.office, day(a.at[2]!))).held[0].pickupCode).toBe(`****${code.slice(-2)}`);

    const moving = await itemAtTheDoor(t, NO_RULES);
    const refused = await t.request('POST', `/api/v1/items/${moving.trackingNo}/pickup-code`, { role: 'operator' });
    expect(refused.statusCode).toBe(409);
  });

  it('checks the pickup code at the counter: a wrong one is refused and counted toward a lock; a new code replaces the old', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    await failThrice(t, item);
    const code = notified()[0]!.pickupCode;
    const wrong = code === '000000' ? '000001' : '000000';
    const counter = (pickupCode: string) => delivered(item, { receivedBy: 'counter', pickupCode, at: shanghai(FIXED_NOW - 0.1 * HOUR) });

    const answer = await postDeliveries(t, [counter(wrong), counter(wrong)]);
    expect(answer.rejected.map((r) => [r.index, r.field, r.requirement])).toEqual([
      [0, 'pickupCode', 'pickup_code_wrong'],
      [1, 'pickupCode', 'pickup_code_wrong'],
    ]);
    expect(Number((await t.db.selectFrom('pickup_codes').select('wrong_tries').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).wrong_tries)).toBe(2);
    const audited = await t.db.selectFrom('audit_log').select(['subject', 'detail']).where('action', '=', 'delivery.pickup_code_wrong').where('subject', '=', item.trackingNo).execute();
    expect(audited).toHaveLength(2);
    // The code tried is kept nowhere.
    expect(audited.map((a) => JSON.parse(a.detail ?? '{}'))).toEqual([{}, {}]);
    await postDeliveries(t, [counter(wrong), counter(wrong), counter(wrong)]);
    // Locked: the right code no longer works either.
    expect((await postDeliveries(t, [counter(code)])).rejected).toMatchObject([{ field: 'pickupCode', requirement: 'pickup_code_locked' }]);
    expect((await officeDay(t, item.office)).held[0]).toMatchObject({ pickupCodeLocked: true });

    expect((await t.request('POST', `/api/v1/items/${item.trackingNo}/pickup-code`, { role: 'operator' })).statusCode).toBe(200);
    const fresh = notified()[1]!.pickupCode;
    if (fresh !== code) expect((await postDeliveries(t, [counter(code)])).rejected).toMatchObject([{ requirement: 'pickup_code_wrong' }]);
    expect(await postDeliveries(t, [counter(fresh)])).toMatchObject({ accepted: 1, rejected: [] });
    expect((await t.db.selectFrom('items').select('status').where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow()).status).toBe('DELIVERED');
    expect((await officeDay(t, item.office)).held).toEqual([]);
  });

  it('shows the office’s day: attempts, failures by reason, in Chinese first', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    const item = await itemAtTheDoor(t, NO_RULES, place);
    const other = await itemAtTheDoor(t, NO_RULES, place);
    const a = await failThrice(t, item);
    expect(await postDeliveries(t, [delivered(other, { at: shanghai(FIXED_NOW - 0.2 * HOUR) })])).toMatchObject({ accepted: 1 });
    const date = day(a.at[2]!);
    const onDay = a.at.filter((ms) => day(ms) === date).length;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/offices/${item.office}/deliveries?date=${date}`, headers: { authorization: `Bearer ${t.tokens.viewer}`, 'accept-language': 'zh-CN' } });
    const page = res.json();
    expect(page.office).toBe(item.office);
    expect(page.attempts).toEqual({ total: onDay + (day(FIXED_NOW - 0.2 * HOUR) === date ? 1 : 0), delivered: day(FIXED_NOW - 0.2 * HOUR) === date ? 1 : 0, failed: onDay });
    expect(page.failuresByReason[0]).toMatchObject({ reason: 'RECIPIENT_ABSENT', label: '收件人不在' });
    expect(page.attemptList.filter((x: { outcome: string }) => x.outcome === 'failed').map((x: { reasonLabel: string }) => x.reasonLabel)).toContain('收件人不在');

    const notOffice = await t.request('GET', `/api/v1/offices/NO-SUCH/deliveries?date=${date}`, { role: 'viewer' });
    expect(notOffice.statusCode).toBe(404);
    const badDate = await t.request('GET', `/api/v1/offices/${item.office}/returns-due?date=2026-13-01`, { role: 'viewer' });
    expect(badDate.statusCode).toBe(400);
  });

  it('refuses a partner’s credential on the office routes', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const { token } = await newPartnerToken(t, await createPartner(t.db, { kind: 'agency' }));
    for (const url of [`/api/v1/offices/${item.office}/deliveries?date=${TODAY}`, `/api/v1/offices/${item.office}/returns-due?date=${TODAY}`]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode, url).toBe(403);
    }
  });
});
