/**
 * Look-ups against a province-sized store, over HTTP, compared with a bare Fastify hello world on the
 * same machine in the same run. 1,000,000 simulated items over 30 days (bench/lib/province-store.ts),
 * each with the citizen's request behind it (so the public tracking route knows a phone number), in
 * a fresh SQLite file. Then two servers, each in its own process (the load generator here would
 * otherwise steal its event loop), and 50 keep-alive clients on each route for a fixed time, after
 * a warm-up, in turns (rounds), so that what else the machine does meanwhile falls on every route:
 *   (a) a bare Fastify hello world (bench/lib/hello-server.ts);
 *   (b) the item timeline, GET /api/v1/items/:trackingNo with an API token, random known numbers
 *       and 10 % unknown ones (404);
 *   (c) the public tracking route, GET /api/v1/public/tracking/:trackingNo?phone4=…, likewise.
 * (b) and (c) run against `songda serve` as built (`npm run build`), once its start-up jobs are done.
 * The public route is limited per client address and tries per number: the server trusts 127.0.0.1
 * as its proxy and each request comes "from" its own address in X-Forwarded-For, as citizens behind
 * the operator's load balancer do, so the run measures the normal path, not the limiter.
 * Prints figures, never pass/fail; the last line is a JSON object (lookups = the item timeline).
 * Beside the CPU by thread, each route's line says what the server read from storage per request:
 * pages the OS no longer had in its cache (a host that reclaims idle page cache makes a look-up read
 * the disk), which moves the rates between runs without any change to the code.
 *
 *   npm run bench:lookups [-- --items 1000000] [--seconds 5] [--rounds 4] [--connections 50] [--db FILE]
 *   BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=DIR' npm run bench:lookups -- --routes timeline   (a profile of the server)
 *
 * With --db FILE the store is kept in FILE (and FILE.json) and reused by the next run with the same
 * --items (building 1M items takes a few minutes).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createPersonalDataCipher } from '../src/domain/personal-data.js';
import { maskPhone } from '../src/domain/phone.js';
import { formatS10 } from '../src/domain/s10.js';
import { overviewDaysOf } from '../src/modules/overview/overview-days.js';
import { refreshOverviewDays } from '../src/modules/overview/overview-refresh.js';
import { upsertPartners } from '../src/modules/programs/upsert-partners.js';
import { upsertPrograms } from '../src/modules/programs/upsert-programs.js';
import { insertRequest } from '../src/modules/requests/request.repository.js';
import { type LoadRequest, type LoadResult, combine, latencyAt, perSecond, runLoad } from './lib/load.js';
import { mulberry32 } from '../src/simulation/random.js';
import { buildProvinceStore, openSqliteStore } from './lib/province-store.js';
import { startHelloWorld, startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '15' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    unknown: { type: 'string', default: '0.1' },
    db: { type: 'string' },
    // To profile one route alone: --routes timeline or --routes public (the JSON lines then need both);
    // healthz adds GET /healthz on the same server: what its hooks and an answer cost with no read.
    routes: { type: 'string', default: 'timeline,public' },
  },
});
const items = Number(values.items);
const days = Number(values.days);
const connections = Number(values.connections);
const durationMs = Number(values.seconds) * 1000;
const rounds = Number(values.rounds);
const warmupMs = Number(values.warmup) * 1000;
const unknownShare = Number(values.unknown);
const TIME_ZONE = 'Asia/Shanghai';
const DATA_KEY = '5e'.repeat(32);
const PROGRAM = 'BENCH-LOOKUP';

const tempDir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'songda-bench-lookups-'));
const file = values.db ? resolve(values.db) : join(tempDir!, 'songda.db');
const metaFile = `${file}.json`;
const config = loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_LOG_LEVEL: 'silent', SONGDA_DATA_KEY: DATA_KEY, SONGDA_TZ: TIME_ZONE });

try {
  const trackingNos = await storeWithRequests();
  console.log(
    `${trackingNos.length.toLocaleString('en')} items with a request; ${connections} clients; a ${warmupMs / 1000} s warm-up per route, then ${rounds} rounds of ${durationMs / 1000} s on each route in turn`,
  );
  await measure(trackingNos);
} finally {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
}

/** The store (built, or reused from --db), and the tracking numbers of its items. */
async function storeWithRequests(): Promise<string[]> {
  const reusable = existsSync(file) && existsSync(metaFile) && (JSON.parse(readFileSync(metaFile, 'utf8')) as { items: number }).items === items;
  if (!reusable) {
    if (existsSync(file)) rmSync(file);
    const endMs = Date.now();
    await buildProvinceStore(file, { items, days, seed: Number(values.seed), endMs, silence: config.silence });
    await addRequests(endMs);
    writeFileSync(metaFile, JSON.stringify({ items }));
  } else {
    console.log(`reusing ${file}`);
  }
  const store = openSqliteStore(file);
  try {
    return (store.sqlite.prepare('SELECT tracking_no FROM requests WHERE program_code = ?').pluck().all(PROGRAM) as string[]);
  } finally {
    await store.close();
  }
}

