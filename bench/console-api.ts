/**
 * The web console's API calls against a province-sized SQLite store: 1,000,000 items over 30 days
 * from the simulator (湖北省's 224 units, realistic routes, with dropped scans, stalled items and late
 * uploads, so there are break-points), stored through the scan-ingest path and swept. Then each call
 * the console's pages make is timed in-process (`app.inject`, so HTTP parsing, validation and
 * serialisation count, the network does not): the first call, then the median of 5 more.
 * Goal (issue 5): every call under 100 ms.
 *
 *   npm run bench:console [-- --items 1000000] [--days 30] [--db FILE]
 *
 * With --db FILE the store is kept in FILE (and FILE.json), and reused by the next run with the same
 * --items and --days instead of being built again (building 1M items takes a few minutes). Each run
 * then adds 5,000 scans to it (the "after new scans" figures), runs a pass of the overview's refresh
 * job, adds 5,000 more and times the reports, which count those scans first (by what they changed); then, for the rate report of the last day alone, a pass, 5,000 more scans and the call at
 * once (with the overview's first call above: the "afterBatch" figures of the last line). --cold forgets the
 * stored days first, so the first calls compute them as on a store never asked before.
 *
 *   npm run bench:console -- --ingest-cost [--events 400000] [--leave-out items_at_office]
 *
 * What the console's indexes (migration 0004) cost the ingest path: the same events recorded through
 * the SQLite writer into a fresh store with them and one without, three times in turn, in this
 * process; CPU time is compared, which a busy machine disturbs less than elapsed time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { DbHandle } from '../src/db/open-db.js';
import { addDays, formatLocalDate, localDateOf } from '../src/domain/local-day.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import type { ScanInput } from '../src/modules/scans/parse-scan-lines.js';
import { upsertUnits } from '../src/modules/units/unit.service.js';
import { overviewDaysOf } from '../src/modules/overview/overview-days.js';
import { refreshOverviewDays } from '../src/modules/overview/overview-refresh.js';
import { generateScanLines } from '../src/simulation/generate-scans.js';
import { buildProvinceUnits } from '../src/simulation/province-units.js';
import { ensureFigureDays } from '../src/modules/work-orders/work-order-figure-days.js';
import { loadWorkOrders } from './lib/work-order-load.js';
import { type SqliteHandle, buildProvinceStore, inThisThread as recordInThisThread, openSqliteStore as openStore } from './lib/province-store.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000000' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '5' },
    db: { type: 'string' },
    runs: { type: 'string', default: '5' },
    'ingest-cost': { type: 'boolean', default: false },
    events: { type: 'string', default: '400000' },
    cold: { type: 'boolean', default: false },
    'leave-out': { type: 'string' },
    'work-orders': { type: 'string', default: '0' },
    'work-orders-only': { type: 'boolean', default: false },
    'work-order-days': { type: 'string' },
  },
});
/**
 * `--work-orders N`: that many work orders in the store (a tenth of them open) and the work-order pages' calls timed too; `--work-orders-only` times those alone.
 * `--work-order-days D`: the orders spread over the last D days (default: the store's days, all of them in the figures' 30 days).
 */
const workOrders = Number(values['work-orders']);
const items = Number(values.items);
const days = Number(values.days);
const runs = Number(values.runs);
const DAY = 86_400_000;
/** The indexes migration 0004 adds for the console, as `--ingest-cost` leaves them out. */
const CONSOLE_INDEXES = ['items_last_event', 'scan_events_accepted', 'scan_events_delivered', 'breakpoints_open_type', 'breakpoints_open_unit'];
/** `--leave-out a,b`: measure these indexes instead (e.g. `items_at_office`, migration 0021). */
const LEFT_OUT = values['leave-out'] ? values['leave-out'].split(',') : CONSOLE_INDEXES;

const fmt = (ms: number) => `${ms.toFixed(1).padStart(9)} ms`;
const TIME_ZONE = 'Asia/Shanghai';

