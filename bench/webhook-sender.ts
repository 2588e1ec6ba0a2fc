// How fast the webhook sender drains a backlog to a local receiver on 127.0.0.1, on SQLite (a temp
// file): N messages queued over E endpoints, then the sender runs until all are delivered. A second
// run has the receiver fail 10 % of requests (500), with a short retry schedule, and counts how many
// failed attempts were retried to success. Prints figures; the last line is a JSON object.
//   npx tsx bench/webhook-sender.ts [messages=20000] [endpoints=4]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDataKeyCipher } from '../src/data-key.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDb } from '../src/db/open-db.js';
import { upsertPartner } from '../src/modules/programs/partner.repository.js';
import { createWebhook } from '../src/modules/webhooks/webhook-endpoint.service.js';
import { enqueueWebhookMessages } from '../src/modules/webhooks/webhook-message.repository.js';
import { createWebhookSender } from '../src/modules/webhooks/webhook-sender.js';

const MESSAGES = Number(process.argv[2] ?? 20_000);
const ENDPOINTS = Number(process.argv[3] ?? 4);

async function run(failShare: number): Promise<{ perSec: number; seconds: number; requests: number; failedAttempts: number; retriedToSuccess: number }> {
  let requests = 0;
  let failures = 0;
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      // Every tenth request by count, so the share is exact and needs no random source.
      if (failShare > 0 && ++n % Math.round(1 / failShare) === 0) {
        failures++;
        res.writeHead(500).end();
      } else res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'songda-bench-webhooks-'));
  const store = openDb({ kind: 'sqlite', file: join(dir, 'songda.db'), url: `sqlite:${join(dir, 'songda.db')}` });
  try {
    await migrateToLatest(store.db);
    const cipher = openDataKeyCipher(loadConfig({ SONGDA_DATA_KEY: '11'.repeat(32) }).dataKey);
    const now = Date.now();
    await upsertPartner(store.db, { code: 'BENCH', name: '基准合作方', kind: 'agency', division_code: '420500' }, now);
    const actor = { db: store.db, cipher, actor: 'cli', scope: 'all' as const, now, timeZone: 'Asia/Shanghai', allowHttp: true };
    const endpoints: { id: string }[] = [];
    for (let e = 0; e < ENDPOINTS; e++) endpoints.push(await createWebhook(actor, { url: `${base}/e${e}`, events: ['item.status_changed'], partner: 'BENCH' }));
    const rows = Array.from({ length: MESSAGES }, (_, i) => ({
      endpointId: endpoints[i % ENDPOINTS]!.id,
      type: 'item.status_changed',
      payload: JSON.stringify({ type: 'item.status_changed', timestamp: new Date(now).toISOString(), data: { trackingNo: `EA${String(10_000_000 + i)}0CN`, sequence: i } }),
      eventAt: now,
    }));
    await enqueueWebhookMessages(store.db, rows, now);
    const sender = createWebhookSender({ store, cipher, clock: Date.now, random: Math.random, retryScheduleMs: [20, 20, 20, 20, 20] });
    sender.holdUntil(Number.POSITIVE_INFINITY);
    const started = performance.now();
    const delivered = async () => Number((await store.db.selectFrom('webhook_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'delivered').executeTakeFirstOrThrow()).n);
    while ((await delivered()) < MESSAGES) {
      await sender.pump();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    await sender.close();
    return { perSec: Math.round(MESSAGES / seconds), seconds: Number(seconds.toFixed(2)), requests, failedAttempts: failures, retriedToSuccess: failures };
  } finally {
    await store.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const clean = await run(0);
console.log(`all answered 200: ${MESSAGES} messages over ${ENDPOINTS} endpoints delivered in ${clean.seconds} s, ${clean.perSec} deliveries/s (${clean.requests} requests)`);
const flaky = await run(0.1);
console.log(
  `10 % answered 500: ${MESSAGES} delivered in ${flaky.seconds} s, ${flaky.perSec} deliveries/s; ${flaky.failedAttempts} failed attempts, all retried to success (${flaky.requests} requests)`,
);
console.log(JSON.stringify({ deliveries: MESSAGES, endpoints: ENDPOINTS, perSec: clean.perSec, perSecWithFailures: flaky.perSec, failedAttempts: flaky.failedAttempts, requests: flaky.requests }));
