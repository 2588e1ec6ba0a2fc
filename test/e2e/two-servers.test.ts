import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbTarget } from '../../src/config.js';
import { openDb } from '../../src/db/open-db.js';
import { formatS10 } from '../../src/domain/s10.js';
import { SWEEP_LEASE } from '../../src/modules/breakpoints/leased-sweep.js';
import { SILENCE_TYPES } from '../../src/simulation/breakpoint-truth.js';
import type { ScanLine } from '../../src/simulation/generate-scans.js';
import { createEmptyTarget } from '../test-db.js';
import { HOUR_MS, type Simulation, seededShuffle, shanghaiDate, shanghaiMidnightDaysAgo, simulate } from '../simulated-store.js';
import { waitUntilServing } from './serving.js';

/**
 * Two `songda serve` processes on one PostgreSQL database, fed the shuffled scans of the same items
 * at the same time, must store what one server stores from the same scans: the same items,
 * break-points, outbox and report summaries. The sweep and the summary refresh run under database
 * leases, so across both servers each tick runs once.
 *
 * The test holds the sweep lease itself while scans arrive: a sweep between two batches would rightly
 * open silences that later scans close, and the two runs would then differ by when the timer fired,
 * not by what they stored. The scans are ten days old, so every silence in them is visible at the
 * wall-clock instant the servers sweep at, whatever the hour.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'two-servers-admin-token-0123456789';
const ITEMS = 300;
const SEED = 9;
const SHUFFLE_SEED = 909;
const BATCH_LINES = 120;
/** Requests in flight per server. */
const CONCURRENCY = 2;
/** Every DUPLICATE_EVERY-th scan is sent a second time, in another batch (often to the other server). */
const DUPLICATE_EVERY = 15;
const TEST_HOLDER = 'two-servers-test';
/** The sweep ticks every minute in `songda serve`; the test waits for three ticks in all (about four minutes on two cores). */
const TIMEOUT = 12 * 60_000;

interface RunningServer {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
}

const children = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of children) await stop(child);
});

/** Spawns `songda serve` as an operator would, logging at debug level so every job run is visible. */
async function startServer(name: string, target: DbTarget): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, SONGDA_DB: target.url, SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1', SONGDA_ADMIN_TOKEN: ADMIN_TOKEN, SONGDA_LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const { url, output } = await waitUntilServing(child, `server ${name}`, 60_000);
  return { name, url, child, output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function api<T>(server: RunningServer, method: string, path: string, body?: string, contentType = 'application/json'): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} on ${server.name} answered ${res.status}: ${text.slice(0, 2000)}`);
  return JSON.parse(text) as T;
}

/** A job run as the server logged it (pino JSON lines on stdout). */
interface JobRun {
  server: string;
  job: 'sweep' | 'refresh';
  opened?: number;
  closed?: number;
}

function jobRuns(server: RunningServer, from: number): JobRun[] {
  const runs: JobRun[] = [];
  for (const line of server.output().slice(from).split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { sweep?: { opened: number; closed: number }; overviewRefresh?: unknown };
    if (entry.sweep) runs.push({ server: server.name, job: 'sweep', opened: entry.sweep.opened, closed: entry.sweep.closed });
    if (entry.overviewRefresh) runs.push({ server: server.name, job: 'refresh' });
  }
  return runs;
}

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, servers: readonly RunningServer[]): Promise<T> {
  const deadline = Date.now() + 4 * 60_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; server output:\n${servers.map((s) => `--- ${s.name}\n${s.output().slice(-3000)}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The scans of the simulation plus one consignment (items registered through the API, opened at an office). */
interface Workload {
  units: Simulation['units'];
  consignment: { trackingNo: string; items: string[]; fromPartner: string; toUnit: string };
  scans: ScanLine[];
  /** The requests' bodies, in the order they are sent. */
  batches: string[];
  lines: number;
}