const tempDir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'songda-bench-console-'));
const file = values.db ? resolve(values.db) : join(tempDir!, 'songda.db');
const metaFile = `${file}.json`;

interface StoreMeta {
  items: number;
  days: number;
  seed: number;
  /** The instant the data ends at: the app's "now". */
  endMs: number;
  events: number;
}

const config = loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_LOG_LEVEL: 'silent', SONGDA_DATA_KEY: '5e'.repeat(32), SONGDA_TZ: TIME_ZONE });
if (values['ingest-cost']) {
  await measureIngestCost(Number(values.events));
  process.exit(0);
}
let meta = readMeta();
if (!meta) {
  if (existsSync(file)) rmSync(file);
  meta = await buildStore();
  writeFileSync(metaFile, JSON.stringify(meta));
} else {
  console.log(`reusing ${file}: ${meta.items.toLocaleString('en')} items, ${meta.events.toLocaleString('en')} events over ${meta.days} days`);
}
await timeCalls(meta);
if (tempDir) rmSync(tempDir, { recursive: true, force: true });

function readMeta(): StoreMeta | undefined {
  if (!existsSync(file) || !existsSync(metaFile)) return undefined;
  const m = JSON.parse(readFileSync(metaFile, 'utf8')) as StoreMeta;
  return m.items === items && m.days === days && m.seed === Number(values.seed) ? m : undefined;
}

/** Units, then every scan through the SQLite ingest path (the server's writer, in this thread), then the sweep. */
async function buildStore(): Promise<StoreMeta> {
  const endMs = Date.now();
  const { events } = await buildProvinceStore(file, { items, days, seed: Number(values.seed), endMs, silence: config.silence });
  return { items, days, seed: Number(values.seed), endMs, events };
}

