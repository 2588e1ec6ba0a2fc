// The notifications job as `songda serve` runs it with the http provider: two servers' jobs on one
// database, one lease, so each request mailed is told once and each message reaches the gateway once.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { startSmsJob } from '../../src/jobs/sms-job.js';
import { newWebhookSecret } from '../../src/modules/webhooks/webhook-signing.js';
import { newTestApp } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postRequests } from '../factories-requests.js';
import { type Receiver, startReceiver, verifiesWith } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const REQUESTS = 20;

describeEachDialect('notifications job', (ctx) => {
  let receiver: Receiver;
  const stops: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    await receiver.close();
  });

  it('tells each recipient of a mailed request once, through the gateway, when two servers run the job', async () => {
    const secret = newWebhookSecret();
    const t = await newTestApp(ctx, { env: { SONGDA_SMS_PROVIDER: 'http', SONGDA_SMS_URL: receiver.url, SONGDA_SMS_SECRET: secret } });
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const cipher = openDataKeyCipher(t.config.dataKey);
    for (let server = 0; server < 2; server++) {
      stops.push(startSmsJob({ store: ctx.handle, cipher, sms: t.config.sms, timeZone: 'Asia/Shanghai', clock: Date.now, random: Math.random, log, intervalMs: 20 }));
    }
    // The feeds start where the store stands when the job first runs: what is mailed after it is told.
    await vi.waitFor(async () => expect(await t.db.selectFrom('notification_feeds').select('feed').execute()).toHaveLength(2), { timeout: 10_000, interval: 50 });
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const mailed = await postRequests(t, program.code, Array.from({ length: REQUESTS }, () => ({ name: '王五', phone: newPhone(), address: addressIn(county) })));
    const trackingNos = mailed.map((m) => m.trackingNo!);
    await vi.waitFor(
      async () => {
        const rows = await t.db.selectFrom('notifications').select('status').where('tracking_no', 'in', trackingNos).where('status', '=', 'sent').execute();
        expect(rows).toHaveLength(REQUESTS);
      },
      { timeout: 20_000, interval: 100 },
    );
    const outIds = (await t.db.selectFrom('notifications').select('out_id').where('tracking_no', 'in', trackingNos).execute()).map((r) => r.out_id);
    expect(receiver.received.map((r) => String(r.headers['webhook-id'])).sort()).toEqual(outIds.sort());
    expect(receiver.received.every((r) => verifiesWith(secret, r))).toBe(true);
    expect(new Set(receiver.received.map((r) => (JSON.parse(r.body) as { params: { trackingNo: string } }).params.trackingNo))).toEqual(new Set(trackingNos));
    await Promise.all(stops.splice(0).map((stop) => stop()));
    const lease = await t.db.selectFrom('job_leases').select('expires_at').where('name', '=', 'notifications').executeTakeFirstOrThrow();
    expect(Number(lease.expires_at), 'given up on stop').toBe(0);
  });
});
