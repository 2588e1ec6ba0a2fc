// What an admin sets for work orders through the API: a program's green channel, own deadlines and
// proactive service, a partner's green channel, a unit's working calendar. Each is audited, refused to
// non-admins, and read by the next order at once.
import { expect, it } from 'vitest';
import { policyFor } from '../../src/domain/work-order-clock.js';
import { FIXED_NOW, MINUTE, type TestApp, newTestApp } from '../factories.js';
import { itemAtTheDoor } from '../factories-deliveries.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const NO_RULES = { recipientOnly: false, idCheck: false };

type Order = { priority: string; greenChannel: boolean; firstResponse: { dueAt: string }; resolution: { dueAt: string } };

const put = (t: TestApp, url: string, body: unknown, role: 'admin' | 'operator' = 'admin') =>
  t.app.inject({ method: 'PUT', url, payload: body as object, headers: { authorization: `Bearer ${t.tokens[role]}` } });
const fieldOf = (body: string) => (JSON.parse(body) as { error: { details?: { field: string }[] } }).error.details?.[0]?.field;

describeEachDialect('work-order settings', (ctx) => {
  const openOrder = async (t: TestApp, trackingNo: string): Promise<Order> => {
    const res = await t.request('POST', `${V1}/work-orders`, { role: 'operator', body: { type: 'complaint', channel: 'phone', trackingNo, description: '投诉' } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Order;
  };
  const audited = async (t: TestApp, action: string) => (await t.db.selectFrom('audit_log').select(['subject', 'actor']).where('action', '=', action).execute()).map((r) => r.subject);

  it('sets a program’s own deadlines and green channel, read by the next order at once; null goes back to the defaults', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const url = `${V1}/work-orders/settings/programs/${item.program}`;
    const before = await t.request('GET', url, { role: 'viewer' });
    expect(before.json()).toEqual({ programCode: item.program, greenChannel: false, sponsorGreenChannel: false, policy: null });

    const policy = { complaint: { firstResponseMinutes: 30, resolutionMinutes: 240 }, proactive: { afterHours: 48 } };
    const set = await put(t, url, { greenChannel: true, policy });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ programCode: item.program, greenChannel: true, sponsorGreenChannel: false, policy });
    expect(await audited(t, 'program.workOrderSettings')).toContain(item.program);

    const order = await openOrder(t, item.trackingNo);
    expect(order).toMatchObject({ greenChannel: true, priority: 'urgent' });
    // Urgent halves the program's own minutes; the test app's units work around the clock.
    expect(Date.parse(order.firstResponse.dueAt) - FIXED_NOW).toBe(15 * MINUTE);
    expect(Date.parse(order.resolution.dueAt) - FIXED_NOW).toBe(120 * MINUTE);

    const reset = await put(t, url, { greenChannel: false, policy: null });
    expect(reset.json()).toMatchObject({ greenChannel: false, policy: null });
    const plain = await openOrder(t, (await itemAtTheDoor(t, NO_RULES)).trackingNo);
    expect(plain.priority).toBe('normal');
    expect(Date.parse(plain.firstResponse.dueAt) - FIXED_NOW).toBe(policyFor('complaint', 'normal').firstResponseMinutes * MINUTE);
  });

  it('names the field of a bad policy or calendar, and changes nothing', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const auditsBefore = (await audited(t, 'program.workOrderSettings')).length;
    const bad = await put(t, `${V1}/work-orders/settings/programs/${item.program}`, { policy: { complaint: { resolutionMinutes: 0 } } });
    expect(bad.statusCode).toBe(400);
    expect(fieldOf(bad.body)).toBe('policy.complaint.resolutionMinutes');
    const unknownType = await put(t, `${V1}/work-orders/settings/programs/${item.program}`, { policy: { praise: {} } });
    expect(unknownType.statusCode).toBe(400);

    const calendar = { timeZone: 'Asia/Shanghai', hours: { open: '08:00', close: '25:00', weekdays: [1, 2, 3, 4, 5] }, holidays: [], workdays: [] };
    const badCalendar = await put(t, `${V1}/work-orders/settings/units/${item.office}`, { calendar });
    expect(badCalendar.statusCode, badCalendar.body).toBe(400);
    expect(badCalendar.body).toContain('close');
    // The console shows the refusal beside the field it names.
    expect(fieldOf(badCalendar.body)).toBe('calendar.hours.close');
    expect((await t.request('GET', `${V1}/work-orders/settings/units/${item.office}`, { role: 'viewer' })).json()).toEqual({ unit: item.office, calendar: null });
    expect((await t.request('GET', `${V1}/work-orders/settings/programs/${item.program}`, { role: 'viewer' })).json()).toMatchObject({ policy: null });
    expect(await audited(t, 'program.workOrderSettings')).toHaveLength(auditsBefore);
  });

  it('sets a unit’s calendar, which the next order’s deadlines count on', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    // The test's now is 2026-11-21 12:00 in Shanghai, a Saturday: an office that works Monday to Friday
    // 08:00–17:00 starts counting on Monday at 08:00.
    const calendar = { timeZone: 'Asia/Shanghai', hours: { open: '08:00', close: '17:00', weekdays: [1, 2, 3, 4, 5] }, holidays: [], workdays: [] };
    const set = await put(t, `${V1}/work-orders/settings/units/${item.office}`, { calendar });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ unit: item.office, calendar });
    expect(await audited(t, 'unit.workCalendar')).toContain(item.office);
    const order = await openOrder(t, item.trackingNo);
    const firstResponse = policyFor('complaint', 'normal').firstResponseMinutes;
    expect(Date.parse(order.firstResponse.dueAt)).toBe(Date.parse('2026-11-23T08:00:00+08:00') + firstResponse * MINUTE);
  });

  it('puts a partner on the green channel: its programs’ orders start urgent', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    const set = await put(t, `${V1}/work-orders/settings/partners/${sponsor}`, { greenChannel: true });
    expect(set.json()).toEqual({ partner: sponsor, greenChannel: true });
    expect((await t.request('GET', `${V1}/work-orders/settings/partners/${sponsor}`, { role: 'viewer' })).json()).toEqual({ partner: sponsor, greenChannel: true });
    expect((await t.request('GET', `${V1}/work-orders/settings/partners/NOPE`, { role: 'viewer' })).statusCode).toBe(404);
    expect((await t.request('GET', `${V1}/work-orders/settings/programs/${item.program}`, { role: 'viewer' })).json()).toMatchObject({ greenChannel: false, sponsorGreenChannel: true });
    expect(await openOrder(t, item.trackingNo)).toMatchObject({ greenChannel: true, priority: 'urgent' });
    expect((await put(t, `${V1}/work-orders/settings/partners/NOPE`, { greenChannel: true })).statusCode).toBe(404);
  });

  it('is for admins: an operator is refused and nothing changes', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const refused = await put(t, `${V1}/work-orders/settings/programs/${item.program}`, { greenChannel: true }, 'operator');
    expect(refused.statusCode).toBe(403);
    expect((await t.request('GET', `${V1}/work-orders/settings/programs/${item.program}`, { role: 'viewer' })).json()).toMatchObject({ greenChannel: false });
    expect((await put(t, `${V1}/work-orders/settings/programs/NOPE`, { greenChannel: true })).statusCode).toBe(404);
  });
});