async function timeCalls(m: StoreMeta): Promise<void> {
  const store = openStore(file);
  // A store built by an older version gets the newer migrations.
  await migrateToLatest(store.db);
  if (workOrders > 0) {
    const t0 = performance.now();
    const added = loadWorkOrders(store, { total: workOrders, open: Math.round(workOrders / 10), days: Number(values['work-order-days'] ?? m.days), endMs: m.endMs, timeZone: TIME_ZONE });
    if (added > 0) console.log(`work orders: ${added.toLocaleString('en')} added in ${fmt(performance.now() - t0)}`);
    // The figures' days of the zone, computed in full once (as on a store upgraded to them); later writes keep them.
    const t1 = performance.now();
    await ensureFigureDays(store, TIME_ZONE);
    console.log(`work-order figure days: ready in ${fmt(performance.now() - t1)}`);
  }
  // The first table is without the refresh job (a previous run's pass would still count as recent
  // at the store's fixed "now"); --cold forgets the stored days, as on a store never asked before.
  store.sqlite.exec(`DELETE FROM overview_state WHERE name = 'refreshed_at'`);
  if (values.cold) store.sqlite.exec('DELETE FROM overview_days; DELETE FROM overview_day_groups; DELETE FROM overview_item_counts; DELETE FROM overview_state');
  const app = await buildApp({ config, store, clock: () => m.endMs, logger: false });
  const { token } = await createApiToken(store.db, 'admin', 'bench:console', m.endMs);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return res.json() as unknown;
  };
  try {
    const figures = await describeStore(store);
    console.log(
      `store: ${figures.items.toLocaleString('en')} items, ${figures.events.toLocaleString('en')} events, ` +
        `${figures.breakpoints.toLocaleString('en')} break-points (${figures.open.toLocaleString('en')} open)`,
    );
    const today = formatLocalDate(localDateOf(m.endMs, TIME_ZONE));
    const dayBefore = (n: number) => formatLocalDate(addDays(localDateOf(m.endMs, TIME_ZONE), -n));
    const first = dayBefore(days - 1);
    const { busiestUnit, busiestOffice, item } = figures;

    // What each page asks for, in the order a person opens them.
    const calls: [page: string, url: string][] = [
      ['overview', '/api/v1/reports/overview'],
      ['overview', `/api/v1/reports/overview?from=${first}&to=${today}`],
      ['break-points', '/api/v1/breakpoints?status=open&limit=50'],
      ['break-points', `/api/v1/breakpoints?status=open&type=MISSING_OUTBOUND,MISSING_INBOUND&from=${dayBefore(6)}&to=${today}&limit=50`],
      ['break-points', `/api/v1/breakpoints?status=open&unit=${busiestUnit}&limit=50`],
      ['break-points', `/api/v1/units/${busiestUnit}/breakpoints?limit=50`],
      ['item', `/api/v1/items/${item}`],
      ['reconciliation', `/api/v1/offices/${busiestOffice}/reconciliation?date=${dayBefore(1)}`],
      ['units', '/api/v1/units'],
      ['items', '/api/v1/items?limit=50'],
      ['items', `/api/v1/items?acceptedOn=${today}&limit=50`],
      ['items', `/api/v1/items?deliveredOn=${dayBefore(1)}&status=DELIVERED&limit=50`],
      ['items', `/api/v1/items?from=${dayBefore(2)}&to=${dayBefore(2)}&breakpoint=open&limit=50`],
      ['items', `/api/v1/items?from=${first}&to=${today}&city=420500&breakpoint=open&limit=50`],
      ['items', `/api/v1/items?unit=${busiestOffice}&limit=50`],
      ['rate report', `/api/v1/reports/breakpoint-rate?from=${today}&to=${today}&groupBy=city`],
      ['rate report', `/api/v1/reports/breakpoint-rate?from=${dayBefore(6)}&to=${today}&groupBy=unit`],
      ['rate report', `/api/v1/reports/breakpoint-rate?from=${first}&to=${today}&groupBy=city`],
    ];
    if (workOrders > 0) {
      const order = store.sqlite.prepare("SELECT number FROM work_orders WHERE status = 'in_progress' AND tracking_no IS NOT NULL ORDER BY id DESC LIMIT 1").get() as { number: string };
      const unit = (store.sqlite.prepare("SELECT unit AS u FROM work_orders WHERE status IN ('new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit') GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").get() as { u: string }).u;
      const workOrderCalls: [string, string][] = [
        ['work orders', '/api/v1/work-orders?limit=50'],
        ['work orders', '/api/v1/work-orders?status=new,assigned,in_progress,waiting_customer,waiting_unit&limit=50'],
        ['work orders', `/api/v1/work-orders?unit=${unit}&overdue=yes&limit=50`],
        ['work order', `/api/v1/work-orders/${order.number}`],
        ['wo figures', `/api/v1/reports/work-orders?from=${first}&to=${today}&groupBy=type`],
        ['wo figures', `/api/v1/reports/work-orders?from=${first}&to=${today}&groupBy=unit`],
      ];
      if (values['work-orders-only']) calls.length = 0;
      calls.push(...workOrderCalls);
    }
    const rows: { page: string; url: string; firstMs: number; medianMs: number; maxMs: number }[] = [];
    for (const [page, url] of calls) {
      const t0 = performance.now();
      await get(url);
      const firstMs = performance.now() - t0;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await get(url);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const row = { page, url, firstMs, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)! };
      rows.push(row);
      console.log(`${page.padEnd(15)} ${fmt(row.firstMs)} ${fmt(row.medianMs)} ${fmt(row.maxMs)}  ${url}`);
    }
    console.log('\n| page | call | first (ms) | median of 5 (ms) | slowest of 5 (ms) |\n|---|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.page} | \`GET ${r.url.replace('/api/v1', '')}\` | ${r.firstMs.toFixed(0)} | ${r.medianMs.toFixed(1)} | ${r.maxMs.toFixed(1)} |`);

    if (values['work-orders-only']) return;
    // Live traffic: the next overview after a batch of new scans counts it first (the cost a manager
    // sees while scans keep coming).
    const fresh = await afterNewScans(store, m.endMs, 5_000);
    for (const url of ['/api/v1/reports/overview', `/api/v1/reports/overview?from=${first}&to=${today}`]) {
      const { firstMs, firstCpuMs, againMs } = await firstAndAgain(get, url);
      console.log(`after ${fresh.toLocaleString('en')} new scans: ${fmt(firstMs)} (CPU ${fmt(firstCpuMs)}), then ${fmt(againMs)}  ${url}`);
    }
    const withJob = await withRefreshJob(store, m, get, [
      '/api/v1/reports/overview',
      `/api/v1/reports/overview?from=${first}&to=${today}`,
      `/api/v1/reports/breakpoint-rate?from=${today}&to=${today}&groupBy=city`,
      `/api/v1/reports/breakpoint-rate?from=${dayBefore(6)}&to=${today}&groupBy=unit`,
      `/api/v1/reports/breakpoint-rate?from=${first}&to=${today}&groupBy=city`,
    ]);
    // The overview of the last day right after a batch is the first call of the table above.
    const atOnce = [withJob[0]!, await askedAtOnce(store, m, get, `/api/v1/reports/breakpoint-rate?from=${today}&to=${today}&groupBy=city`)];
    const over = rows.filter((r) => r.medianMs >= 100);
    console.log(`\n${over.length === 0 ? 'every call under 100 ms (median)' : `${over.length} call(s) at or over 100 ms (median)`}`);
    console.log(
      JSON.stringify({
        items: figures.items,
        events: figures.events,
        calls: rows.map((r) => ({ url: r.url, firstMs: Math.round(r.firstMs), medianMs: Number(r.medianMs.toFixed(1)) })),
        afterBatch: atOnce,
      }),
    );
  } finally {
    await app.close();
    await store.close();
  }
}

