// Customer-service work orders (decision 0043): opened by staff, partners and citizens, worked through
// their life by actions that each leave a history row, with deadlines from domain/work-order-clock.ts
// stored for the queue and computed again on every read.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { createPersonalDataCipher, dataKeyId } from '../../src/domain/personal-data.js';
import { formatZoned } from '../../src/domain/scan-time.js';
import { resealPersonalData } from '../../src/reseal-personal-data.js';
import { ALWAYS_OPEN, SEED_CENTRE_CALENDAR, type WorkOrderStatus, clockOf, policyFor } from '../../src/domain/work-order-clock.js';
import { startWebhookJob } from '../../src/jobs/webhook-job.js';
import { requestOneTimeCode } from '../../src/modules/notifications/one-time-code.js';
import { setPartnerGreenChannel, setProgramWorkOrderTerms } from '../../src/modules/programs/work-order-terms.js';
import { setWorkCalendar } from '../../src/modules/units/work-calendar.repository.js';
import { createUser } from '../../src/modules/users/user.service.js';
import { FIXED_NOW, HOUR, MINUTE, TEST_DATA_KEY, type TestApp, createSite, newTestApp, shanghai } from '../factories.js';
import { itemAtTheDoor } from '../factories-deliveries.js';
import { asPartner, newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice, createTestProgram, freshCounty } from '../factories-requests.js';
import { createWebhookFor, startReceiver, verifiesWith } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const NO_RULES = { recipientOnly: false, idCheck: false };
const DAY = 24 * HOUR;

type Deadline = { dueAt: string; doneAt: string | null; state: string; minutesLeft: number };
type Order = {
  number: string;
  type: string;
  status: WorkOrderStatus;
  priority: string;
  greenChannel: boolean;
  unit: { code: string };
  assignee: string | null;
  programCode: string | null;
  trackingNo: string | null;
  contact: { name: string | null; phone: string | null } | null;
  firstResponse: Deadline;
  resolution: Deadline;
  escalationLevel: number;
  paused: boolean;
  history: { seq: number; action: string; by: { kind: string; actor: string | null }; fromStatus: string | null; toStatus: string; at: string }[];
  item: { trackingNo: string; events: unknown[] } | null;
};

const fieldOf = (body: string) => (JSON.parse(body) as { error: { details?: { field: string }[] } }).error.details?.[0]?.field;

