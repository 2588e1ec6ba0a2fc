import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DbTarget } from '../../src/config.js';
import { openDataKeyCipher } from '../../src/data-key.js';
import type { Dialect } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open-db.js';
import { upsertPartner } from '../../src/modules/programs/partner.repository.js';
import { createWebhook } from '../../src/modules/webhooks/webhook-endpoint.service.js';
import { enqueueWebhookMessages } from '../../src/modules/webhooks/webhook-message.repository.js';
import { createEmptyTarget } from '../test-db.js';
import { waitUntilServing } from './serving.js';

/**
 * At least once across kill -9: 300 messages are queued before `songda serve` starts; a slow
 * receiver takes them; the server is killed while some are sent but not yet answered, and
 * restarted. Every message must arrive, any that arrives twice with the same webhook-id and body,
 * and all end delivered.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA_KEY = '7a'.repeat(32);
const MESSAGES = 300;
/** Enough arrivals that the kill lands in a busy sender, few enough that most messages are left for the restart. */
const KILL_AFTER = 60;
const ANSWER_AFTER_MS = 40;

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

async function startServer(target: DbTarget): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SONGDA_DB: target.url,
      SONGDA_PORT: '0',
      SONGDA_HOST: '127.0.0.1',
      SONGDA_ADMIN_TOKEN: 'webhook-crash-admin-token-0123456789',
      SONGDA_DATA_KEY: DATA_KEY,
      SONGDA_LOG_LEVEL: 'warn',
      SONGDA_WEBHOOK_RETRY_SCHEDULE: '1s,1s,1s',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  await waitUntilServing(child, 'server', 30_000);
  return child;
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A receiver that keeps every request (id and body, on arrival) and answers 200 after a while. */
async function slowReceiver(onArrival: (count: number) => void) {
  const arrivals: { id: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      arrivals.push({ id: String(req.headers['webhook-id']), body });
      onArrival(arrivals.length);
      setTimeout(() => res.writeHead(200).end(), ANSWER_AFTER_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    arrivals,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The endpoint and its queued messages, written straight to the store before any server runs. */
async function seed(target: DbTarget, url: string): Promise<Map<string, string>> {
  const store = openDb(target);
  try {
    await migrateToLatest(store.db);
    const now = Date.now();
    await upsertPartner(store.db, { code: 'CRASHAGENCY', name: '宕机测试局', kind: 'agency', division_code: '420500' }, now);
    const cipher = openDataKeyCipher(loadConfig({ SONGDA_DATA_KEY: DATA_KEY }).dataKey);
    const actor = { db: store.db, cipher, actor: 'cli', scope: 'all' as const, now, timeZone: 'Asia/Shanghai', allowHttp: true };
    const endpoint = await createWebhook(actor, { url, events: ['item.status_changed'], partner: 'CRASHAGENCY' });
    const payloads = Array.from({ length: MESSAGES }, (_, n) => JSON.stringify({ type: 'item.status_changed', timestamp: new Date(now).toISOString(), data: { n } }));
    const ids = await enqueueWebhookMessages(store.db, payloads.map((payload) => ({ endpointId: endpoint.id, type: 'item.status_changed', payload, eventAt: now })), now);
    return new Map(ids.map((id, i) => [id, payloads[i]!]));
  } finally {
    await store.close();
  }
}

async function storedStatuses(target: DbTarget): Promise<Record<string, number>> {
  const store = openDb(target);
  try {
    const rows = await store.db.selectFrom('webhook_messages').select('status').execute();
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  } finally {
    await store.close();
  }
}

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

describe.each(DIALECTS)('kill -9 during webhook delivery [%s]', (dialect) => {
  it('delivers every message at least once, a repeat only with the same webhook-id and body, and marks all delivered', async () => {
    const { target, drop } = await createEmptyTarget(dialect);
    let server: ChildProcess | undefined;
    let killAt: (() => void) | undefined;
    const reachedKillPoint = new Promise<void>((resolve) => (killAt = resolve));
    const receiver = await slowReceiver((count) => {
      if (count === KILL_AFTER) killAt?.();
    });
    try {
      const sent = await seed(target, receiver.url);
      server = await startServer(target);
      await reachedKillPoint;
      await killHard(server);
      const beforeRestart = receiver.arrivals.length;
      expect(beforeRestart, 'the kill came before everything was sent').toBeLessThan(MESSAGES);

      server = await startServer(target);
      const deadline = Date.now() + 60_000;
      let statuses = await storedStatuses(target);
      while ((statuses.delivered ?? 0) < MESSAGES && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        statuses = await storedStatuses(target);
      }
      expect(statuses).toEqual({ delivered: MESSAGES });

      const seen = new Map<string, string>();
      for (const { id, body } of receiver.arrivals) {
        expect(sent.get(id), `an unknown webhook-id ${id} arrived`).toBeDefined();
        expect(body, `the body of ${id}`).toBe(sent.get(id));
        seen.set(id, body);
      }
      expect(seen.size).toBe(MESSAGES);
      // Those sent but not yet answered when the server died went again: the kill landed mid-delivery.
      expect(receiver.arrivals.length).toBeGreaterThan(MESSAGES);
      await killHard(server);
    } finally {
      if (server) await killHard(server);
      await receiver.close();
      await drop();
    }
  }, 120_000);
});
