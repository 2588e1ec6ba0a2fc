// The escalation job: an order's clock climbs 1 (first response overdue), 2 (resolution overdue), 3
// (twice the resolution time), and each level is recorded once, with the sponsor told, under a lease.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { expect, it, vi } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { startWebhookJob } from '../../src/jobs/webhook-job.js';
import { withWriteTransaction } from '../../src/db/write-transaction.js';
import { runEscalation } from '../../src/jobs/escalation-job.js';
import { escalateOverdueOrders } from '../../src/modules/work-orders/escalate-overdue.js';
import { ClockRuleReader, clockColumns, orderClock } from '../../src/modules/work-orders/work-order-deadlines.js';
import { appendWorkOrderAction, findWorkOrderByNumber, insertWorkOrder, listWorkOrderHistory } from '../../src/modules/work-orders/work-order.repository.js';
import { itemAtTheDoor } from '../factories-deliveries.js';
import { createProgram } from '../factories-programs.js';
import { createWebhookFor, startReceiver, verifiesWith } from '../factories-webhooks.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, createSite, newTestApp, nextSequence } from '../factories.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

const T0 = FIXED_NOW;

/** A complaint (first response 2 h, resolution 24 h, always open) stored as the module stores a new one. */
async function newComplaint(ctx: TestDbContext, unit: string, programCode: string | null = null): Promise<string> {
  const number = `WO${String(800_000 + nextSequence())}`;
  const order = { type: 'complaint', priority: 'normal', program_code: programCode, unit };
  const created = { at: T0, action: 'create', actor_kind: 'staff', actor: 'user:alice', from_status: null, to_status: 'new', responds: 0 };
  const rules = await new ClockRuleReader(ctx.handle.db).rulesFor(order);
  const clock = clockColumns(orderClock(rules, [created], T0), 'new');
  await withWriteTransaction(ctx.handle, (trx) =>
    insertWorkOrder(trx, { number, ...order, channel: 'phone', status: 'new', description: 'card not arrived', created_by_kind: 'staff', created_by: 'user:alice', ...clock, created_at: T0, updated_at: T0 }, created),
  );
  return number;
}

async function escalations(ctx: TestDbContext, number: string) {
  const order = (await findWorkOrderByNumber(ctx.handle.db, number))!;
  const history = await listWorkOrderHistory(ctx.handle.db, Number(order.id));
  return { level: Number(order.escalation_level), steps: history.filter((h) => h.action === 'escalate').map((h) => [Number(h.escalation_level), h.unit, Number(h.at)]) };
}