function buildWorkload(sim: Simulation): Workload {
  const counter = sim.units.find((u) => u.kind === 'counter')!;
  const office = sim.units.find((u) => u.kind === 'delivery_office')!;
  const items = Array.from({ length: 4 }, (_, i) => formatS10('EA', 91_000_000 + i));
  const consignment = { trackingNo: formatS10('EA', 92_000_000), items, fromPartner: 'CF2SRV', toUnit: office.code };
  const at = (hours: number) => new Date(sim.options.startMs + hours * HOUR_MS + 8 * HOUR_MS).toISOString().replace('.000Z', '+08:00');
  const bag = consignment.trackingNo;
  const scans: ScanLine[] = [
    ...sim.scans,
    { trackingNo: bag, code: 'ACCEPTED', at: at(9), site: counter.code },
    { trackingNo: bag, code: 'DISPATCHED', at: at(11), site: counter.code, nextSite: office.code },
    { trackingNo: bag, code: 'ARRIVED', at: at(20), site: office.code },
    { trackingNo: bag, code: 'OPENED', at: at(21), site: office.code } as unknown as ScanLine,
    // After the opening, the bag's scans stay its own.
    { trackingNo: bag, code: 'DISPATCHED', at: at(22), site: office.code },
    // Three items go out and are delivered; the fourth stays at the office and goes silent there.
    ...items.slice(0, 3).flatMap((trackingNo, i): ScanLine[] => [
      { trackingNo, code: 'OUT_FOR_DELIVERY', at: at(32 + i), site: office.code },
      { trackingNo, code: 'DELIVERED', at: at(35 + i), site: office.code },
    ]),
  ];
  const shuffled = seededShuffle(scans, SHUFFLE_SEED);
  const copies = shuffled.filter((_, i) => i % DUPLICATE_EVERY === 0);
  // Copies go at the end, so they land in other batches than their originals.
  const lines = [...shuffled, ...seededShuffle(copies, SHUFFLE_SEED + 1)];
  const batches: string[] = [];
  for (let i = 0; i < lines.length; i += BATCH_LINES) batches.push(lines.slice(i, i + BATCH_LINES).map((s) => JSON.stringify(s)).join('\n'));
  return { units: sim.units, consignment, scans, batches, lines: lines.length };
}

/** What a store holds after the run, without generated ids and receive / update instants. */
interface StoredState {
  items: string[];
  scanEvents: string[];
  /** Open break-points: a function of the item's whole event set. */
  openBreakpoints: string[];
  /** Closed ones are history: a gap seen and then filled depends on the order the scans came in. */
  closedBreakpoints: number;
  /** Outbox rows of the silences, which the sweep opened after every scan was in. */
  silenceOutbox: string[];
  /**
   * Open break-points never announced in the outbox. Matched by item and type only: a late scan that
   * moves the first visit moves a break-point's unit and instant in place, and the outbox keeps what
   * was announced when it opened.
   */
  openWithoutOutbox: string[];
  consignments: string[];
  consignmentItems: string[];
  consignmentEvents: string[];
  overviewDays: string[];
  overviewDayGroups: string[];
}

/**
 * Generated ids and the instants rows were received or changed differ between any two runs.
 * filled_late counts gaps that opened and were filled later: like closed break-points, history that
 * depends on the order the scans came in, not on the scans.
 */
const IGNORED = new Set(['id', 'last_event_id', 'breakpoint_id', 'received_at', 'updated_at', 'created_at', 'computed_wm', 'filled_late']);

async function readState(target: DbTarget, days: readonly string[]): Promise<StoredState> {
  const store = openDb(target);
  const rows = async (query: string) => {
    const result = await sql.raw<Record<string, unknown>>(query).execute(store.db);
    return result.rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !IGNORED.has(k))))).sort();
  };
  const silenceList = SILENCE_TYPES.map((t) => `'${t}'`).join(', ');
  const inDays = `day IN (${days.map((d) => `'${d}'`).join(', ')})`;
  try {
    return {
      items: await rows('SELECT * FROM items'),
      scanEvents: await rows('SELECT * FROM scan_events'),
      openBreakpoints: await rows('SELECT * FROM breakpoints WHERE closed_at IS NULL'),
      closedBreakpoints: (await rows('SELECT id FROM breakpoints WHERE closed_at IS NOT NULL')).length,
      silenceOutbox: await rows(`SELECT tracking_no, type, responsible_unit, opened_at FROM breakpoint_outbox WHERE type IN (${silenceList})`),
      openWithoutOutbox: await rows(`
        SELECT b.tracking_no, b.type, b.visit FROM breakpoints b
        WHERE b.closed_at IS NULL AND NOT EXISTS (
          SELECT 1 FROM breakpoint_outbox o
          WHERE o.tracking_no = b.tracking_no AND o.type = b.type)`),
      consignments: await rows('SELECT * FROM consignments'),
      consignmentItems: await rows('SELECT * FROM consignment_items'),
      consignmentEvents: await rows('SELECT * FROM consignment_events'),
      // Only the simulated days: both refreshes also store the empty days up to their own today.
      overviewDays: await rows(`SELECT * FROM overview_days WHERE ${inDays}`),
      overviewDayGroups: await rows(`SELECT * FROM overview_day_groups WHERE ${inDays}`),
    };
  } finally {
    await store.close();
  }
}

