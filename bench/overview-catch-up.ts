/**
 * The overview's catch-up alone: on a copy of a store that `bench:console` settled (its days stored),
 * `--rounds` times 5,000 new scans on the last day (the same items `bench:console` moves on), then one
 * catch-up timed, elapsed and CPU. CPU time moves less than elapsed time on a shared machine; the
 * first round also warms SQLite's page cache. The store is changed: run it on a copy.
 *
 *   npx tsx bench/overview-catch-up.ts --db COPY.db [--rounds 3]
 *
 * With `--profile DIR`, a V8 CPU profile of each catch-up after the first (bench/lib/cpu-profile-summary.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { overviewDaysOf } from '../src/modules/overview/overview-days.js';
import type { ScanInput } from '../src/modules/scans/parse-scan-lines.js';
import { inThisThread, openSqliteStore } from './lib/province-store.js';

const { values } = parseArgs({ options: { db: { type: 'string' }, rounds: { type: 'string', default: '3' }, profile: { type: 'string' } } });
if (!values.db) throw new Error('--db FILE: a copy of a store bench:console settled');
const file = resolve(values.db);
const { endMs } = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { endMs: number };
const config = loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_LOG_LEVEL: 'silent', SONGDA_DATA_KEY: '5e'.repeat(32), SONGDA_TZ: 'Asia/Shanghai' });
const DAY = 86_400_000;
const NEXT: Record<string, ScanInput['code']> = { AT_DELIVERY_OFFICE: 'OUT_FOR_DELIVERY', OUT_FOR_DELIVERY: 'DELIVERED', ACCEPTED: 'DISPATCHED', ARRIVED: 'DISPATCHED', HELD: 'OUT_FOR_DELIVERY' };

const store = openSqliteStore(file);
await migrateToLatest(store.db);
const days = overviewDaysOf(store.db);
await days.catchUp(store.db);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
// Every 50 µs instead of V8's 1 ms: a catch-up lasts a few hundred milliseconds.
await session.post('Profiler.setSamplingInterval', { interval: 50 });
const pick = store.sqlite.prepare(
  `SELECT tracking_no, last_event_at, last_event_site, last_event_code FROM items
   WHERE last_event_at >= ? AND last_event_at < ? AND last_event_code IN (${Object.keys(NEXT).map((c) => `'${c}'`).join(', ')})
   ORDER BY last_event_at DESC LIMIT 5000`,
);
for (let round = 1; round <= Number(values.rounds); round++) {
  const picked = pick.all(endMs - DAY, endMs - 60_000) as { tracking_no: string; last_event_at: number; last_event_site: string; last_event_code: string }[];
  const scans: ScanInput[] = picked.map((p, i) => ({
    line: i + 1,
    trackingNo: p.tracking_no,
    code: NEXT[p.last_event_code]!,
    atMs: p.last_event_at + 60_000,
    atOffsetMin: 480,
    site: p.last_event_site,
    operator: null,
    reason: null,
    nextSite: null,
  }));
  const { accepted } = await inThisThread(store, config.silence).record(scans, endMs);
  const profiled = values.profile !== undefined && round > 1;
  if (profiled) await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await days.catchUp(store.db);
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (profiled) writeFileSync(join(values.profile!, `catch-up-${round}.cpuprofile`), JSON.stringify((await session.post('Profiler.stop')).profile));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`round ${round}: ${accepted.toLocaleString('en')} new scans, catch-up ${elapsed.toFixed(1)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (load ${load})`);
}
session.disconnect();
await store.close();
