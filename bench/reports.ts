/**
 * A payer's statement of 1,000,000 lines, end to end through the API (`app.inject`: validation,
 * serialisation count, the network does not; the files are read over a local socket), on a fresh SQLite store:
 * the draft (one INSERT … SELECT of the payer's free charges), its first page, the issue (holding
 * every charge), the XLSX and the PDF read to the end, and the next draft (nothing left to bill). The
 * store gets 1,000,000 items and one charge each for one payer over 30 days, written directly.
 * Peak RSS is the process's maximum resident set after each step; each file is read in a process of
 * its own (the same app on the same store, with the heap settings `songda serve` starts with, decision
 * 0031), so its figure is that file's alone (issue 13: under
 * 400 MB while the files stream).
 *
 *   npm run bench:reports [-- --lines 1000000] [--db FILE] [--weekly-items N] [--weekly-db FILE]
 *
 * With --db FILE the store is kept in FILE and reused by the next run with the same --lines.
 * With --weekly (which `npm run bench:reports` gives) the weekly report's benchmark runs after it,
 * on its own store of --weekly-items items (bench/weekly-report.ts's --items and --db): npm appends a
 * script's arguments to its last command, so `reports.ts && weekly-report.ts` would hand --lines
 * to the wrong one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { HEAP_FLAGS } from '../src/cli/heap-flags.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openSqlite, openSqliteConnection } from '../src/db/open-db.js';
import { addDays, formatLocalDate, localDateOf, localDayBounds } from '../src/domain/local-day.js';
import { formatS10 } from '../src/domain/s10.js';
import { createApiToken } from '../src/modules/auth/api-token.service.js';
import { readFileOverSocket } from './lib/socket-file.js';
import { upsertPartner } from '../src/modules/programs/partner.repository.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '1000000' }, db: { type: 'string' }, days: { type: 'string', default: '30' }, file: { type: 'string' }, statement: { type: 'string' }, weekly: { type: 'boolean' }, 'weekly-items': { type: 'string' }, 'weekly-db': { type: 'string' } } });
const LINES = Number(values.lines);
const DAYS = Number(values.days);
const ZONE = 'Asia/Shanghai';
const PAYER = 'BANK-YC';
const NOW = Date.parse('2026-11-30T12:00:00+08:00');

const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function buildStore(file: string): Promise<void> {
  const handle = openSqlite(file);
  await migrateToLatest(handle.db);
  await upsertPartner(handle.db, { code: PAYER, name: '中国建设银行宜昌分行', kind: 'bank', division_code: '420500' }, NOW);
  await handle.close();
  const sqlite = openSqliteConnection(file);
  const item = sqlite.prepare(`INSERT INTO items (tracking_no, service_indicator, source, status, created_at, program_code, weight_grams) VALUES (?, 'EA', 'api', 'CREATED', ?, 'YC-VET', ?)`);
  const charge = sqlite.prepare(`INSERT INTO item_charges (tracking_no, payer, program_code, postage_fen, discount_fen, donation_fen, created_at) VALUES (?, ?, 'YC-VET', ?, ?, 10, ?)`);
  const first = localDayBounds(addDays(localDateOf(NOW, ZONE), -DAYS), ZONE).startMs;
  const span = DAYS * 86_400_000;
  sqlite.transaction(() => {
    for (let i = 0; i < LINES; i++) {
      const trackingNo = formatS10('EA', 10_000_000 + i);
      const at = first + Math.floor((i / LINES) * span);
      const special = i % 7 === 0;
      item.run(trackingNo, at, i % 3 === 0 ? 120 : null);
      charge.run(trackingNo, PAYER, special ? 800 : 850, special ? 200 : 150, at);
    }
  })();
  sqlite.close();
}

/** One file of a statement read to the end over a local socket, in this process: its time, size and peak RSS. */
async function readFile(file: string, kind: string, id: string): Promise<void> {
  const read = await readFileOverSocket(file, ZONE, NOW, `/api/v1/statements/${id}.${kind}`);
  console.log(`${`${kind.toUpperCase()} read to the end`.padEnd(34)} ${(read.ms / 1000).toFixed(2).padStart(8)} s   peak RSS ${read.rssMb} MB (${read.rssBeforeMb} MB before it; its own process)   ${(read.bytes / 1e6).toFixed(1)} MB`);
}

async function main(): Promise<void> {
  const dir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'songda-reports-'));
  const file = values.db ?? join(dir!, 'store.db');
  try {
    if (!existsSync(file)) {
      const start = process.hrtime.bigint();
      await buildStore(file);
      console.log(`store: ${LINES.toLocaleString('en')} items and charges in ${(ms(start) / 1000).toFixed(1)} s`);
    }
    const config = loadConfig({ SONGDA_DB: `sqlite:${file}`, SONGDA_TZ: ZONE });
    const handle = openSqlite(file);
    await migrateToLatest(handle.db);
    // Each run bills the same charges: earlier runs' statements are removed first.
    await handle.db.deleteFrom('statement_lines').execute();
    await handle.db.deleteFrom('statements').execute();
    const { token } = await createApiToken(handle.db, 'admin', 'bench', NOW);
    const app = await buildApp({ config, store: handle, clock: () => NOW, logger: false });
    const auth = { authorization: `Bearer ${token}` };
    const today = formatLocalDate(localDateOf(NOW, ZONE));
    const from = formatLocalDate(addDays(localDateOf(NOW, ZONE), -DAYS));
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const start = process.hrtime.bigint();
      const out = await work();
      console.log(`${name.padEnd(34)} ${(ms(start) / 1000).toFixed(2).padStart(8)} s   peak RSS ${rssMb()} MB`);
      return out;
    };
    console.log(`baseline peak RSS after opening the store: ${rssMb()} MB`);

    const draft = await step('draft (POST /statements)', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/statements', headers: auth, payload: { payer: PAYER, from, to: today } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json() as { id: string; totals: { items: number; netFen: number } };
    });
    console.log(`  ${draft.totals.items.toLocaleString('en')} lines, net ${(draft.totals.netFen / 100).toLocaleString('en')} yuan`);
    await step('a page of 200 lines (GET)', async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/statements/${draft.id}?after=500000&limit=200`, headers: auth });
      if (res.statusCode !== 200) throw new Error(res.body);
    });
    await step('issue', async () => {
      const res = await app.inject({ method: 'POST', url: `/api/v1/statements/${draft.id}/issue`, headers: auth });
      if (res.statusCode !== 200) throw new Error(res.body);
    });
    for (const kind of ['xlsx', 'pdf'] as const) {
      const child = spawnSync(process.execPath, [...HEAP_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), '--db', file, '--file', kind, '--statement', draft.id], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`${kind}: ${child.stderr}`);
      process.stdout.write(child.stdout);
    }
    await step('next draft (nothing left)', async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/statements', headers: auth, payload: { payer: PAYER, from, to: today } });
      if ((res.json() as { totals: { items: number } }).totals.items !== 0) throw new Error('charges billed twice');
    });
    await app.close();
    await handle.close();
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
  if (values.weekly) {
    const args = [...(values['weekly-items'] ? ['--items', values['weekly-items']] : []), ...(values['weekly-db'] ? ['--db', values['weekly-db']] : [])];
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('weekly-report.ts', import.meta.url)), ...args], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`weekly report benchmark: ${child.status ?? child.signal}`);
  }
}

if (values.file) await readFile(values.db!, values.file, values.statement!);
else await main();