/** The refresh's "fresh at" instant (overview_state), or 0 before the first pass. */
async function refreshedAt(target: DbTarget): Promise<number> {
  const store = openDb(target);
  try {
    const row = await store.db.selectFrom('overview_state').select('value').where('name', '=', 'refreshed_at').executeTakeFirst();
    return Number(row?.value ?? 0);
  } finally {
    await store.close();
  }
}

/** Takes the sweep lease for the test (until `expiresAt`) whoever holds it, or lets it go (expiresAt 0). */
async function setSweepLease(target: DbTarget, expiresAt: number): Promise<void> {
  const store = openDb(target);
  try {
    await store.db
      .insertInto('job_leases')
      .values({ name: SWEEP_LEASE, holder: TEST_HOLDER, expires_at: expiresAt })
      .onConflict((oc) => oc.column('name').doUpdateSet({ holder: TEST_HOLDER, expires_at: expiresAt }))
      .execute();
  } finally {
    await store.close();
  }
}

interface Run {
  state: StoredState;
  accepted: number;
  duplicates: number;
  /** Job runs logged after the test let go of the sweep lease, in the order the servers logged them. */
  sweeps: JobRun[];
  refreshes: JobRun[];
  requestsPerServer: number[];
}

/**
 * Starts `serverCount` servers on a fresh PostgreSQL database, sends the workload spread over them
 * (every server with CONCURRENCY requests in flight, all at once), lets the sweep run for `sweepTicks`
 * ticks and waits for a refresh pass after that, then reads what is stored.
 */
async function runOn(serverCount: number, work: Workload, days: readonly string[], sweepTicks: number): Promise<Run> {
  const { target, drop } = await createEmptyTarget('postgres');
  const servers: RunningServer[] = [];
  try {
    // One after the other: the first brings the schema up to date.
    for (let i = 0; i < serverCount; i++) servers.push(await startServer(String.fromCharCode(65 + i), target));
    await setSweepLease(target, Date.now() + 3_600_000);
    const first = servers[0]!;
    const last = servers[servers.length - 1]!;
    // Reference data through one server, the rest through another: each must see what the other wrote.
    const unitResults = await api<unknown[]>(first, 'POST', '/units', JSON.stringify(work.units));
    expect(unitResults.filter((r) => typeof r === 'object' && r !== null && 'error' in r)).toEqual([]);
    await api(last, 'POST', '/partners', JSON.stringify([{ code: work.consignment.fromPartner, name: '武汉制卡厂', kind: 'card_factory', divisionCode: '420100' }]));
    await api(last, 'POST', '/items', JSON.stringify(work.consignment.items.map((trackingNo) => ({ trackingNo }))));
    await api(first, 'POST', '/consignments', JSON.stringify(work.consignment));

    let accepted = 0;
    let duplicates = 0;
    const requestsPerServer = servers.map(() => 0);
    let next = 0;
    const worker = async (server: RunningServer, index: number) => {
      while (next < work.batches.length) {
        const body = work.batches[next++]!;
        const result = await api<{ accepted: number; duplicates: number; rejected: unknown[] }>(server, 'POST', '/scans', body, 'application/x-ndjson');
        expect(result.rejected, `rejected by ${server.name}`).toEqual([]);
        accepted += result.accepted;
        duplicates += result.duplicates;
        requestsPerServer[index]!++;
      }
    };
    await Promise.all(servers.flatMap((server, index) => Array.from({ length: CONCURRENCY }, () => worker(server, index))));

    const offsets = servers.map((s) => s.output().length);
    await setSweepLease(target, 0);
    const sweeps = await waitFor(
      `${sweepTicks} sweep runs`,
      async () => {
        const runs = servers.flatMap((s, i) => jobRuns(s, offsets[i]!)).filter((r) => r.job === 'sweep');
        return runs.length >= sweepTicks ? runs : undefined;
      },
      servers,
    );
    // A refresh pass that began after the sweep counts every scan and every break-point.
    const sweptBy = Date.now();
    await waitFor('a refresh pass after the sweep', async () => ((await refreshedAt(target)) >= sweptBy ? true : undefined), servers);
    const refreshes = servers.flatMap((s) => jobRuns(s, 0)).filter((r) => r.job === 'refresh');
    for (const server of servers) await stop(server.child);
    return { state: await readState(target, days), accepted, duplicates, sweeps, refreshes, requestsPerServer };
  } finally {
    for (const server of servers) await stop(server.child);
    await drop();
  }
}