/**
 * A request behind every item, as an agency's list makes them, with a phone number whose last four
 * digits are the last four of the item's serial (so the load knows them without reading the store).
 * The overview's days are computed once here, so the server's refresh job starts with nothing to do.
 */
async function addRequests(now: number): Promise<void> {
  const store = openSqliteStore(file);
  const cipher = createPersonalDataCipher(Buffer.from(DATA_KEY, 'hex'));
  try {
    const started = performance.now();
    await upsertPartners(store.db, [{ code: 'BENCH-AGENCY', name: '湖北省退役军人事务厅', kind: 'agency', divisionCode: '420000' }], now);
    await upsertPrograms(
      store.db,
      [{ code: PROGRAM, name: '湖北省退役军人优待证寄递', documentType: '优待证', sponsor: 'BENCH-AGENCY', payerMode: 'government', requirements: { recipientOnly: true, idCheck: false }, slaDays: 7 }],
      now,
    );
    const rows = store.sqlite.prepare('SELECT tracking_no, dest_division_code, dest_address FROM items').all() as { tracking_no: string; dest_division_code: string | null; dest_address: string | null }[];
    await store.db.transaction().execute(async (trx) => {
      for (const [i, item] of rows.entries()) {
        const phone = `139${item.tracking_no.slice(2, 10)}`;
        await insertRequest(trx, {
          id: `bench-${i}`,
          program_code: PROGRAM,
          source: 'list',
          name: '王建国',
          phone_sealed: cipher.seal(phone),
          phone_hash: cipher.lookupHash('phone', phone),
          phone_masked: maskPhone(phone),
          category: 'ordinary',
          address: item.dest_address,
          division_code: item.dest_division_code,
          status: 'mailed',
          tracking_no: item.tracking_no,
          created_at: now,
          updated_at: now,
        });
      }
    });
    await refreshOverviewDays(overviewDaysOf(store.db), { db: store.db, timeZone: TIME_ZONE, now }, async () => true);
    console.log(`${rows.length.toLocaleString('en')} requests added and the overview's days computed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await store.close();
  }
}

async function measure(trackingNos: readonly string[]): Promise<void> {
  const random = mulberry32(7);
  const pickNo = () => (random() < unknownShare ? unknownNumber(random) : trackingNos[Math.floor(random() * trackingNos.length)]!);
  const forwardedFor = () => `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`;

  const hello = await startHelloWorld();
  const server = await startServer(`sqlite:${file}`, { SONGDA_DATA_KEY: DATA_KEY, SONGDA_TZ: TIME_ZONE, SONGDA_TRUST_PROXY: '127.0.0.1' });
  const auth = { authorization: `Bearer ${server.token}` };
  const wanted = values.routes.split(',');
  const routes: Route[] = [
    { name: 'hello world', target: hello, next: () => ({ path: '/' }) },
    // The server's own floor: its hooks and answer on a route that reads nothing.
    ...(wanted.includes('healthz') ? [{ name: 'healthz', target: server, next: () => ({ path: '/healthz' }) }] : []),
    ...(wanted.includes('timeline') ? [{ name: 'item timeline', target: server, next: () => ({ path: `/api/v1/items/${pickNo()}`, headers: auth }) }] : []),
    ...(wanted.includes('public')
      ? [
          {
            name: 'public tracking',
            target: server,
            next: () => {
              const no = pickNo();
              return { path: `/api/v1/public/tracking/${no}?phone4=${no.slice(6, 10)}`, headers: { 'x-forwarded-for': forwardedFor() } };
            },
          },
        ]
      : []),
  ];
  const figures = new Map<string, { loads: LoadResult[]; serverCpuMs: number; threadCpuMs: Map<string, number>; readBytes: number }>(
    routes.map((r) => [r.name, { loads: [], serverCpuMs: 0, threadCpuMs: new Map(), readBytes: 0 }]),
  );
  try {
    await settle(server);
    for (const route of routes) await runLoad({ port: route.target.port, connections, durationMs: warmupMs, next: route.next });
    // In turns, so that whatever else the machine does meanwhile falls on every route alike.
    for (let round = 1; round <= rounds; round++) {
      const line: string[] = [];
      for (const route of routes) {
        const cpuBefore = route.target.cpuMs();
        const threadsBefore = route.target.threadCpuMs();
        const readBefore = route.target.storageReadBytes();
        const load = await runLoad({ port: route.target.port, connections, durationMs, next: route.next });
        const f = figures.get(route.name)!;
        f.loads.push(load);
        f.serverCpuMs += route.target.cpuMs() - cpuBefore;
        f.readBytes += route.target.storageReadBytes() - readBefore;
        for (const [thread, ms] of route.target.threadCpuMs()) f.threadCpuMs.set(thread, (f.threadCpuMs.get(thread) ?? 0) + ms - (threadsBefore.get(thread) ?? 0));
        line.push(`${route.name} ${Math.round(perSecond(load)).toLocaleString('en')}/s`);
      }
      console.log(`round ${round}: ${line.join(', ')}`);
    }
  } finally {
    await server.stop();
    await hello.stop();
  }

  console.log('');
  const summary = (name: string) => {
    const f = figures.get(name);
    if (!f) return undefined;
    const all = combine(f.loads);
    // The threads that used at least a microsecond a request, the busiest first (clock ticks of 10 ms).
    const threads = [...f.threadCpuMs]
      .map(([thread, ms]) => [thread, (ms * 1000) / all.requests] as const)
      .filter(([, us]) => us >= 1)
      .sort((a, b) => b[1] - a[1])
      .map(([thread, us]) => `${thread} ${us.toFixed(0)}`)
      .join(', ');
    const readKb = f.readBytes / 1024 / all.requests;
    return { name, perSec: perSecond(all), p50Ms: latencyAt(all, 0.5), p99Ms: latencyAt(all, 0.99), cpuUs: (f.serverCpuMs * 1000) / all.requests, threads, readKb, statuses: all.statuses };
  };
  const helloFigures = summary('hello world')!;
  const rows = [helloFigures, summary('item timeline'), summary('public tracking'), summary('healthz')];
  for (const f of rows) {
    if (!f) continue;
    console.log(
      `${f.name.padEnd(16)} ${Math.round(f.perSec).toLocaleString('en').padStart(7)} requests/s  ratio ${(f.perSec / helloFigures.perSec).toFixed(3)}  ` +
        `p50 ${f.p50Ms.toFixed(2)} ms  p99 ${f.p99Ms.toFixed(2)} ms  server CPU ${f.cpuUs.toFixed(0)} µs/request  ${JSON.stringify(f.statuses)}`,
    );
    console.log(`${''.padEnd(16)} by thread (µs/request): ${f.threads}; read from storage ${f.readKb.toFixed(1)} KB/request`);
  }
  const json = (f: (typeof rows)[number], key: string) =>
    JSON.stringify({ [key]: Math.round(f?.perSec ?? Number.NaN), helloPerSec: Math.round(helloFigures.perSec), ratio: round3((f?.perSec ?? Number.NaN) / helloFigures.perSec), p99Ms: round3(f?.p99Ms ?? Number.NaN) });
  console.log(json(rows[2], 'publicPerSec'));
  console.log(json(rows[1], 'lookupsPerSec'));
}

interface Route {
  name: string;
  target: { port: number; cpuMs(): number; threadCpuMs(): Map<string, number>; storageReadBytes(): number };
  next(): LoadRequest;
}

/**
 * Waits for the server's start-up work to end: the silence sweep runs at start, and the overview's
 * refresh job (every 20 s) then computes the days the sweep changed. Measured, they would be counted
 * against whichever route ran meanwhile. Settled: 21 s in a row, each under 5 % of a core.
 */
async function settle(server: { cpuMs(): number }): Promise<void> {
  const started = performance.now();
  let quiet = 0;
  let last = server.cpuMs();
  while (quiet < 21 && performance.now() - started < 180_000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = server.cpuMs();
    quiet = now - last < 50 ? quiet + 1 : 0;
    last = now;
  }
  console.log(`server settled after ${((performance.now() - started) / 1000).toFixed(0)} s${quiet < 21 ? ' (still busy: measured anyway)' : ''}`);
}

/** A well-formed S10 number no item has: the ZZ service indicator is never allocated here. */
function unknownNumber(random: () => number): string {
  return formatS10('ZZ', Math.floor(random() * 100_000_000));
}

function round3(x: number): number {
  return Number(x.toFixed(3));
}

