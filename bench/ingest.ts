/**
 * Scan-ingest benchmark: posts N generated events to a real `songda serve` (a child process) from
 * this process, then inserts the same rows with one bare prepared statement in one transaction into a
 * fresh table with the same indexes (COPY on PostgreSQL): the engine's own limit. Prints figures,
 * never pass/fail. Last line: a JSON object.
 *
 * The bare insert runs in a child process of its own too, which holds only its rows: this process
 * holds every event it generated and every request body, and the insert measured here ran a third
 * slower on Node.js 24 for it (docs/benchmarks.md). `--baseline-here` measures it in this process as
 * well, for comparison.
 *
 *   npm run bench:ingest [-- --events N] [--batch 50000] [--concurrency 2] [--baseline-here]
 *   SONGDA_DB=postgres://… npm run bench:ingest      (a fresh database is made inside that server)
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildProvinceUnits } from '../src/simulation/province-units.js';
import { generateScanLines } from '../src/simulation/generate-scans.js';
import { baselineInsert, type BaselineRow } from './lib/baseline.js';
import { freshTarget } from './lib/targets.js';
import { startServer } from './lib/server.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '50000' },
    concurrency: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'baseline-here': { type: 'boolean', default: false },
    // Internal: the child process that measures the bare insert (generates the same rows from the same seed and instant).
    'baseline-child': { type: 'boolean', default: false },
    now: { type: 'string' },
  },
});
const events = Number(values.events);
const batchLines = Number(values.batch);
const concurrency = Number(values.concurrency);

const units = buildProvinceUnits('420000');
const now = values.now ? Number(values.now) : Date.now();
const days = 7;

if (values['baseline-child']) {
  const rows = Array.from(scanLines(), toBaselineRow);
  const baseline = await baselineInsert(await freshTarget(process.env.SONGDA_DB), rows);
  console.log(JSON.stringify(baseline));
  process.exit(0);
}

const target = await freshTarget(process.env.SONGDA_DB);

console.log(`generating ${events.toLocaleString('en')} events on ${units.length} units of 湖北省 …`);
const bodies: string[] = [];
const rows: BaselineRow[] = [];
{
  let lines: string[] = [];
  for (const scan of scanLines()) {
    lines.push(JSON.stringify(scan));
    rows.push(toBaselineRow(scan));
    if (lines.length === batchLines) {
      bodies.push(lines.join('\n'));
      lines = [];
    }
  }
  if (lines.length > 0) bodies.push(lines.join('\n'));
}
const bytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0);
console.log(`${rows.length.toLocaleString('en')} events in ${bodies.length} requests of ≤ ${batchLines} lines (${(bytes / 1e6).toFixed(0)} MB of NDJSON)`);

const server = await startServer(target.url);
let accepted = 0;
let duplicates = 0;
let rejected = 0;
let elapsedMs: number;
let peakRssMb: number;
let threadCpu: Map<string, number>;
try {
  await server.post('/api/v1/units', JSON.stringify(units), 'application/json');
  const cpuBefore = server.threadCpuMs();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const result = JSON.parse(await server.post('/api/v1/scans', body, 'application/x-ndjson')) as { accepted: number; duplicates: number; rejected: unknown[] };
      accepted += result.accepted;
      duplicates += result.duplicates;
      rejected += result.rejected.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  elapsedMs = performance.now() - started;
  peakRssMb = server.peakRssMb();
  threadCpu = new Map([...server.threadCpuMs()].map(([name, ms]) => [name, ms - (cpuBefore.get(name) ?? 0)]));
} finally {
  await server.stop();
}
if (rejected > 0 || accepted + duplicates !== rows.length) console.log(`warning: ${rejected} lines rejected, ${duplicates} duplicates`);
const eventsPerSec = accepted / (elapsedMs / 1000);
console.log(`server:   ${accepted.toLocaleString('en')} events in ${(elapsedMs / 1000).toFixed(2)} s = ${Math.round(eventsPerSec).toLocaleString('en')} events/s, peak RSS ${peakRssMb.toFixed(0)} MB`);

if (values['baseline-here']) {
  const here = await baselineInsert(await freshTarget(process.env.SONGDA_DB), rows);
  console.log(`baseline in this process: ${rows.length.toLocaleString('en')} rows by ${here.method} in ${(here.ms / 1000).toFixed(2)} s = ${Math.round(rows.length / (here.ms / 1000)).toLocaleString('en')} rows/s`);
}
const baseline = await baselineInChild();
const baselinePerSec = rows.length / (baseline.ms / 1000);
console.log(`baseline: ${rows.length.toLocaleString('en')} rows by ${baseline.method} in ${(baseline.ms / 1000).toFixed(2)} s = ${Math.round(baselinePerSec).toLocaleString('en')} rows/s (a process of its own)`);
const ratio = eventsPerSec / baselinePerSec;
console.log(`ratio ${ratio.toFixed(2)} (${target.kind})`);
// CPU time says more than wall time on a shared machine: the busiest thread bounds the server on an
// idle one (on SQLite the scan writer's thread, on PostgreSQL the main thread).
const busy = [...threadCpu].filter(([, ms]) => ms >= 100).sort((a, b) => b[1] - a[1]);
console.log(`server CPU by thread: ${busy.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}; baseline CPU ${(baseline.cpuMs / 1000).toFixed(2)} s`);
const busiestMs = busy[0]?.[1] ?? 0;
const cpuRatio = baseline.cpuMs / busiestMs;
if (target.kind === 'sqlite') console.log(`CPU ratio ${cpuRatio.toFixed(2)} (baseline CPU ÷ the busiest server thread's CPU)`);
await target.drop();
console.log(
  JSON.stringify({ events: accepted, eventsPerSec: Math.round(eventsPerSec), baselinePerSec: Math.round(baselinePerSec), ratio: Number(ratio.toFixed(3)), peakRssMb: Math.round(peakRssMb), busiestThreadCpuMs: busiestMs, baselineCpuMs: Math.round(baseline.cpuMs) }),
);

/** The benchmark's events, the same for the same --events, --seed and instant. */
function* scanLines() {
  let n = 0;
  if (events <= 0) return;
  for (const scan of generateScanLines(units, { seed: Number(values.seed), items: Math.ceil(events / 8), startMs: now - (days + 2) * 86_400_000, days })) {
    yield scan;
    if (++n === events) return;
  }
}

/** The bare insert in a child process that holds only its rows; its last line is { ms, cpuMs, method }. */
async function baselineInChild(): Promise<{ ms: number; cpuMs: number; method: string }> {
  const args = ['--import', 'tsx', 'bench/ingest.ts', '--baseline-child', '--events', String(events), '--seed', String(values.seed), '--now', String(now)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the baseline process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number; method: string };
}

function toBaselineRow(scan: { trackingNo: string; code: string; at: string; site: string; operator?: string; reason?: string; nextSite?: string }): BaselineRow {
  const atMs = Date.parse(scan.at);
  const offset = scan.at.slice(-6);
  const offsetMin = offset.endsWith('Z') ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return [scan.trackingNo, scan.code, atMs, offsetMin, scan.site, scan.operator ?? null, scan.reason ?? null, scan.nextSite ?? null, now];
}
