import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbTarget } from '../../src/config.js';
import type { Dialect } from '../../src/db/database.js';
import { openDb } from '../../src/db/open-db.js';
import { formatS10 } from '../../src/domain/s10.js';
import { createEmptyTarget } from '../test-db.js';
import { waitUntilServing } from './serving.js';

/**
 * The crash test: kill -9 the server in the middle of a large ingest and restart it. Every
 * acknowledged event must be there, no request's batch may be half-stored, nothing is duplicated,
 * and a client that retries what was cut off ends with every event stored exactly once.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'crash-test-admin-token-0123456789';

const REQUESTS = 40;
const ITEMS_PER_REQUEST = 1_000;
const CONCURRENCY = 3;
/** Enough acknowledged batches that the kill lands in a busy server, few enough to keep the test short. */
const KILL_AFTER_ACKS = 6;

/** Each item gets one visit chain; 5 events × 1,000 items = 5,000 lines a request. */
const ROUTE = [
  { code: 'ACCEPTED', site: 'CRASH-A', hours: 0 },
  { code: 'DISPATCHED', site: 'CRASH-A', hours: 2 },
  { code: 'ARRIVED', site: 'CRASH-B', hours: 6 },
  { code: 'DISPATCHED', site: 'CRASH-B', hours: 8 },
  { code: 'AT_DELIVERY_OFFICE', site: 'CRASH-C', hours: 20 },
] as const;
const EVENTS_PER_REQUEST = ITEMS_PER_REQUEST * ROUTE.length;
const BASE_MS = Date.parse('2025-03-01T00:00:00Z');

/** Request r owns the serials 10,000,000 + r·10,000 + i, so every stored row names its request. */
const trackingNo = (r: number, i: number) => formatS10('EA', 10_000_000 + r * 10_000 + i);
const requestOf = (tracking: string) => Math.floor((Number(tracking.slice(2, 10)) - 10_000_000) / 10_000);
const operatorOf = (r: number) => `crash-${r}`;

function requestBody(r: number): string {
  const lines: string[] = [];
  for (let i = 0; i < ITEMS_PER_REQUEST; i++) {
    const tn = trackingNo(r, i);
    const startMs = BASE_MS + r * 60_000 + i * 1_000;
    for (const step of ROUTE) {
      const at = new Date(startMs + step.hours * 3_600_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
      lines.push(JSON.stringify({ trackingNo: tn, code: step.code, at, site: step.site, operator: operatorOf(r) }));
    }
  }
  return lines.join('\n');
}

interface IngestAnswer {
  accepted: number;
  duplicates: number;
  rejected: unknown[];
}

interface RunningServer {
  url: string;
  child: ChildProcess;
  /** What the server printed so far (stdout and stderr), for failure messages. */
  output(): string;
}

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
});

/** Spawns `songda serve` as a user would and resolves once it prints its URL and answers /healthz. */
async function startServer(target: DbTarget): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SONGDA_DB: target.url,
      SONGDA_PORT: '0',
      SONGDA_HOST: '127.0.0.1',
      SONGDA_ADMIN_TOKEN: ADMIN_TOKEN,
      SONGDA_LOG_LEVEL: 'warn',
      // The scans are dated from BASE_MS, older than the default scan age allows.
      SONGDA_MAX_SCAN_AGE_DAYS: '3650',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const { url, output } = await waitUntilServing(child, 'server', 30_000);
  const health = await fetch(`${url}/healthz`);
  expect(health.status).toBe(200);
  return { url, child, output };
}

