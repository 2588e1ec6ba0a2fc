// Recipients told by SMS: the store and its once-a-day rule, the templates, the feeds (requests mailed,
// last-mile scans from POST /scans and POST /deliveries), the held notice's masked code, the citizen's
// one-time code and its locks, the per-item log, and the http provider against a receiver that fails
// and recovers.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import type { SmsConfig } from '../../src/config.js';
import { notifyFromFeeds } from '../../src/modules/notifications/notification-feeds.js';
import { notifyHeld } from '../../src/modules/notifications/notify-held.js';
import { MAX_WRONG_TRIES, checkOneTimeCode, requestOneTimeCode } from '../../src/modules/notifications/one-time-code.js';
import { smsQueue } from '../../src/modules/notifications/sms-queue.js';
import { type WebhookSender, createSignedSender } from '../../src/modules/webhooks/webhook-sender.js';
import { newWebhookSecret } from '../../src/modules/webhooks/webhook-signing.js';
import { FIXED_NOW, HOUR, MINUTE, type TestApp, newTestApp, newTrackingNo, shanghai } from '../factories.js';
import { delivered, itemAtTheDoor, postDeliveries } from '../factories-deliveries.js';
import { createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { type Receiver, startReceiver, verifiesWith } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const V1 = '/api/v1';
const DAY = 24 * HOUR;
const NO_RULES = { recipientOnly: false, idCheck: false };

type LogRow = { template: string; status: string; phone: string; text: string; provider: string; outId: string };

describeEachDialect('recipients told by SMS', (ctx) => {
  const deps = (t: TestApp, sms: SmsConfig = t.config.sms) => ({ db: t.db, store: ctx.handle, cipher: openDataKeyCipher(t.config.dataKey), sms, timeZone: t.config.timeZone });
  const log = async (t: TestApp, trackingNo: string, token?: string): Promise<LogRow[]> => {
    const res = await t.app.inject({ method: 'GET', url: `${V1}/items/${trackingNo}/notifications`, headers: { authorization: `Bearer ${token ?? t.tokens.viewer}`, 'accept-language': 'zh-CN' } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { notifications: LogRow[] }).notifications;
  };
  const rows = (t: TestApp, trackingNo: string) => t.db.selectFrom('notifications').selectAll().where('tracking_no', '=', trackingNo).orderBy('id').execute();
  let receiver: Receiver;
  let sender: WebhookSender | undefined;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await sender?.close();
    sender = undefined;
    await receiver.close();
  });
  const scan = async (t: TestApp, body: object[]) => expect((await t.request('POST', `${V1}/scans`, { role: 'operator', body })).json()).toMatchObject({ rejected: [] });

  it('tells the recipient of a mailed request and of the last mile once a template a day, from POST /scans and POST /deliveries alike, phone sealed', async () => {
    const t = await newTestApp(ctx);
    await notifyFromFeeds(deps(t), t.now);
    const item = await itemAtTheDoor(t, NO_RULES);
    await postDeliveries(t, [delivered(item, { outcome: 'failed', receivedBy: undefined, reason: 'RECIPIENT_ABSENT' })]);
    // A second round the same day: nothing new for templates already sent today.
    await scan(t, [{ trackingNo: item.trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(t.now - 30 * MINUTE), site: item.office }]);
    await notifyFromFeeds(deps(t), t.now);

    const told = await log(t, item.trackingNo);
    expect(told.map((n) => [n.template, n.status, n.provider])).toEqual([
      ['request_confirmed', 'shown', 'log'],
      ['out_for_delivery', 'shown', 'log'],
      ['attempt_failed', 'shown', 'log'],
    ]);
    expect(told[0]!.text).toBe(`【中国邮政】您的寄递申请已受理，邮件号${item.trackingNo}，可凭邮件号和手机后四位查询进度。`);
    expect(told[2]!.text).toContain('（收件人不在）');
    expect(told[0]!.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const stored = await rows(t, item.trackingNo);
    const [request] = await t.db.selectFrom('requests').select('phone_sealed').where('tracking_no', '=', item.trackingNo).execute();
    expect(JSON.stringify(stored)).not.toContain(openDataKeyCipher(t.config.dataKey).open(request!.phone_sealed));
    // Shown by the log provider, sent to nobody: nothing sealed is kept.
    expect(stored.every((r) => r.payload_sealed === null && r.phone_sealed === null)).toBe(true);

    // The next local day, out for delivery again and delivered: told again.
    const tomorrow = t.now + DAY;
    await scan(await newTestApp(ctx, { now: tomorrow }), [
      { trackingNo: item.trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(tomorrow - 2 * HOUR), site: item.office },
      { trackingNo: item.trackingNo, code: 'DELIVERED', at: shanghai(tomorrow - HOUR), site: item.office },
    ]);
    await notifyFromFeeds(deps(t), tomorrow);
    expect((await log(t, item.trackingNo)).map((n) => n.template)).toEqual(['request_confirmed', 'out_for_delivery', 'attempt_failed', 'out_for_delivery', 'delivered']);
    expect((await rows(t, item.trackingNo)).map((r) => r.local_day)).toEqual(['2026-11-21', '2026-11-21', '2026-11-21', '2026-11-22', '2026-11-22']);
  });

  it('tells nobody of scans uploaded long after they were made', async () => {
    const t = await newTestApp(ctx);
    await notifyFromFeeds(deps(t), t.now);
    const item = await itemAtTheDoor(t, NO_RULES);
    await notifyFromFeeds(deps(t), t.now + 2 * DAY);
    expect((await log(t, item.trackingNo)).map((n) => n.template)).toEqual(['request_confirmed']);
  });

  it('passes over the scans that tell nobody anything a span at a time, and tells of the door events among them', async () => {
    const t = await newTestApp(ctx);
    await notifyFromFeeds(deps(t), t.now);
    const item = await itemAtTheDoor(t, NO_RULES);
    // Forty-five scans of other items, then the delivery: every run reads a span of ids.
    await scan(
      t,
      Array.from({ length: 45 }, () => ({ trackingNo: newTrackingNo(), code: 'ARRIVED', at: shanghai(t.now - 2 * HOUR), site: item.office })),
    );
    await scan(t, [{ trackingNo: item.trackingNo, code: 'DELIVERED', at: shanghai(t.now - HOUR), site: item.office }]);
    const limit = 2;
    const covered: number[] = [];
    for (let run = 0; run < 50 && (covered.at(-1) ?? limit) >= limit; run++) covered.push(await notifyFromFeeds(deps(t), t.now, limit));
    // More than one span, each one saying there may be more, until the last.
    expect(covered.length).toBeGreaterThan(2);
    expect(covered.slice(0, -2).every((n) => n >= limit)).toBe(true);
    expect(covered.at(-1)).toBeLessThan(limit);
    expect((await log(t, item.trackingNo)).map((n) => n.template)).toEqual(['request_confirmed', 'out_for_delivery', 'delivered']);
    const [position] = await t.db.selectFrom('notification_feeds').select('position').where('feed', '=', 'scan_events').execute();
    const [last] = await t.db.selectFrom('scan_events').select((eb) => eb.fn.max('id').as('id')).execute();
    expect(Number(position!.position)).toBe(Number(last!.id));
  });

  it('stores the held notice with the pickup code masked and sends the code only to the gateway', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    expect(await notifyHeld(deps(t), { trackingNo: item.trackingNo, pickupCode: '472913', office: item.office, lastDay: '2026-11-28' }, t.now)).toBe(true);
    expect(await notifyHeld(deps(t), { trackingNo: item.trackingNo, pickupCode: '472913', office: item.office, lastDay: '2026-11-28' }, t.now)).toBe(false);
    const [held] = (await log(t, item.trackingNo)).filter((n) => n.template === 'held');
    expect(held!.text).toMatch(/取件码\*{6}，请于11月28日前/);
    expect(JSON.stringify(await rows(t, item.trackingNo))).not.toContain('472913');
  });

  it('sends a one-time code only for the right digits, answers alike either way, and locks after wrong tries', async () => {
    const t = await newTestApp(ctx);
    const item = await itemAtTheDoor(t, NO_RULES);
    const [request] = await t.db.selectFrom('requests').select('phone_masked').where('tracking_no', '=', item.trackingNo).execute();
    const right = request!.phone_masked.slice(-4);
    const wrong = right === '0000' ? '1111' : '0000';
    const verify = (phone4: string) => t.app.inject({ method: 'POST', url: `${V1}/public/items/${item.trackingNo}/verify`, payload: { phone4 } });
    const [a, b] = [await verify(wrong), await verify(right)];
    expect([a.statusCode, b.statusCode]).toEqual([202, 202]);
    expect(a.body).toBe(b.body);
    const otp = (await log(t, item.trackingNo)).filter((n) => n.template === 'one_time_code');
    expect(otp).toHaveLength(1);
    expect(otp[0]!.text).toMatch(/验证码\*{6}，10分钟内有效/);

    // The service itself, with a code the test knows.
    const codeDeps = { ...deps(t), newCode: () => '123456' };
    await requestOneTimeCode(codeDeps, item.trackingNo, right, t.now + 2 * MINUTE);
    expect(await checkOneTimeCode(codeDeps, item.trackingNo, '123456', t.now + 13 * MINUTE), 'expired after ten minutes').toBe('wrong');
    await requestOneTimeCode(codeDeps, item.trackingNo, right, t.now + 14 * MINUTE);
    expect(await checkOneTimeCode(codeDeps, item.trackingNo, '123456', t.now + 15 * MINUTE)).toBe('ok');
    expect(await checkOneTimeCode(codeDeps, item.trackingNo, '123456', t.now + 15 * MINUTE), 'used once').toBe('wrong');
    // Wrong digits (one above) and wrong codes (two) count together; at the limit even the right code is refused.
    await requestOneTimeCode(codeDeps, item.trackingNo, right, t.now + 16 * MINUTE);
    for (let i = 3; i < MAX_WRONG_TRIES; i++) expect(await checkOneTimeCode(codeDeps, item.trackingNo, '000000', t.now + 16 * MINUTE)).toBe('wrong');
    expect(await checkOneTimeCode(codeDeps, item.trackingNo, '123456', t.now + 17 * MINUTE)).toBe('locked');
    expect(JSON.stringify(await t.db.selectFrom('one_time_codes').selectAll().execute())).not.toContain('123456');
  });

  it('limits asks for codes per client address', async () => {
    const t = await newTestApp(ctx);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await t.app.inject({ method: 'POST', url: `${V1}/public/items/RR123456785CN/verify`, payload: { phone4: '1234' }, remoteAddress: '10.9.8.7' })).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('shows a partner the log of its own programs’ items only', async () => {
    const t = await newTestApp(ctx);
    await notifyFromFeeds(deps(t), t.now);
    const item = await itemAtTheDoor(t, NO_RULES);
    await notifyFromFeeds(deps(t), t.now);
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', item.program).executeTakeFirstOrThrow()).sponsor;
    expect((await log(t, item.trackingNo, (await newPartnerToken(t, sponsor)).token)).length).toBeGreaterThan(0);
    const other = (await newPartnerToken(t, (await createLabelledPartner(t.db, 'SMS')).code)).token;
    const res = await t.app.inject({ method: 'GET', url: `${V1}/items/${item.trackingNo}/notifications`, headers: { authorization: `Bearer ${other}` } });
    expect(res.statusCode).toBe(404);
  });

    it('sends through the gateway, signed, retried on the SMS schedule while it fails, each message once it answers: nothing lost, nothing twice', async () => {
      const secret = newWebhookSecret();
      const t = await newTestApp(ctx, { env: { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: receiver.url, SONGDA_SMS_SECRET: secret, SONGDA_SMS_RETRY_SCHEDULE: '5s,30s' } });
      let now = t.now;
      await notifyFromFeeds(deps(t), now);
      const items = [await itemAtTheDoor(t, NO_RULES), await itemAtTheDoor(t, NO_RULES)];
      await notifyFromFeeds(deps(t), now);
      expect(await notifyHeld(deps(t), { trackingNo: items[0]!.trackingNo, pickupCode: '604211', office: items[0]!.office, lastDay: '2026-11-28' }, now)).toBe(true);
      const outIds = (await t.db.selectFrom('notifications').select(['out_id', 'status']).where('tracking_no', 'in', items.map((i) => i.trackingNo)).execute());
      expect(outIds.map((r) => r.status)).toEqual(Array(5).fill('pending'));

      if (t.config.sms.provider !== 'http') throw new Error('http provider expected');
      sender = createSignedSender({ store: ctx.handle, clock: () => now, random: () => 0.5, retryScheduleMs: t.config.sms.retryScheduleMs }, smsQueue(openDataKeyCipher(t.config.dataKey), t.config.sms));
      sender.holdUntil(Number.POSITIVE_INFINITY);
      const run = async () => {
        await sender!.pump();
        await sender!.settle();
      };
      // Down at first: every message tried once, none lost.
      receiver.answer = (_req, res) => res.writeHead(503).end('busy');
      await run();
      expect(receiver.received).toHaveLength(5);
      expect((await t.db.selectFrom('notifications').select(['status', 'tries', 'last_error']).where('out_id', 'in', outIds.map((r) => r.out_id)).execute()).every((r) => r.status === 'pending' && Number(r.tries) === 1 && r.last_error === 'HTTP 503: busy')).toBe(true);
      // Back up when the retry is due: each sent once more, then never again.
      receiver.answer = (_req, res) => res.writeHead(200).end('{"code":"OK"}');
      now += 5000;
      await run();
      now += 60_000;
      await run();
      expect(receiver.received).toHaveLength(10);
      const ok = receiver.received.slice(5);
      expect(new Set(ok.map((r) => r.headers['webhook-id']))).toEqual(new Set(outIds.map((r) => r.out_id)));
      for (const got of receiver.received) expect(verifiesWith(secret, got)).toBe(true);
      const bodies = ok.map((r) => JSON.parse(r.body) as { phone: string; template: string; params: Record<string, string>; outId: string });
      const held = bodies.find((b) => b.template === 'held')!;
      expect(held.params.code, 'the clear code goes to the gateway').toBe('604211');
      expect(held.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(held.outId).toBe(ok.find((r) => r.body.includes('604211'))!.headers['webhook-id']);
      const after = await t.db.selectFrom('notifications').selectAll().where('out_id', 'in', outIds.map((r) => r.out_id)).execute();
      expect(after.map((r) => [r.status, Number(r.tries), r.payload_sealed, r.phone_sealed])).toEqual(Array(5).fill(['sent', 2, null, null]));
      expect(JSON.stringify(after)).not.toContain('604211');
    });
});