describeEachDialect('work-order escalation', (ctx) => {
  let t: TestApp;
  let office: string;
  let cityCentre: string;
  let provinceCentre: string;
  const setUp = async () => {
    t = await newTestApp(ctx);
    const n = nextSequence();
    // Yichang (420500) has the office and a centre; Wuhan's centre has the lowest code of Hubei (420000).
    provinceCentre = await createSite(t, { code: `A${n}`, kind: 'processing_centre', divisionCode: '420102' });
    cityCentre = await createSite(t, { code: `C${n}`, kind: 'processing_centre', divisionCode: '420502' });
    office = await createSite(t, { code: `D${n}`, kind: 'delivery_office', divisionCode: '420506' });
  };

  it('raises an order 1, 2 and 3 once each as its deadlines pass, to the unit, its city and its province, telling the sponsor each time', async () => {
    await setUp();
    const program = await createProgram(t);
    const number = await newComplaint(ctx, office, program);

    expect((await escalateOverdueOrders(ctx.handle, T0 + HOUR)).steps).toBe(0);
    await escalateOverdueOrders(ctx.handle, T0 + 2 * HOUR + MINUTE);
    await escalateOverdueOrders(ctx.handle, T0 + 2 * HOUR + 2 * MINUTE);
    expect(await escalations(ctx, number)).toEqual({ level: 1, steps: [[1, office, T0 + 2 * HOUR + MINUTE]] });

    await escalateOverdueOrders(ctx.handle, T0 + 23 * HOUR);
    await escalateOverdueOrders(ctx.handle, T0 + 24 * HOUR + MINUTE);
    await escalateOverdueOrders(ctx.handle, T0 + 47 * HOUR);
    await escalateOverdueOrders(ctx.handle, T0 + 48 * HOUR + MINUTE);
    await escalateOverdueOrders(ctx.handle, T0 + 100 * HOUR);
    expect(await escalations(ctx, number)).toEqual({
      level: 3,
      steps: [
        [1, office, T0 + 2 * HOUR + MINUTE],
        [2, cityCentre, T0 + 24 * HOUR + MINUTE],
        [3, provinceCentre, T0 + 48 * HOUR + MINUTE],
      ],
    });
    const pushed = await ctx.handle.db.selectFrom('work_order_outbox').select(['kind', 'seq']).where('order_number', '=', number).orderBy('id').execute();
    expect(pushed.map((p) => [p.kind, Number(p.seq)])).toEqual([
      ['escalated', 2],
      ['escalated', 3],
      ['escalated', 4],
    ]);
  });

  it('climbs every level an order is behind in one run, and not at all while it waits on the customer', async () => {
    await setUp();
    const late = await newComplaint(ctx, office);
    const waiting = await newComplaint(ctx, office);
    // Waiting on the customer from the tenth minute: the clock stops with 110 minutes of first response left.
    const order = (await findWorkOrderByNumber(ctx.handle.db, waiting))!;
    const history = await listWorkOrderHistory(ctx.handle.db, Number(order.id));
    const wait = { at: T0 + 10 * MINUTE, action: 'wait', actor_kind: 'staff', actor: 'user:alice', from_status: 'new', to_status: 'waiting_customer', responds: 0 };
    const rules = await new ClockRuleReader(ctx.handle.db).rulesFor(order);
    const clock = clockColumns(orderClock(rules, [...history, wait], T0 + 10 * MINUTE), 'waiting_customer');
    await withWriteTransaction(ctx.handle, (trx) => appendWorkOrderAction(trx, Number(order.id), 1, wait, { status: 'waiting_customer', ...clock, updated_at: T0 + 10 * MINUTE }));

    const run = await escalateOverdueOrders(ctx.handle, T0 + 49 * HOUR);
    expect(run).toMatchObject({ escalated: 1, steps: 3, skipped: 0 });
    expect((await escalations(ctx, late)).steps.map((s) => s[0])).toEqual([1, 2, 3]);
    expect(await escalations(ctx, waiting)).toEqual({ level: 0, steps: [] });
  });

  it('runs once per tick across two servers: the lease lets one of them escalate', async () => {
    await setUp();
    const number = await newComplaint(ctx, office);
    const now = T0 + 3 * HOUR;
    const [a, b] = await Promise.all([runEscalation(ctx.handle, 'server-a', now, 2 * MINUTE), runEscalation(ctx.handle, 'server-b', now, 2 * MINUTE)]);
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    expect((await escalations(ctx, number)).steps).toEqual([[1, office, now]]);
    // The holder's lease lasts its ttl: the other server runs once it has expired.
    expect(await runEscalation(ctx.handle, a === null ? 'server-a' : 'server-b', now + MINUTE, 2 * MINUTE)).toBeNull();
    expect(await runEscalation(ctx.handle, a === null ? 'server-a' : 'server-b', now + 3 * MINUTE, 2 * MINUTE)).not.toBeNull();
  });

  it('pushes work_order.escalated to the sponsor’s endpoint, signed, one message per level', async () => {
    const receiver = await startReceiver();
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, { recipientOnly: false, idCheck: false });
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    const hook = await createWebhookFor(t, sponsor, receiver.url, ['work_order.escalated']);
    const res = await t.request('POST', '/api/v1/work-orders', { role: 'operator', body: { type: 'complaint', channel: 'phone', trackingNo: item.trackingNo, description: '投诉' } });
    expect(res.statusCode, res.body).toBe(201);
    const number = res.json().number as string;
    const created = (await findWorkOrderByNumber(ctx.handle.db, number))!;
    const resolutionHours = (Number(created.resolution_due_at) - T0) / HOUR;
    await escalateOverdueOrders(ctx.handle, T0 + 2 * resolutionHours * HOUR + MINUTE);
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const stop = startWebhookJob({ store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), timeZone: t.config.timeZone, retryScheduleMs: [1000], clock: Date.now, random: Math.random, log, intervalMs: 20 });
    try {
      await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(3), { timeout: 20_000, interval: 100 });
    } finally {
      await stop();
      await receiver.close();
    }
    expect(receiver.received.every((r) => verifiesWith(hook.secret, r))).toBe(true);
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { number: string; action: string; escalationLevel: number; sequence: number } });
    // Subscribed to escalations only: the creation (work_order.updated) is not sent.
    expect(bodies.filter((b) => b.data.number === number).map((b) => [b.type, b.data.action, b.data.escalationLevel, b.data.sequence]).sort((a, b) => Number(a[3]) - Number(b[3]))).toEqual([
      ['work_order.escalated', 'escalate', 1, 2],
      ['work_order.escalated', 'escalate', 2, 3],
      ['work_order.escalated', 'escalate', 3, 4],
    ]);
  });
});
