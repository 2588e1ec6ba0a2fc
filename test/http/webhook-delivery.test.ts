// The sender against a real receiver on 127.0.0.1: signatures checked by an implementation written in
// the test, the retry schedule, 410, Retry-After, the secret rotation window, replay with the same
// webhook-id, a slow endpoint beside a fast one, and an endpoint failing for five days.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { updateWebhookEndpoint } from '../../src/modules/webhooks/webhook-endpoint.repository.js';
import { enqueueWebhookMessages } from '../../src/modules/webhooks/webhook-message.repository.js';
import { type WebhookSender, createWebhookSender } from '../../src/modules/webhooks/webhook-sender.js';
import { createLabelledPartner } from '../factories-partners.js';
import { FIXED_NOW, HOUR, type TestApp, newTestApp } from '../factories.js';
import { type CreatedWebhook, type Receiver, createWebhookFor, startReceiver, verifiesWith } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const SECOND = 1000;

describeEachDialect('webhook delivery', (ctx) => {
  let receiver: Receiver;
  let now: number;
  let senders: WebhookSender[] = [];
  beforeEach(async () => {
    receiver = await startReceiver();
    now = FIXED_NOW;
  });
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.close()));
    await receiver.close();
  });

  /** A sender on the test database with the test's clock, allowed to send for as long as the test runs. */
  function senderFor(t: TestApp, options: { schedule?: number[]; perEndpointLimit?: number } = {}): WebhookSender {
    const sender = createWebhookSender({
      store: ctx.handle,
      cipher: openDataKeyCipher(t.config.dataKey),
      clock: () => now,
      random: () => 0.5,
      retryScheduleMs: options.schedule ?? [5 * SECOND, 300 * SECOND],
      perEndpointLimit: options.perEndpointLimit,
    });
    sender.holdUntil(Number.POSITIVE_INFINITY);
    senders.push(sender);
    return sender;
  }
  const run = async (sender: WebhookSender) => {
    await sender.pump();
    await sender.settle();
  };
  const queue = (endpoint: CreatedWebhook, bodies: object[]) =>
    enqueueWebhookMessages(ctx.handle.db, bodies.map((b) => ({ endpointId: endpoint.id, type: 'item.status_changed', payload: JSON.stringify(b), eventAt: now })), now);
  const message = (msgId: string) => ctx.handle.db.selectFrom('webhook_messages').selectAll().where('msg_id', '=', msgId).executeTakeFirstOrThrow();
  const endpointRow = (id: string) => ctx.handle.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const newEndpoint = async (t: TestApp, url = receiver.url) => createWebhookFor(t, (await createLabelledPartner(t.db, 'WHD')).code, url);

  it('signs each attempt so that an independent check verifies it, and retries on the schedule until a 2xx', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    const [msgId] = await queue(w, [{ type: 'item.status_changed', n: 1 }]);
    const sender = senderFor(t);
    receiver.answer = (_req, res) => res.writeHead(500).end('database down');
    await run(sender);
    expect(receiver.received).toHaveLength(1);
    expect(await message(msgId!)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: now + 5 * SECOND });
    await run(sender);
    expect(receiver.received, 'not due before its time').toHaveLength(1);

    now += 5 * SECOND;
    receiver.answer = (_req, res) => res.writeHead(204).end();
    await run(sender);
    expect(receiver.received).toHaveLength(2);
    for (const got of receiver.received) {
      expect(got.headers['webhook-id']).toBe(msgId);
      expect(got.body).toBe('{"type":"item.status_changed","n":1}');
      expect(got.headers['content-type']).toBe('application/json');
      expect(verifiesWith(w.secret, got)).toBe(true);
      expect(verifiesWith(w.secret, { ...got, body: got.body.replace('1', '2') })).toBe(false);
    }
    expect(receiver.received.map((r) => Number(r.headers['webhook-timestamp']))).toEqual([FIXED_NOW / 1000, FIXED_NOW / 1000 + 5]);
    expect(await message(msgId!)).toMatchObject({ status: 'delivered', attempts: 2, next_attempt_at: null, delivered_at: now });
    const log = (await t.request('GET', `${V1}/webhooks/${w.id}/deliveries`)).json() as { rows: { status: string; attempts: unknown[] }[] };
    expect(log.rows[0]!.status).toBe('delivered');
    expect(log.rows[0]!.attempts).toEqual([
      { at: '2026-11-21T12:00:00.000+08:00', statusCode: 500, durationMs: 0, error: 'HTTP 500: database down' },
      { at: '2026-11-21T12:00:05.000+08:00', statusCode: 204, durationMs: 0, error: null },
    ]);
    expect((await endpointRow(w.id)).failing_since).toBeNull();
  });

  it('marks a message failed after the last retry, and records why when nobody answers', async () => {
    const t = await newTestApp(ctx);
    const closed = await startReceiver();
    await closed.close();
    const w = await newEndpoint(t, closed.url);
    const [msgId] = await queue(w, [{ n: 1 }]);
    const sender = senderFor(t, { schedule: [SECOND] });
    await run(sender);
    expect(await message(msgId!)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await endpointRow(w.id)).failing_since).toBe(now);
    now += SECOND;
    await run(sender);
    expect(await message(msgId!)).toMatchObject({ status: 'failed', attempts: 2, next_attempt_at: null });
    const attempts = await t.db.selectFrom('webhook_attempts').select(['status_code', 'error']).orderBy('id').execute();
    expect(attempts.at(-1)).toEqual({ status_code: null, error: expect.stringContaining('ECONNREFUSED') });
  });

  it('disables the endpoint on 410 Gone and sends it nothing more', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    receiver.answer = (_req, res) => res.writeHead(410).end();
    const [first] = await queue(w, [{ n: 1 }]);
    await run(senderFor(t));
    expect(await message(first!)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await endpointRow(w.id)).toMatchObject({ enabled: 0, disabled_reason: 'gone' });
    await queue(w, [{ n: 2 }]);
    await run(senderFor(t));
    expect(receiver.received).toHaveLength(1);
    expect((await t.request('GET', `${V1}/webhooks/${w.id}`)).json()).toMatchObject({ enabled: false, disabledReason: 'gone' });
  });

  it('honours Retry-After on 429 and 503 when it asks for longer than the schedule', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    const [a, b] = await queue(w, [{ n: 1 }, { n: 2 }]);
    receiver.answer = (req, res) => (JSON.parse(req.body).n === 1 ? res.writeHead(429, { 'retry-after': '120' }) : res.writeHead(503, { 'retry-after': new Date(now + 3_600_000).toUTCString() })).end();
    await run(senderFor(t));
    expect((await message(a!)).next_attempt_at).toBe(now + 120 * SECOND);
    expect((await message(b!)).next_attempt_at).toBe(now + 3_600_000);
  });

  it('signs with the old and the new secret for 24 h after a rotation, then with the new one alone', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    const rotated = (await t.request('POST', `${V1}/webhooks/${w.id}/rotate-secret`)).json() as { secret: string };
    await queue(w, [{ n: 1 }]);
    await run(senderFor(t));
    const during = receiver.received[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiesWith(w.secret, during)).toBe(true);
    expect(verifiesWith(rotated.secret, during)).toBe(true);

    now = FIXED_NOW + 24 * HOUR;
    await queue(w, [{ n: 2 }]);
    await run(senderFor(t));
    const after = receiver.received[1]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesWith(rotated.secret, after)).toBe(true);
    expect(verifiesWith(w.secret, after)).toBe(false);
  });

  it('sends a replayed or retried message again with the same webhook-id and body', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    const [msgId] = await queue(w, [{ n: 7 }]);
    const sender = senderFor(t);
    await run(sender);
    now += HOUR;
    expect((await t.request('POST', `${V1}/webhooks/${w.id}/replay`, { body: { since: '2026-11-21T12:00:00+08:00' } })).json()).toEqual({ replayed: 1 });
    await run(sender);
    receiver.answer = (_req, res) => res.writeHead(500).end();
    await t.request('POST', `${V1}/webhooks/${w.id}/replay`, { body: { since: '2026-11-21T12:00:00+08:00' } });
    await run(sender);
    const retried = await t.request('POST', `${V1}/webhooks/${w.id}/deliveries/${msgId}/retry`);
    expect(retried.statusCode, retried.body).toBe(200);
    await run(sender);
    expect(receiver.received.map((r) => [r.headers['webhook-id'], r.body])).toEqual(Array(4).fill([msgId, '{"n":7}']));
  });

  it('keeps a slow endpoint to its own few sends while another endpoint’s messages go', async () => {
    const t = await newTestApp(ctx);
    const slow = await newEndpoint(t, `${receiver.url}/slow`);
    const fast = await newEndpoint(t, `${receiver.url}/fast`);
    const held: (() => void)[] = [];
    receiver.answer = (req, res) => (req.path.endsWith('/slow') ? held.push(() => res.writeHead(200).end()) : res.writeHead(200).end());
    await queue(slow, Array.from({ length: 20 }, (_, n) => ({ n })));
    const fastIds = await queue(fast, Array.from({ length: 5 }, (_, n) => ({ n })));
    const sender = senderFor(t, { perEndpointLimit: 3 });
    await sender.pump();
    await vi.waitFor(async () => {
      const states = await t.db.selectFrom('webhook_messages').select('status').where('msg_id', 'in', fastIds).execute();
      expect(states.map((s) => s.status)).toEqual(Array(5).fill('delivered'));
    });
    expect(held).toHaveLength(3);
    // Answering the slow endpoint lets its next messages go, a few at a time, until all are delivered.
    const slowSeen = () => receiver.received.filter((r) => r.path.endsWith('/slow')).length;
    for (let round = 0; round < 20 && (slowSeen() < 20 || held.length > 0); round++) {
      expect(held.length, 'never more than the limit at once').toBeLessThanOrEqual(3);
      held.splice(0).forEach((answer) => answer());
      await vi.waitFor(() => expect(held.length > 0 || slowSeen() === 20).toBe(true));
    }
    held.splice(0).forEach((answer) => answer());
    await sender.settle();
    const slowStates = await t.db.selectFrom('webhook_messages').select('status').where('endpoint_id', '=', slow.id).execute();
    expect(slowStates.map((s) => s.status)).toEqual(Array(20).fill('delivered'));
  });

  it('disables an endpoint whose attempts have all failed for five days', async () => {
    const t = await newTestApp(ctx);
    const w = await newEndpoint(t);
    receiver.answer = (_req, res) => res.writeHead(500).end();
    await updateWebhookEndpoint(t.db, w.id, { failing_since: now - 5 * 24 * HOUR + SECOND });
    await queue(w, [{ n: 1 }]);
    await run(senderFor(t));
    expect(await endpointRow(w.id)).toMatchObject({ enabled: 1, failing_since: now - 5 * 24 * HOUR + SECOND });
    now += SECOND;
    await queue(w, [{ n: 2 }]);
    await run(senderFor(t));
    expect(await endpointRow(w.id)).toMatchObject({ enabled: 0, disabled_reason: 'failing' });
  });
});