describe('two servers on one PostgreSQL', () => {
  let sim: Simulation;
  let work: Workload;
  let days: string[];
  let one: Run;
  let two: Run;

  beforeAll(async () => {
    // Ten days back, local midnight: the five simulated days are in the past whatever the hour.
    sim = await simulate({ seed: SEED, items: ITEMS, startMs: shanghaiMidnightDaysAgo(10), days: 5, dropRate: 0.05, silenceRate: 0.1, lateRate: 0.2 });
    work = buildWorkload(sim);
    days = Array.from({ length: 6 }, (_, i) => shanghaiDate(sim.options.startMs + i * 24 * HOUR_MS));
    one = await runOn(1, work, days, 1);
    two = await runOn(2, work, days, 2);
  }, TIMEOUT);
  afterAll(() => sim?.remove());

  it('stores every scan once, whichever server got it and however often', () => {
    const expected = { accepted: work.scans.length, duplicates: work.lines - work.scans.length };
    expect({ accepted: one.accepted, duplicates: one.duplicates }).toEqual(expected);
    expect({ accepted: two.accepted, duplicates: two.duplicates }).toEqual(expected);
    // Both servers took part, or the test shows nothing about two of them.
    for (const n of two.requestsPerServer) expect(n).toBeGreaterThan(0);
    expect(two.state.scanEvents.length).toBeGreaterThan(work.scans.length);
    expect(two.state.scanEvents).toEqual(one.state.scanEvents);
  });

  it('holds the same items and consignments as one server', () => {
    expect(two.state.items.length).toBe(ITEMS + work.consignment.items.length);
    expect(two.state.items).toEqual(one.state.items);
    expect(two.state.consignments).toEqual(one.state.consignments);
    expect(two.state.consignments.map((c) => (JSON.parse(c) as { opened_at: unknown }).opened_at)).toEqual([expect.anything()]);
    expect(two.state.consignmentItems).toEqual(one.state.consignmentItems);
    expect(two.state.consignmentEvents).toEqual(one.state.consignmentEvents);
  });

  it('holds the same open break-points, each announced in the outbox, each silence opened once', () => {
    const types = new Set(one.state.openBreakpoints.map((b) => (JSON.parse(b) as { type: string }).type));
    // Missing scans, late fills and silences all happen in the data, else the comparison is thin.
    for (const type of ['MISSING_INBOUND', 'MISSING_OUTBOUND', 'SILENT_AT_OFFICE', 'SILENT_IN_TRANSIT']) expect(types).toContain(type);
    expect(one.state.closedBreakpoints).toBeGreaterThan(0);
    expect(two.state.closedBreakpoints).toBeGreaterThan(0);
    expect(two.state.openBreakpoints).toEqual(one.state.openBreakpoints);
    expect(one.state.openWithoutOutbox).toEqual([]);
    expect(two.state.openWithoutOutbox).toEqual([]);
    expect(two.state.silenceOutbox.length).toBeGreaterThan(0);
    expect(two.state.silenceOutbox).toEqual(one.state.silenceOutbox);
    expect(new Set(two.state.silenceOutbox).size, 'an outbox row per silence, none twice').toBe(two.state.silenceOutbox.length);
  });

  it('holds the same report summaries after a refresh', () => {
    expect(one.state.overviewDays.length).toBeGreaterThan(0);
    expect(one.state.overviewDayGroups.length).toBeGreaterThan(0);
    expect(two.state.overviewDays).toEqual(one.state.overviewDays);
    expect(two.state.overviewDayGroups).toEqual(one.state.overviewDayGroups);
  });

  it('runs the sweep once per tick across both servers: one server sweeps, the other waits', () => {
    const silences = one.state.silenceOutbox.length;
    expect(silences).toBeGreaterThan(0);
    expect(one.sweeps[0]?.opened).toBe(silences);
    // The first tick after the lease is free opens every silence; the next finds nothing to do. Had
    // both servers swept, their ticks would interleave and the second run would be the other's.
    expect(two.sweeps.slice(0, 2)).toEqual([
      { server: two.sweeps[0]!.server, job: 'sweep', opened: silences, closed: 0 },
      { server: two.sweeps[0]!.server, job: 'sweep', opened: 0, closed: 0 },
    ]);
  });

  it('runs the summary refresh on one server at a time', () => {
    expect(two.refreshes.length).toBeGreaterThan(1);
    expect(new Set(two.refreshes.map((r) => r.server)).size).toBe(1);
  });
});