async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function api(url: string, path: string, init: { method?: string; body?: string; contentType?: string } = {}): Promise<Response> {
  return fetch(`${url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(init.body !== undefined ? { 'content-type': init.contentType ?? 'application/json' } : {}),
    },
    body: init.body,
  });
}

const postScans = (url: string, r: number) => api(url, '/scans', { method: 'POST', body: requestBody(r), contentType: 'application/x-ndjson' });

/**
 * Sends requests CONCURRENCY at a time and SIGKILLs the server once KILL_AFTER_ACKS have been
 * answered, after a short random delay so the kill lands at different stages of the other requests
 * (receiving, validating, inside the transaction, answering).
 */
async function ingestUntilKilled(server: RunningServer): Promise<{ acked: Map<number, IngestAnswer>; cut: Set<number> }> {
  const acked = new Map<number, IngestAnswer>();
  const cut = new Set<number>();
  let next = 0;
  let killing: Promise<void> | undefined;
  let killed = false;
  const kill = () => {
    killing ??= new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 200))).then(() => {
      killed = true;
      return killHard(server.child);
    });
  };
  const worker = async () => {
    while (!killed && next < REQUESTS) {
      const r = next++;
      let answer: { status: number; body: unknown };
      try {
        const res = await postScans(server.url, r);
        answer = { status: res.status, body: await res.json() };
      } catch (err) {
        // Only the kill may cut a request off; any other network failure is a real failure.
        if (!killing) throw err;
        cut.add(r);
        continue;
      }
      if (answer.status !== 200) {
        throw new Error(`request ${r} answered ${answer.status}: ${JSON.stringify(answer.body)}\nserver output:\n${server.output().slice(-4000)}`);
      }
      acked.set(r, answer.body as IngestAnswer);
      if (acked.size >= KILL_AFTER_ACKS) kill();
    }
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    kill();
    await killing;
  }
  return { acked, cut };
}

interface StoredState {
  eventsByRequest: Map<number, number>;
  itemsByRequest: Map<number, number>;
  itemsWithoutLatest: number;
  duplicateIdentities: number;
  foreignEvents: number;
  totalEvents: number;
}

/** Reads the database directly (not through the server under test). */
async function readStoredState(target: DbTarget): Promise<StoredState> {
  const store = openDb(target);
  try {
    const events = await sql<{ operator: string | null; n: number }>`
      SELECT operator, count(*) AS n FROM scan_events GROUP BY operator`.execute(store.db);
    const items = await sql<{ tracking_no: string; last_event_id: number | null }>`
      SELECT tracking_no, last_event_id FROM items`.execute(store.db);
    const duplicates = await sql<{ n: number }>`
      SELECT count(*) AS n FROM (
        SELECT 1 AS one FROM scan_events GROUP BY tracking_no, at_ms, code, site HAVING count(*) > 1
      ) d`.execute(store.db);
    // Events whose tracking number is not of the request named by their operator: a mixed-up batch.
    const foreign = await sql<{ tracking_no: string; operator: string | null }>`
      SELECT DISTINCT tracking_no, operator FROM scan_events`.execute(store.db);

    const eventsByRequest = new Map<number, number>();
    let totalEvents = 0;
    for (const row of events.rows) {
      const r = Number(row.operator?.replace('crash-', ''));
      eventsByRequest.set(r, Number(row.n));
      totalEvents += Number(row.n);
    }
    const itemsByRequest = new Map<number, number>();
    let itemsWithoutLatest = 0;
    for (const row of items.rows) {
      const r = requestOf(row.tracking_no);
      itemsByRequest.set(r, (itemsByRequest.get(r) ?? 0) + 1);
      if (row.last_event_id === null) itemsWithoutLatest++;
    }
    return {
      eventsByRequest,
      itemsByRequest,
      itemsWithoutLatest,
      duplicateIdentities: Number(duplicates.rows[0]?.n ?? -1),
      foreignEvents: foreign.rows.filter((row) => row.operator !== operatorOf(requestOf(row.tracking_no))).length,
      totalEvents,
    };
  } finally {
    await store.close();
  }
}

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

describe.each(DIALECTS)('kill -9 during a large ingest [%s]', (dialect) => {
  it('keeps every acknowledged event, never half a batch, and lets the client retry the rest', async () => {
    const { target, drop } = await createEmptyTarget(dialect);
    try {
      let server = await startServer(target);
      const units = await api(server.url, '/units', {
        method: 'POST',
        body: JSON.stringify([
          { code: 'CRASH-A', name: '东城揽收', kind: 'counter', divisionCode: '110101' },
          { code: 'CRASH-B', name: '武汉处理中心', kind: 'processing_centre', divisionCode: '420102' },
          { code: 'CRASH-C', name: '江岸投递部', kind: 'delivery_office', divisionCode: '420102' },
        ]),
      });
      expect(units.status).toBe(200);
      expect(await units.json()).toEqual([expect.objectContaining({ created: true }), expect.objectContaining({ created: true }), expect.objectContaining({ created: true })]);

      const { acked, cut } = await ingestUntilKilled(server);
      // Otherwise the test proves nothing: some batches answered, some in flight when the server died.
      expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(cut.size).toBeGreaterThanOrEqual(1);
      for (const [r, answer] of acked) expect(answer, `request ${r}`).toEqual({ accepted: EVENTS_PER_REQUEST, duplicates: 0, rejected: [] });

      server = await startServer(target);
      const afterCrash = await readStoredState(target);
      expect(afterCrash.duplicateIdentities).toBe(0);
      expect(afterCrash.foreignEvents).toBe(0);
      expect(afterCrash.itemsWithoutLatest).toBe(0);
      const sent = new Set([...acked.keys(), ...cut]);
      for (const r of afterCrash.eventsByRequest.keys()) expect(sent.has(r), `events of unsent request ${r}`).toBe(true);
      for (const r of sent) {
        const events = afterCrash.eventsByRequest.get(r) ?? 0;
        const items = afterCrash.itemsByRequest.get(r) ?? 0;
        if (acked.has(r)) {
          expect(events, `events of acknowledged request ${r}`).toBe(EVENTS_PER_REQUEST);
        } else {
          // Cut off: the transaction either committed before the kill (answer lost) or not at all.
          expect([0, EVENTS_PER_REQUEST], `events of cut-off request ${r}`).toContain(events);
        }
        expect(items, `items of request ${r}`).toBe(events === 0 ? 0 : ITEMS_PER_REQUEST);
      }

      // The restarted server serves what was stored before the kill.
      const someAcked = [...acked.keys()][0] ?? -1;
      const timeline = await api(server.url, `/items/${trackingNo(someAcked, 7)}`);
      expect(timeline.status).toBe(200);
      const body = (await timeline.json()) as { status: string; events: { code: string; operator: string | null }[] };
      expect(body.status).toBe('AT_DELIVERY_OFFICE');
      expect(body.events.map((e) => e.code)).toEqual(ROUTE.map((s) => s.code));

      // A client retries what it never heard back about: stored batches come back as duplicates,
      // lost ones are stored now, and in the end every event is there exactly once.
      for (const r of cut) {
        const res = await postScans(server.url, r);
        expect(res.status).toBe(200);
        const stored = afterCrash.eventsByRequest.get(r) ?? 0;
        expect(await res.json(), `retry of request ${r}`).toEqual({
          accepted: EVENTS_PER_REQUEST - stored,
          duplicates: stored,
          rejected: [],
        });
      }
      const final = await readStoredState(target);
      expect(final.duplicateIdentities).toBe(0);
      expect(final.totalEvents).toBe(sent.size * EVENTS_PER_REQUEST);
      for (const r of sent) expect(final.itemsByRequest.get(r), `items of request ${r}`).toBe(ITEMS_PER_REQUEST);

      await killHard(server.child);
    } finally {
      await drop();
    }
  }, 90_000);
});