/**
 * As `songda serve` runs it: a refresh pass of the overview's days (the job's work every 20 s), then
 * new scans, then the calls, the first of which computes again the days the scans changed (every
 * answer counts every scan stored before it), then the next pass. Reports how long a pass takes and the longest the event loop waited meanwhile
 * (what a request arriving during a pass may wait, on SQLite where reads run on the server thread).
 */
async function withRefreshJob(store: SqliteHandle, m: StoreMeta, get: (url: string) => Promise<unknown>, urls: readonly string[]): Promise<AfterBatch[]> {
  const days = overviewDaysOf(store.db);
  const pass = async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const t0 = performance.now();
    const result = await refreshOverviewDays(days, { db: store.db, timeZone: TIME_ZONE, now: m.endMs }, async () => true);
    delay.disable();
    console.log(`refresh pass: ${result?.computed ?? 0} day(s) computed in ${fmt(performance.now() - t0)}; longest event-loop wait ${fmt(delay.max / 1e6)}`);
  };
  await pass();
  const fresh = await afterNewScans(store, m.endMs, 5_000);
  console.log(`with the refresh job, after ${fresh.toLocaleString('en')} new scans (the first call brings the days they changed up to date):`);
  console.log('\n| call | first (ms) | first: CPU (ms) | median of 5 (ms) | slowest of 5 (ms) |\n|---|---|---|---|---|');
  const out: AfterBatch[] = [];
  for (const url of urls) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await get(url);
    const firstMs = performance.now() - t0;
    const firstCpuMs = cpuMsSince(cpu0);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await get(url);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)]!;
    console.log(`| \`GET ${url.replace('/api/v1', '')}\` | ${firstMs.toFixed(0)} | ${firstCpuMs.toFixed(0)} | ${medianMs.toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`);
    out.push({ url, scans: fresh, firstMs: Math.round(firstMs), firstCpuMs: Math.round(firstCpuMs), againMs: Number(medianMs.toFixed(1)) });
  }
  await pass();
  return out;
}