describeEachDialect('work orders', (ctx) => {
  /** An app whose clock the test moves. */
  const movableApp = async () => {
    let now = FIXED_NOW;
    const t = await newTestApp(ctx, { clock: () => now });
    return { t, at: (ms: number) => (now = ms) };
  };
  const create = (t: TestApp, body: object, role: 'operator' | 'viewer' | 'admin' = 'operator') => t.request('POST', `${V1}/work-orders`, { role, body });
  const created = async (t: TestApp, body: object): Promise<Order> => {
    const res = await create(t, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Order;
  };
  const act = (t: TestApp, number: string, body: object, role: 'operator' | 'viewer' | 'admin' = 'operator') =>
    t.request('POST', `${V1}/work-orders/${number}/actions`, { role, body });
  const acted = async (t: TestApp, number: string, body: object): Promise<Order> => {
    const res = await act(t, number, body);
    expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(200);
    return res.json() as Order;
  };
  const read = async (t: TestApp, number: string): Promise<Order> => {
    const res = await t.request('GET', `${V1}/work-orders/${number}`, { role: 'viewer' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Order;
  };
  const stored = (t: TestApp, number: string) => t.db.selectFrom('work_orders').selectAll().where('number', '=', number).executeTakeFirstOrThrow();

  it('opens an order with a readable number, the contact’s phone sealed, and the item’s timeline on its page', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const order = await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, contact: { name: '李四', phone: '139 1234 5678' }, description: '什么时候送到？' });
    expect(order.number).toMatch(new RegExp(`^WO${shanghai(FIXED_NOW).slice(0, 10).replaceAll('-', '')}\\d{6}$`));
    expect(order).toMatchObject({ type: 'enquiry', status: 'new', priority: 'normal', greenChannel: false, programCode: item.program, contact: { name: '李四', phone: '139****5678' } });
    expect(order.history).toMatchObject([{ seq: 1, action: 'create', by: { kind: 'staff' }, fromStatus: null, toStatus: 'new' }]);
    expect(order.history[0]!.by.actor).toMatch(/^token:/);
    expect(order.item?.trackingNo).toBe(item.trackingNo);
    expect(order.item?.events).toHaveLength(2);
    const row = await stored(t, order.number);
    expect(row.contact_phone_sealed).not.toContain('13912345678');
    expect(openDataKeyCipher(t.config.dataKey).open(row.contact_phone_sealed!)).toBe('13912345678');

    const next = await created(t, { type: 'other', channel: 'counter', trackingNo: item.trackingNo, description: '再问一次' });
    expect(Number(next.number.slice(-6))).toBe(Number(order.number.slice(-6)) + 1);
  });

  it('refuses a wrong body naming the field', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const ok = { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: '投诉' };
    const cases: [object, string][] = [
      [{ ...ok, type: 'praise' }, 'type'],
      [{ ...ok, channel: 'fax' }, 'channel'],
      [{ ...ok, description: '' }, 'description'],
      [{ ...ok, priority: 'high' }, 'priority'],
      [{ ...ok, trackingNo: 'XX123' }, 'trackingNo'],
      [{ ...ok, trackingNo: 'RR999999990CN' }, 'trackingNo'],
      [{ ...ok, programCode: 'NOPE' }, 'programCode'],
      [{ ...ok, trackingNo: undefined, programCode: 'NOPE' }, 'programCode'],
      [{ ...ok, contact: { phone: '12345' } }, 'contact.phone'],
      [{ ...ok, unit: 'NOUNIT' }, 'unit'],
      [{ ...ok, type: 'address_change' }, 'address'],
      [{ ...ok, type: 'address_change', address: '和平路1号' }, 'address'],
      [{ ...ok, type: 'redelivery', trackingNo: undefined }, 'trackingNo'],
      [{ ...ok, address: '湖北省宜昌市夷陵区和平路1号' }, 'address'],
      [{ type: 'enquiry', channel: 'phone', description: '无邮件无项目' }, 'unit'],
    ];
    for (const [body, field] of cases) {
      const res = await create(t, body);
      expect(res.statusCode, `${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(fieldOf(res.body), res.body).toBe(field);
    }
    expect(await t.db.selectFrom('work_orders').select('number').where('tracking_no', '=', item.trackingNo).execute()).toEqual([]);
    expect((await create(t, ok, 'viewer')).statusCode).toBe(403);
  });

  it('blames the unit of the item’s open break-point, else its delivery office now, else the sponsor’s city', async () => {
    const t = await newTestApp(ctx);
    const place = await countyWithOffice(t);
    // A break-point: the item left the accepting site without a dispatch scan.
    const plain = await itemAtTheDoor(t, NO_RULES, place);
    const broken = await itemAtTheDoor(t, NO_RULES, place);
    const site = await createSite(t, { kind: 'counter', divisionCode: place.county.code });
    const scans = await t.request('POST', `${V1}/scans`, { role: 'operator', body: [{ trackingNo: broken.trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 8 * HOUR), site }] });
    expect(scans.json()).toMatchObject({ accepted: 1, rejected: [] });
    const open = await t.db.selectFrom('breakpoints').select(['responsible_unit', 'closed_at']).where('tracking_no', '=', broken.trackingNo).execute();
    expect(open.filter((b) => b.closed_at === null).map((b) => b.responsible_unit)).toContain(site);

    expect((await created(t, { type: 'complaint', channel: 'phone', trackingNo: broken.trackingNo, description: 'x' })).unit.code).toBe(site);
    expect((await created(t, { type: 'complaint', channel: 'phone', trackingNo: plain.trackingNo, description: 'x' })).unit.code).toBe(place.office);

    // After an address change, the item's office is the new one.
    const moved = await countyWithOffice(t);
    const change = await t.request('POST', `${V1}/items/${plain.trackingNo}/address-change`, { role: 'operator', body: { address: addressIn(moved.county), reason: '搬家' } });
    expect(change.statusCode, change.body).toBe(200);
    expect((await created(t, { type: 'enquiry', channel: 'phone', trackingNo: plain.trackingNo, description: 'x' })).unit.code).toBe(moved.office);

    // No item: the sponsor's city, its processing centre before its delivery office.
    const county = freshCounty('640000');
    const office = await createSite(t, { kind: 'delivery_office', divisionCode: county.code });
    const centre = await createSite(t, { kind: 'processing_centre', divisionCode: county.code });
    const program = await createTestProgram(t.db, { sponsorDivision: county.cityCode! });
    expect(office).not.toBe(centre);
    expect((await created(t, { type: 'enquiry', channel: 'agency', programCode: program.code, description: 'x' })).unit.code).toBe(centre);
    // Staff may name the unit themselves.
    expect((await created(t, { type: 'enquiry', channel: 'phone', programCode: program.code, unit: office, description: 'x' })).unit.code).toBe(office);
  });

  it('moves through every legal action with a history row each, and refuses every illegal one naming the status and the action', async () => {
    const { t, at } = await movableApp();
    const item = await itemAtTheDoor(t, NO_RULES);
    const { number } = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: '态度差' });
    const other = await createSite(t);
    const steps: [object, WorkOrderStatus][] = [
      [{ action: 'note', message: '来电人情绪激动' }, 'new'],
      [{ action: 'assign', unit: other }, 'assigned'],
      [{ action: 'reply', message: '已联系投递员' }, 'in_progress'],
      [{ action: 'wait', on: 'customer', message: '等待客户提供照片' }, 'waiting_customer'],
      [{ action: 'resume' }, 'in_progress'],
      [{ action: 'wait', on: 'unit' }, 'waiting_unit'],
      [{ action: 'escalate', message: '超时' }, 'waiting_unit'],
      [{ action: 'resume' }, 'in_progress'],
      [{ action: 'resolve', outcome: 'done', message: '已道歉' }, 'resolved'],
      [{ action: 'reopen', message: '客户不满意' }, 'in_progress'],
      [{ action: 'resolve', outcome: 'done' }, 'resolved'],
      [{ action: 'close' }, 'closed'],
    ];
    let clock = FIXED_NOW;
    for (const [body, status] of steps) {
      at((clock += 10 * MINUTE));
      expect((await acted(t, number, body)).status).toBe(status);
    }
    const order = await read(t, number);
    expect(order.history.map((h) => [h.action, h.fromStatus, h.toStatus])).toEqual([
      ['create', null, 'new'],
      ...steps.map(([body], i) => [(body as { action: string }).action, i === 0 ? 'new' : steps[i - 1]![1], steps[i]![1]]),
    ]);
    expect(order.history.every((h) => h.by.kind === 'staff' && h.by.actor?.startsWith('token:'))).toBe(true);
    expect(order.history.at(-1)!.at).toBe(shanghai(clock));
    expect(order.unit.code).toBe(other);
    expect(order.escalationLevel).toBe(1);

    // A closed order takes a note and nothing else.
    for (const action of ['assign', 'reply', 'wait', 'resume', 'resolve', 'reopen', 'close', 'escalate']) {
      const res = await act(t, number, { action, unit: other, message: 'm', outcome: 'done', on: 'unit' });
      expect(res.statusCode, `${action}: ${res.body}`).toBe(409);
      expect(res.json().error.message).toMatch(/Closed/);
    }
    const fresh = (await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, description: 'x' })).number;
    const illegal: [string, RegExp][] = [
      ['wait', /is New: it cannot take the action Wait/],
      ['resume', /New.*Resume/],
      ['reopen', /New.*Reopen/],
      ['close', /New.*Close/],
    ];
    for (const [action, text] of illegal) {
      const res = await act(t, fresh, { action, on: 'customer' });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error.message).toMatch(text);
    }
    const zh = await t.request('POST', `${V1}/work-orders/${fresh}/actions`, { role: 'operator', body: { action: 'close' }, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.json().error.message).toMatch(/「新建」.*「关闭」/);
    // Each action's own field, named.
    const missing: [object, string][] = [
      [{ action: 'reply' }, 'message'],
      [{ action: 'note' }, 'message'],
      [{ action: 'resolve' }, 'outcome'],
      [{ action: 'assign' }, 'unit'],
      [{ action: 'assign', unit: 'NOUNIT' }, 'unit'],
      [{ action: 'assign', user: 'nobody' }, 'user'],
      [{ action: 'fly' }, 'action'],
    ];
    for (const [body, field] of missing) {
      const res = await act(t, fresh, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fieldOf(res.body), res.body).toBe(field);
    }
    expect((await act(t, fresh, { action: 'note', message: 'x' }, 'viewer')).statusCode).toBe(403);
    expect((await act(t, 'WO20261204999999', { action: 'note', message: 'x' })).statusCode).toBe(404);
    expect((await read(t, fresh)).history).toHaveLength(1);
  });

  it('reopens within 7 days of resolving and not after, as of the `now` the server is given', async () => {
    const { t, at } = await movableApp();
    const item = await itemAtTheDoor(t, NO_RULES);
    const one = (await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, description: 'x' })).number;
    const two = (await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, description: 'y' })).number;
    await acted(t, one, { action: 'resolve', outcome: 'answered', message: '已答复' });
    await acted(t, two, { action: 'resolve', outcome: 'answered', message: '已答复' });
    at(FIXED_NOW + 7 * DAY - MINUTE);
    expect((await acted(t, one, { action: 'reopen' })).status).toBe('in_progress');
    at(FIXED_NOW + 7 * DAY + MINUTE);
    const late = await act(t, two, { action: 'reopen' });
    expect(late.statusCode, late.body).toBe(409);
    expect(late.json().error.message).toMatch(/more than 7 days ago/);
    expect((await stored(t, one)).reopen_count).toBe(1);
  });

  it('stores and shows the deadlines clockOf gives for the history, paused while waiting on the customer', async () => {
    const { t, at } = await movableApp();
    const item = await itemAtTheDoor(t, NO_RULES);
    const { number } = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: 'x' });
    at(FIXED_NOW + 30 * MINUTE);
    await acted(t, number, { action: 'assign', unit: item.office });
    at(FIXED_NOW + 50 * MINUTE);
    await acted(t, number, { action: 'wait', on: 'customer' });
    at(FIXED_NOW + 5 * HOUR);
    await acted(t, number, { action: 'resume' });
    const readAt = FIXED_NOW + 5 * HOUR + 30 * MINUTE;
    at(readAt);

    const history = await t.db
      .selectFrom('work_order_history as h')
      .innerJoin('work_orders as o', 'o.id', 'h.order_id')
      .select(['h.at', 'h.to_status', 'h.responds'])
      .where('o.number', '=', number)
      .orderBy('h.seq')
      .execute();
    const events = history.map((h) => ({ at: new Date(Number(h.at)), status: h.to_status as WorkOrderStatus, responds: Number(h.responds) === 1 }));
    const policy = policyFor('complaint', 'normal');
    const asOf = (ms: number) => clockOf({ events, policy, calendar: ALWAYS_OPEN, now: new Date(ms) });

    const row = await stored(t, number);
    const atLastAction = asOf(FIXED_NOW + 5 * HOUR);
    expect(Number(row.first_response_due_at)).toBe(atLastAction.firstResponse.dueAt.getTime());
    expect(Number(row.resolution_due_at)).toBe(atLastAction.resolution.dueAt.getTime());
    expect(Number(row.next_due_at)).toBe(atLastAction.firstResponse.dueAt.getTime());
    // The pause moved both deadlines on by the 4 h 10 min the order waited on the customer.
    expect(Number(row.first_response_due_at)).toBe(FIXED_NOW + 2 * HOUR + 4 * HOUR + 10 * MINUTE);

    const shown = await read(t, number);
    const now = asOf(readAt);
    expect(shown.firstResponse).toEqual({ dueAt: formatZoned(now.firstResponse.dueAt.getTime(), t.config.timeZone), doneAt: null, state: now.firstResponse.state, minutesLeft: now.firstResponse.minutesLeft });
    expect(shown.resolution.minutesLeft).toBe(now.resolution.minutesLeft);
    expect(shown.firstResponse.state).toBe('running');
    expect(shown.paused).toBe(false);

    // Overdue once the first response is late, shown at once, listed by the overdue filter.
    at(FIXED_NOW + 7 * HOUR);
    const late = await read(t, number);
    expect(late.firstResponse.state).toBe('overdue');
    expect(late.escalationLevel).toBe(1);
    const overdue = await t.request('GET', `${V1}/work-orders?overdue=yes&limit=500`, { role: 'viewer' });
    expect((overdue.json().rows as Order[]).map((o) => o.number)).toContain(number);
    // A person's escalation goes one above the level shown, the clock's here.
    const escalated = await acted(t, number, { action: 'escalate', message: '首次响应超时' });
    expect(escalated.escalationLevel).toBe(2);
    expect(escalated.history.at(-1)).toMatchObject({ action: 'escalate', escalationLevel: 2 });
    expect((await stored(t, number)).escalation_level).toBe(2);
  });

  it('pages through the queue, green channel first then the nearest deadline, every order once under every filter', async () => {
    const { t, at } = await movableApp();
    const place = await countyWithOffice(t);
    const greenItem = await itemAtTheDoor(t, NO_RULES, place);
    const greenProgram = { code: greenItem.program };
    expect(await setProgramWorkOrderTerms(t.db, greenProgram.code, { greenChannel: true }, FIXED_NOW)).toBe(true);
    const item = await itemAtTheDoor(t, NO_RULES, place);
    const agent = `agent${Date.now() % 100000}${ctx.dialect}`;
    await createUser(t.db, { username: agent, password: 'correct horse battery', role: 'operator' }, FIXED_NOW);
    const types = ['enquiry', 'complaint', 'loss_report', 'other'] as const;
    const numbers: string[] = [];
    for (let i = 0; i < 14; i++) {
      at(FIXED_NOW + i * MINUTE);
      const body = { trackingNo: i % 5 === 0 ? greenItem.trackingNo : item.trackingNo };
      const order = await created(t, { type: types[i % types.length], channel: 'phone', description: `#${i}`, ...body });
      if (i % 5 === 0) expect(order).toMatchObject({ greenChannel: true, priority: 'urgent' });
      numbers.push(order.number);
      if (i % 3 === 0) await acted(t, order.number, { action: 'resolve', outcome: 'answered', message: 'ok' });
      else if (i % 4 === 1) await acted(t, order.number, { action: 'assign', unit: place.office });
      else if (i % 4 === 2) await acted(t, order.number, { action: 'assign', user: agent });
    }
    at(FIXED_NOW + 3 * HOUR);
    const mine = new Set(numbers);
    const pageAll = async (query: string): Promise<Order[]> => {
      const rows: Order[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `${V1}/work-orders?limit=4${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.request('GET', url, { role: 'viewer' });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { rows: Order[]; nextCursor: string | null };
        rows.push(...page.rows);
        cursor = page.nextCursor;
      } while (cursor);
      return rows.filter((r) => mine.has(r.number));
    };
    const all = await pageAll('');
    expect(all.map((o) => o.number).sort()).toEqual([...numbers].sort());
    // Green first, then by the nearest deadline not met.
    const firstGreen = all.findIndex((o) => !o.greenChannel);
    expect(all.slice(firstGreen).every((o) => !o.greenChannel)).toBe(true);
    const rows = await t.db.selectFrom('work_orders').select(['number', 'green_channel', 'next_due_at', 'status', 'type', 'unit', 'program_code', 'paused', 'assignee']).where('number', 'in', numbers).execute();
    const byNumber = new Map(rows.map((r) => [r.number, r]));
    const keys = all.map((o) => [-Number(byNumber.get(o.number)!.green_channel), Number(byNumber.get(o.number)!.next_due_at)]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));

    const filters: [string, (r: (typeof rows)[number]) => boolean][] = [
      ['&status=resolved', (r) => r.status === 'resolved'],
      ['&status=new,assigned', (r) => r.status === 'new' || r.status === 'assigned'],
      ['&type=complaint,loss_report', (r) => r.type === 'complaint' || r.type === 'loss_report'],
      [`&unit=${place.office}`, (r) => r.unit === place.office],
      [`&program=${greenProgram.code}`, (r) => r.program_code === greenProgram.code],
      [`&assignee=${agent}`, (r) => r.assignee === agent],
      ['&overdue=yes', (r) => Number(r.paused) === 0 && Number(r.next_due_at) < FIXED_NOW + 3 * HOUR],
      ['&overdue=no', (r) => !(Number(r.paused) === 0 && Number(r.next_due_at) < FIXED_NOW + 3 * HOUR)],
      [`&from=${shanghai(FIXED_NOW).slice(0, 10)}&to=${shanghai(FIXED_NOW).slice(0, 10)}`, () => true],
    ];
    for (const [query, keep] of filters) {
      const listed = (await pageAll(query)).map((o) => o.number);
      expect(new Set(listed).size, `${query}: each once`).toBe(listed.length);
      expect(listed.sort(), query).toEqual(rows.filter(keep).map((r) => r.number).sort());
    }
    expect(await pageAll('&overdue=yes')).not.toHaveLength(0);
    expect(await pageAll('&from=2020-01-01&to=2020-01-02')).toEqual([]);
    expect((await t.request('GET', `${V1}/work-orders?cursor=bogus`, { role: 'viewer' })).statusCode).toBe(400);
  });

  it('changes the item’s address when an address_change order is resolved as done, and only then', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const moved = await countyWithOffice(t);
    const address = addressIn(moved.county);
    const order = await created(t, { type: 'address_change', channel: 'phone', trackingNo: item.trackingNo, description: '收件人搬家', address });
    expect(order).toMatchObject({ address: { address, divisionCode: moved.county.code } });
    await acted(t, order.number, { action: 'assign', unit: item.office });
    const before = await t.db.selectFrom('items').select(['dest_address', 'delivery_office']).where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow();
    expect(before.delivery_office).toBe(item.office);

    const done = await acted(t, order.number, { action: 'resolve', outcome: 'done', message: '已改址' });
    expect(done.status).toBe('resolved');
    const after = await t.db.selectFrom('items').select(['dest_address', 'delivery_office']).where('tracking_no', '=', item.trackingNo).executeTakeFirstOrThrow();
    expect(after).toEqual({ dest_address: address, delivery_office: moved.office });
    const changes = await t.request('GET', `${V1}/items/${item.trackingNo}/address-changes`, { role: 'viewer' });
    expect(changes.json().changes).toMatchObject([{ newAddress: address, byKind: 'staff', reason: '收件人搬家' }]);

    // Resolved as not done: the item stays where it goes.
    const other = await itemAtTheDoor(t, NO_RULES);
    const refused = await created(t, { type: 'address_change', channel: 'phone', trackingNo: other.trackingNo, description: 'x', address: addressIn(moved.county) });
    await acted(t, refused.number, { action: 'resolve', outcome: 'not_done', message: '核实后不改' });
    expect((await t.db.selectFrom('items').select('delivery_office').where('tracking_no', '=', other.trackingNo).executeTakeFirstOrThrow()).delivery_office).toBe(other.office);

    // A redelivery done asks for the day given.
    const again = await created(t, { type: 'redelivery', channel: 'phone', trackingNo: other.trackingNo, description: '明天再送' });
    const noDate = await act(t, again.number, { action: 'resolve', outcome: 'done' });
    expect(fieldOf(noDate.body), noDate.body).toBe('date');
    const day = shanghai(FIXED_NOW + DAY).slice(0, 10);
    await acted(t, again.number, { action: 'resolve', outcome: 'done', date: day });
    expect((await t.db.selectFrom('delivery_wishes').select('wished_date').where('tracking_no', '=', other.trackingNo).executeTakeFirst())?.wished_date).toBe(day);
  });

  it('makes green-channel orders urgent from the start, by program or by partner', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const normal = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: 'x' });
    expect(normal).toMatchObject({ priority: 'normal', greenChannel: false });
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    expect(await setPartnerGreenChannel(t.db, sponsor, true, FIXED_NOW)).toBe(true);
    const green = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: 'x', priority: 'normal' });
    expect(green).toMatchObject({ priority: 'urgent', greenChannel: true });
    // Urgent halves the complaint's 2 hours.
    expect(Date.parse(green.firstResponse.dueAt) - FIXED_NOW).toBe(HOUR);
    const queue = await t.request('GET', `${V1}/work-orders?limit=1`, { role: 'viewer' });
    expect((queue.json().rows as Order[])[0]!.greenChannel).toBe(true);
  });

  it('runs the clock on the program’s own policy and the unit’s calendar', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const policy = { complaint: { firstResponseMinutes: 30 }, enquiry: { resolutionMinutes: 'soon' } };
    await setProgramWorkOrderTerms(t.db, item.program, { policyJson: JSON.stringify(policy) }, FIXED_NOW);
    const own = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: 'x' });
    expect(Date.parse(own.firstResponse.dueAt) - FIXED_NOW).toBe(30 * MINUTE);
    expect(Date.parse(own.resolution.dueAt) - FIXED_NOW, 'the type’s default where the program sets none').toBe(24 * HOUR);
    const enquiry = await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, description: 'x' });
    expect(Date.parse(enquiry.resolution.dueAt) - FIXED_NOW, 'a value that is not minutes keeps the default').toBe(8 * HOUR);

    // A centre that works 08:00–24:00: an order opened at 23:30 has half an hour that night, the rest from 08:00.
    const centre = await createSite(t, { kind: 'processing_centre' });
    await setWorkCalendar(t.db, centre, JSON.stringify(SEED_CENTRE_CALENDAR), FIXED_NOW);
    const night = Date.parse(`${shanghai(FIXED_NOW).slice(0, 10)}T23:30:00+08:00`);
    const { t: late, at } = await movableApp();
    at(night);
    const order = await created(late, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, unit: centre, description: 'x' });
    const expected = clockOf({ events: [{ at: new Date(night), status: 'new', responds: false }], policy: policyFor('enquiry', 'normal', { enquiry: {} }), calendar: SEED_CENTRE_CALENDAR, now: new Date(night) });
    expect(Date.parse(order.firstResponse.dueAt)).toBe(expected.firstResponse.dueAt.getTime());
    expect(Date.parse(order.firstResponse.dueAt)).toBe(night + 8.5 * HOUR + 30 * MINUTE);
    expect(Number((await stored(late, order.number)).first_response_due_at)).toBe(expected.firstResponse.dueAt.getTime());
  });

  it('lets a partner open and read orders about its programs’ items only', async () => {
    const t = await newTestApp(ctx);
    const own = await itemAtTheDoor(t, NO_RULES);
    const foreign = await itemAtTheDoor(t, NO_RULES);
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', own.program).executeTakeFirstOrThrow()).sponsor;
    const { token } = await newPartnerToken(t, sponsor);
    const body = { type: 'complaint', channel: 'agency', description: '持证人投诉' };

    const mine = await asPartner(t, token, 'POST', `${V1}/work-orders`, { ...body, trackingNo: own.trackingNo });
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json().history[0].by.kind).toBe('partner');
    const theirs = await asPartner(t, token, 'POST', `${V1}/work-orders`, { ...body, trackingNo: foreign.trackingNo });
    expect(theirs.statusCode, theirs.body).toBe(400);
    expect(fieldOf(theirs.body)).toBe('trackingNo');
    expect((await asPartner(t, token, 'POST', `${V1}/work-orders`, body)).statusCode).toBe(400);

    const staffOrder = await created(t, { ...body, trackingNo: foreign.trackingNo });
    const list = await asPartner(t, token, 'GET', `${V1}/work-orders?limit=500`);
    expect((list.json().rows as Order[]).map((o) => o.number)).toEqual([mine.json().number]);
    expect((await asPartner(t, token, 'GET', `${V1}/work-orders/${staffOrder.number}`)).statusCode).toBe(404);
    expect((await asPartner(t, token, 'GET', `${V1}/work-orders/${mine.json().number}`)).statusCode).toBe(200);
    expect((await asPartner(t, token, 'POST', `${V1}/work-orders/${mine.json().number}/actions`, { action: 'note', message: 'x' })).statusCode).toBe(403);
  });

  it('pushes work_order.updated to the sponsor’s endpoint on every action, signed, in the order’s sequence', async () => {
    const receiver = await startReceiver();
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    const hook = await createWebhookFor(t, sponsor, receiver.url, ['work_order.updated']);
    const { number } = await created(t, { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: 'x' });
    await acted(t, number, { action: 'assign', unit: item.office });
    await acted(t, number, { action: 'resolve', outcome: 'answered', message: '已处理' });
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const stop = startWebhookJob({ store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), timeZone: t.config.timeZone, retryScheduleMs: [1000], clock: Date.now, random: Math.random, log, intervalMs: 20 });
    try {
      await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 100 });
    } finally {
      await stop();
      await receiver.close();
    }
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { number: string; action: string; status: string; sequence: number } });
    expect(receiver.received.every((r) => verifiesWith(hook.secret, r))).toBe(true);
    const mine = bodies.filter((b) => b.data.number === number).sort((a, b) => a.data.sequence - b.data.sequence);
    expect(mine.map((b) => [b.type, b.data.action, b.data.status, b.data.sequence])).toEqual([
      ['work_order.updated', 'create', 'new', 1],
      ['work_order.updated', 'assign', 'assigned', 2],
      ['work_order.updated', 'resolve', 'resolved', 3],
    ]);
  });

  describe('the citizen, with the tracking page’s one-time code', () => {
    const sendCode = async (t: TestApp, trackingNo: string, code: string, at = t.now) => {
      const phone4 = (await t.db.selectFrom('requests').select('phone_masked').where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow()).phone_masked.slice(-4);
      const deps = { db: t.db, store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), sms: t.config.sms, timeZone: t.config.timeZone, newCode: () => code };
      await requestOneTimeCode(deps, trackingNo, phone4, at);
    };
    const citizen = (t: TestApp, method: 'GET' | 'POST', url: string, body?: object) =>
      t.app.inject({ method, url: `${V1}/public${url}`, ...(body ? { payload: body } : {}) });

    it('reports a problem, sees its status, rates it once resolved; never another item’s orders', async () => {
      const { t, at } = await movableApp();
      const item = await itemAtTheDoor(t, NO_RULES);
      const other = await itemAtTheDoor(t, NO_RULES);
      const theirs = await created(t, { type: 'complaint', channel: 'phone', trackingNo: other.trackingNo, description: '别人的投诉' });

      const wrong = await citizen(t, 'POST', `/items/${item.trackingNo}/work-orders`, { code: '000000', type: 'complaint', description: '快递员没打电话' });
      expect(wrong.statusCode).toBe(400);
      expect(fieldOf(wrong.body)).toBe('code');
      await sendCode(t, item.trackingNo, '135246');
      const made = await citizen(t, 'POST', `/items/${item.trackingNo}/work-orders`, { code: '135246', type: 'complaint', description: '快递员没打电话' });
      expect(made.statusCode, made.body).toBe(201);
      const number = made.json().number as string;
      expect(made.json()).toMatchObject({ status: 'new', canRate: false });
      expect((await read(t, number)).history[0]!.by).toEqual({ kind: 'citizen', actor: null });

      await acted(t, number, { action: 'resolve', outcome: 'done', message: '已致歉并安排再投' });
      at(FIXED_NOW + 2 * MINUTE);
      await sendCode(t, item.trackingNo, '246135', FIXED_NOW + 2 * MINUTE);
      const seen = await citizen(t, 'GET', `/items/${item.trackingNo}/work-orders?code=246135`);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json().orders).toEqual([expect.objectContaining({ number, status: 'resolved', reply: '已致歉并安排再投', canRate: true })]);
      expect(JSON.stringify(seen.json())).not.toContain(theirs.number);

      at(FIXED_NOW + 4 * MINUTE);
      await sendCode(t, item.trackingNo, '111222', FIXED_NOW + 4 * MINUTE);
      const foreign = await citizen(t, 'POST', `/items/${item.trackingNo}/work-orders/${theirs.number}/rating`, { code: '111222', score: 5 });
      expect(foreign.statusCode, 'another item’s order answers as unknown').toBe(404);
      at(FIXED_NOW + 6 * MINUTE);
      await sendCode(t, item.trackingNo, '333444', FIXED_NOW + 6 * MINUTE);
      const rated = await citizen(t, 'POST', `/items/${item.trackingNo}/work-orders/${number}/rating`, { code: '333444', score: 4 });
      expect(rated.statusCode, rated.body).toBe(200);
      expect((await stored(t, number)).satisfaction).toBe(4);
      expect((await read(t, number)).history.at(-1)).toMatchObject({ action: 'rate', by: { kind: 'citizen' } });
      at(FIXED_NOW + 8 * MINUTE);
      await sendCode(t, item.trackingNo, '555666', FIXED_NOW + 8 * MINUTE);
      expect((await citizen(t, 'POST', `/items/${item.trackingNo}/work-orders/${number}/rating`, { code: '555666', score: 1 })).statusCode).toBe(409);
    });
  });

  // Last of the file: the rotation re-seals every sealed value of this database under a key the other tests' apps do not hold.
  it('re-seals the contact’s phone under a new data key, found by the new hash', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const { number } = await created(t, { type: 'enquiry', channel: 'phone', trackingNo: item.trackingNo, contact: { phone: '13987654321' }, description: 'x' });
    const oldKey = Buffer.from(TEST_DATA_KEY, 'hex');
    const newKey = randomBytes(32);
    const seen: string[] = [];
    await resealPersonalData(ctx.handle, createPersonalDataCipher({ current: newKey, previous: oldKey }), { batchRows: 1, onBatch: (p) => seen.push(p.table) });
    expect(seen).toContain('work_orders');
    const after = createPersonalDataCipher({ current: newKey });
    const row = await stored(t, number);
    expect(row.contact_phone_sealed!.startsWith(`v2.${dataKeyId(newKey)}.`)).toBe(true);
    expect(after.open(row.contact_phone_sealed!)).toBe('13987654321');
    expect(row.contact_phone_hash).toBe(after.lookupHash('phone', '13987654321'));
  });
});
