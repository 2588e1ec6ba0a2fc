// The delivery job as `songda serve` runs it: two servers' jobs on one database, one lease, so each
// message is sent once; stopping a job gives its lease up.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openDataKeyCipher } from '../../src/data-key.js';
import { startWebhookJob } from '../../src/jobs/webhook-job.js';
import { enqueueWebhookMessages } from '../../src/modules/webhooks/webhook-message.repository.js';
import { createLabelledPartner } from '../factories-partners.js';
import { newTestApp } from '../factories.js';
import { type Receiver, createWebhookFor, startReceiver } from '../factories-webhooks.js';
import { describeEachDialect } from '../test-db.js';

const MESSAGES = 200;

describeEachDialect('webhook job', (ctx) => {
  let receiver: Receiver;
  const stops: (() => Promise<void>)[] = [];
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    await receiver.close();
  });

  it('sends every message once when two servers run the job on one database', async () => {
    const t = await newTestApp(ctx);
    const w = await createWebhookFor(t, (await createLabelledPartner(t.db, 'WHJ')).code, receiver.url);
    const now = Date.now();
    const ids = await enqueueWebhookMessages(t.db, Array.from({ length: MESSAGES }, (_, n) => ({ endpointId: w.id, type: 'item.status_changed', payload: JSON.stringify({ n }), eventAt: now })), now);
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const cipher = openDataKeyCipher(t.config.dataKey);
    for (let server = 0; server < 2; server++) {
      stops.push(startWebhookJob({ store: ctx.handle, cipher, timeZone: 'Asia/Shanghai', retryScheduleMs: [1000], clock: Date.now, random: Math.random, log, intervalMs: 20 }));
    }
    await vi.waitFor(
      async () => {
        const rows = await t.db.selectFrom('webhook_messages').select('status').where('endpoint_id', '=', w.id).where('status', '=', 'delivered').execute();
        expect(rows).toHaveLength(MESSAGES);
      },
      { timeout: 20_000, interval: 100 },
    );
    const arrived = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect([...arrived].sort()).toEqual([...ids].sort());
    await Promise.all(stops.splice(0).map((stop) => stop()));
    const lease = await t.db.selectFrom('job_leases').select('expires_at').where('name', '=', 'webhooks').executeTakeFirstOrThrow();
    expect(lease.expires_at, 'given up on stop').toBe(0);
  });
});