interface AfterBatch {
  url: string;
  scans: number;
  firstMs: number;
  /** The CPU time this process spent on the first call: steadier than elapsed time on a shared machine. */
  firstCpuMs: number;
  /** The next call (the median of the next ones, in the table above). */
  againMs: number;
}

/**
 * What an agency system meets that uploads a batch and asks at once, with the refresh job keeping
 * up: a pass of the job, then 5,000 new scans on the last day, then the call timed (it counts the
 * batch, so it brings the day up to date first), then once more.
 */
async function askedAtOnce(store: SqliteHandle, m: StoreMeta, get: (url: string) => Promise<unknown>, url: string): Promise<AfterBatch> {
  await refreshOverviewDays(overviewDaysOf(store.db), { db: store.db, timeZone: TIME_ZONE, now: m.endMs }, async () => true);
  const scans = await afterNewScans(store, m.endMs, 5_000);
  const { firstMs, firstCpuMs, againMs } = await firstAndAgain(get, url);
  console.log(`\nright after ${scans.toLocaleString('en')} new scans on the last day (a refresh pass just before): ${fmt(firstMs)} (CPU ${fmt(firstCpuMs)}), then ${fmt(againMs)}  ${url}`);
  return { url, scans, firstMs: Math.round(firstMs), firstCpuMs: Math.round(firstCpuMs), againMs: Number(againMs.toFixed(1)) };
}

/** A call timed, then the same call once more: what the first caller after a change waits, and the next. */
async function firstAndAgain(get: (url: string) => Promise<unknown>, url: string): Promise<{ firstMs: number; firstCpuMs: number; againMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await get(url);
  const firstMs = performance.now() - t0;
  const firstCpuMs = cpuMsSince(cpu0);
  const t1 = performance.now();
  await get(url);
  return { firstMs, firstCpuMs, againMs: performance.now() - t1 };
}

/** CPU time (user and system) of this process since `start`, in ms. */
function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * Moves `count` items of the last day one step on (a minute after their last scan): an item at its
 * office or on its shelf is handed to a courier, one with a courier is delivered, one accepted or
 * arrived at a centre is dispatched. Items
 * already delivered are not picked again, so a reused store gets new scans each run.
 */
async function afterNewScans(store: SqliteHandle, endMs: number, count: number): Promise<number> {
  const next: Record<string, ScanInput['code']> = {
    AT_DELIVERY_OFFICE: 'OUT_FOR_DELIVERY',
    OUT_FOR_DELIVERY: 'DELIVERED',
    ACCEPTED: 'DISPATCHED',
    // So that a reused store still has 5,000 items of the last day to move on after several runs.
    ARRIVED: 'DISPATCHED',
    HELD: 'OUT_FOR_DELIVERY',
  };
  const picked = store.sqlite
    .prepare(
      `SELECT tracking_no, last_event_at, last_event_site, last_event_code FROM items
       WHERE last_event_at >= ? AND last_event_at < ? AND last_event_code IN (${Object.keys(next).map((c) => `'${c}'`).join(', ')})
       ORDER BY last_event_at DESC LIMIT ?`,
    )
    .all(endMs - DAY, endMs - 60_000, count) as { tracking_no: string; last_event_at: number; last_event_site: string; last_event_code: string }[];
  const scans: ScanInput[] = picked.map((r, i) => ({
    line: i + 1,
    trackingNo: r.tracking_no,
    code: next[r.last_event_code]!,
    atMs: r.last_event_at + 60_000,
    atOffsetMin: 480,
    site: r.last_event_site,
    operator: null,
    reason: null,
    nextSite: null,
  }));
  return (await inThisThread(store).record(scans, endMs)).accepted;
}

