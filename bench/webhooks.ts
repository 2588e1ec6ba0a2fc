/**
 * Webhook benchmark: a real `songda serve` (a child process) is sent N item status changes (scan
 * events of items mailed for a program) while a receiver on 127.0.0.1 takes the pushes of an
 * endpoint subscribed to item.status_changed, failing one request in ten (HTTP 500). Prints the
 * deliveries per second, the lag from the scan's commit to its delivery, and the share of failed
 * deliveries retried to success. Figures, never pass/fail. Last line: a JSON object.
 *
 *   npm run bench:webhooks [-- --events 100000] [--batch 5000] [--fail-every 10] [--rate 1000 --batch 500]
 *
 * Without --rate the scans are posted as fast as the server stores them (several times faster than one
 * endpoint can be pushed to, so the lag is mostly the backlog); with --rate N they are offered at N a second.
 *   SONGDA_DB=postgres://… npm run bench:webhooks
 *
 * The lag is `delivered_at − event_at` of each message as the server stored them: from when the
 * scan's batch was stored to when the receiver's 2xx was recorded (a failed first attempt adds the
 * retry wait, SONGDA_WEBHOOK_RETRY_SCHEDULE=1s,2s,4s here).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { parseDbTarget } from '../src/config.js';
import { openDb } from '../src/db/open-db.js';
import { freshTarget } from './lib/targets.js';
import { startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '5000' },
    'fail-every': { type: 'string', default: '10' },
    rate: { type: 'string', default: '0' },
  },
});
const events = Number(values.events);
const batchLines = Number(values.batch);
const failEvery = Number(values['fail-every']);
const rate = Number(values.rate);
const CODES = ['ACCEPTED', 'DISPATCHED', 'ARRIVED', 'DISPATCHED', 'ARRIVED', 'AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const;
const itemCount = Math.ceil(events / CODES.length);

// The receiver: every `failEvery`-th request answers 500; the rest 204.
let requests = 0;
const firstFailed = new Set<string>();
const delivered = new Set<string>();
let lastDeliveryAt = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const id = String(req.headers['webhook-id']);
    if (++requests % failEvery === 0 && !delivered.has(id)) {
      if (!delivered.has(id)) firstFailed.add(id);
      res.writeHead(500).end();
      return;
    }
    delivered.add(id);
    lastDeliveryAt = performance.now();
    res.writeHead(204).end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/songda`;

const target = await freshTarget(process.env.SONGDA_DB);
const server = await startServer(target.url, { SONGDA_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s', SONGDA_WEBHOOK_ALLOW_HTTP: 'true' });
const json = (body: unknown) => JSON.stringify(body);
const send = async (method: string, path: string, body: unknown) => {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` }, body: json(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
};

let elapsedMs = 0;
let ingestMs = 0;
let scansAccepted = 0;
try {
  // A county of Yichang with its delivery office, a counter and a centre; an agency and its program.
  const units = [
    { code: 'BWCTR', name: '夷陵区营业部', kind: 'counter', divisionCode: '420506' },
    { code: 'BWHUB', name: '宜昌邮区中心', kind: 'processing_centre', divisionCode: '420500' },
    { code: 'BWOFF', name: '夷陵区揽投部', kind: 'delivery_office', divisionCode: '420506' },
  ];
  await server.post('/api/v1/units', json(units), 'application/json');
  await server.post('/api/v1/partners', json([{ code: 'BWAGENCY', name: '宜昌市退役军人事务局', kind: 'agency', divisionCode: '420500' }]), 'application/json');
  const program = { code: 'BWPG', name: '宜昌市退役军人优待证寄递', documentType: '优待证', sponsor: 'BWAGENCY', payerMode: 'government', requirements: { recipientOnly: true, idCheck: false }, slaDays: 7 };
  await server.post('/api/v1/programs', json([program]), 'application/json');
  await send('POST', '/api/v1/webhooks', { partner: 'BWAGENCY', url: receiverUrl, events: ['item.status_changed'] });

  console.log(`mailing ${itemCount.toLocaleString('en')} requests of program ${program.code} …`);
  const trackingNos: string[] = [];
  for (let i = 0; i < itemCount; i += 1000) {
    const body = Array.from({ length: Math.min(1000, itemCount - i) }, (_, k) => ({
      name: `收件人${i + k}`,
      phone: `139${String(10_000_000 + i + k).slice(-8)}`,
      address: `湖北省宜昌市夷陵区和平路${i + k}号`,
      divisionCode: '420506',
    }));
    const results = JSON.parse(await server.post(`/api/v1/programs/${program.code}/requests`, json(body), 'application/json')) as { trackingNo?: string }[];
    for (const r of results) if (r.trackingNo) trackingNos.push(r.trackingNo);
  }

  // Eight changes per item, an hour apart, in batches of whole steps (every item's first scan, then every item's second, …).
  const start = Date.now() - 2 * 86_400_000;
  const sites = ['BWCTR', 'BWCTR', 'BWHUB', 'BWHUB', 'BWOFF', 'BWOFF', 'BWOFF', 'BWOFF'];
  const lines: string[] = [];
  for (let step = 0; step < CODES.length; step++) {
    for (const trackingNo of trackingNos) {
      if (lines.length === events) break;
      const at = new Date(start + step * 3_600_000).toISOString().replace('Z', '+00:00');
      lines.push(JSON.stringify({ trackingNo, code: CODES[step], at, site: sites[step] }));
    }
  }
  console.log(`posting ${lines.length.toLocaleString('en')} status changes in batches of ${batchLines}${rate > 0 ? `, ${rate}/s,` : ''} while the receiver takes the pushes (1 in ${failEvery} answered 500) …`);
  const started = performance.now();
  for (let i = 0; i < lines.length; i += batchLines) {
    // Offered at `rate` changes a second: batch i is posted no earlier than i × batch / rate seconds in.
    const due = started + (rate > 0 ? (i / rate) * 1000 : 0);
    if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    const result = JSON.parse(await server.post('/api/v1/scans', lines.slice(i, i + batchLines).join('\n'), 'application/x-ndjson')) as { accepted: number };
    scansAccepted += result.accepted;
  }
  ingestMs = performance.now() - started;
  // Until every change is delivered, or nothing has arrived for 30 s.
  let lastSeen = delivered.size;
  let quietSince = performance.now();
  while (delivered.size < scansAccepted && performance.now() - quietSince < 30_000) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (delivered.size !== lastSeen) {
      lastSeen = delivered.size;
      quietSince = performance.now();
    }
  }
  elapsedMs = lastDeliveryAt - started;
} finally {
  await server.stop();
  receiver.close();
}

const store = openDb(parseDbTarget(target.url));
const rows = await store.db.selectFrom('webhook_messages').select(['event_at', 'created_at', 'delivered_at']).where('status', '=', 'delivered').execute();
await store.close();
await target.drop();
const sorted = (list: number[]) => list.sort((a, b) => a - b);
const lags = sorted(rows.map((r) => Number(r.delivered_at) - Number(r.event_at)));
// Apart: from the scan's commit to its message being queued (the fan-out), and from queued to delivered (the sender).
const queueLags = sorted(rows.map((r) => Number(r.created_at) - Number(r.event_at)));
const sendLags = sorted(rows.map((r) => Number(r.delivered_at) - Number(r.created_at)));
const at = (list: readonly number[], p: number) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))] ?? 0;
const pct = (p: number) => at(lags, p);
const retriedOk = [...firstFailed].filter((id) => delivered.has(id)).length;
const perSec = delivered.size / (elapsedMs / 1000);

console.log(`ingest:     ${scansAccepted.toLocaleString('en')} changes stored in ${(ingestMs / 1000).toFixed(2)} s = ${Math.round(scansAccepted / (ingestMs / 1000)).toLocaleString('en')} events/s`);
console.log(`deliveries: ${delivered.size.toLocaleString('en')} of ${scansAccepted.toLocaleString('en')} in ${(elapsedMs / 1000).toFixed(2)} s from the first scan = ${Math.round(perSec).toLocaleString('en')}/s (${requests.toLocaleString('en')} requests received)`);
console.log(`lag, stored → delivered: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${lags.at(-1) ?? 0} ms (${target.kind})`);
console.log(`  of which stored → queued (fan-out): p50 ${at(queueLags, 50)} ms, p99 ${at(queueLags, 99)} ms; queued → delivered (sender): p50 ${at(sendLags, 50)} ms, p99 ${at(sendLags, 99)} ms`);
console.log(`failed first: ${firstFailed.size.toLocaleString('en')}, retried to success: ${retriedOk.toLocaleString('en')} (${((100 * retriedOk) / Math.max(1, firstFailed.size)).toFixed(1)} %)`);
console.log(json({ deliveries: delivered.size, perSec: Math.round(perSec), offeredPerSec: rate > 0 ? rate : null, lagP50Ms: pct(50), lagP99Ms: pct(99), retriedToSuccess: Number((retriedOk / Math.max(1, firstFailed.size)).toFixed(3)) }));