async function measureIngestCost(eventCount: number): Promise<void> {
  const units = buildProvinceUnits('420000');
  const endMs = Date.now();
  const batches: ScanInput[][] = [[]];
  for (const scan of generateScanLines(units, { seed: 1, items: Math.ceil(eventCount / 8), startMs: endMs - 9 * DAY, days: 7, dropRate: 0.02, silenceRate: 0.03, lateRate: 0.05 })) {
    let batch = batches.at(-1)!;
    if (batch.length === 50_000) batches.push((batch = []));
    batch.push({ line: batch.length + 1, trackingNo: scan.trackingNo, code: scan.code, atMs: Date.parse(scan.at), atOffsetMin: 480, site: scan.site, operator: scan.operator ?? null, reason: scan.reason ?? null, nextSite: scan.nextSite ?? null });
    if (batches.length * 50_000 >= eventCount && batch.length === 50_000) break;
  }
  const total = batches.reduce((n, b) => n + b.length, 0);
  console.log(`${total.toLocaleString('en')} events through the SQLite ingest path, with and without the console's indexes:`);
  const cpu: Record<'with' | 'without', number[]> = { with: [], without: [] };
  for (let round = 1; round <= 3; round++) {
    // Turn about, so that neither gains from the process warming up.
    for (const variant of round % 2 === 1 ? (['without', 'with'] as const) : (['with', 'without'] as const)) {
      const dir = mkdtempSync(join(tmpdir(), 'songda-bench-ingest-cost-'));
      const store = openStore(join(dir, 'songda.db'));
      try {
        await migrateToLatest(store.db);
        if (variant === 'without') for (const index of LEFT_OUT) store.sqlite.exec(`DROP INDEX ${index}`);
        await upsertUnits(store.db, units, endMs);
        const recorder = inThisThread(store);
        const wall = performance.now();
        const before = process.cpuUsage();
        for (const batch of batches) await recorder.record(batch, endMs);
        const used = process.cpuUsage(before);
        const cpuS = (used.user + used.system) / 1e6;
        cpu[variant].push(cpuS);
        console.log(`  round ${round}, ${variant.padEnd(7)}: ${cpuS.toFixed(2)} s CPU, ${((performance.now() - wall) / 1000).toFixed(2)} s elapsed, ${Math.round(total / cpuS).toLocaleString('en')} events per CPU second`);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  const ratio = median(cpu.with) / median(cpu.without);
  console.log(`median CPU: without ${median(cpu.without).toFixed(2)} s, with ${median(cpu.with).toFixed(2)} s (with ÷ without = ${ratio.toFixed(2)})`);
  console.log(JSON.stringify({ events: total, cpuWithout: cpu.without, cpuWith: cpu.with, ratio: Number(ratio.toFixed(3)) }));
}

/** Sizes, and the busiest unit, office and a delivered item to ask about. */
async function describeStore(store: SqliteHandle) {
  const one = <T>(q: string) => store.sqlite.prepare(q).get() as T;
  const count = (q: string) => (one<{ n: number }>(q)).n;
  return {
    items: count('SELECT count(*) AS n FROM items'),
    events: count('SELECT max(id) AS n FROM scan_events'),
    breakpoints: count('SELECT count(*) AS n FROM breakpoints'),
    open: count('SELECT count(*) AS n FROM breakpoints WHERE closed_at IS NULL'),
    busiestUnit: one<{ u: string }>('SELECT responsible_unit AS u FROM breakpoints WHERE closed_at IS NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1').u,
    busiestOffice: one<{ s: string }>(
      "SELECT last_event_site AS s FROM items WHERE last_event_code = 'DELIVERED' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
    ).s,
    item: one<{ t: string }>("SELECT tracking_no AS t FROM items WHERE status = 'DELIVERED' LIMIT 1 OFFSET 1000").t,
  };
}

/** The server's scan write path, run in this thread on the benchmark's own connection. */
function inThisThread(store: DbHandle) {
  return recordInThisThread(store, config.silence);
}
