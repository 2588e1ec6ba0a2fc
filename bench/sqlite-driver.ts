/**
 * The SQLite driver alone, without Songda around it: what a Node.js or better-sqlite3 upgrade changes
 * under everything else. On a table shaped like scan_events with the same indexes, in a temporary
 * file opened with the server's pragmas (src/db/open-db.ts):
 *   - 1,000,000 bare inserts by one prepared statement in one transaction;
 *   - 300,000 point reads of one item's events (SELECT … WHERE tracking_no = ? ORDER BY at_ms);
 *   - 1,000,000 trivial get()s (the cost of a call into the addon).
 *
 *   npm run bench:sqlite-driver [-- --module DIR]
 *
 * --module: another better-sqlite3 folder to load instead of the project's (one built for this Node).
 * The last line is a JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type BetterSqlite3 from 'better-sqlite3';

const { values } = parseArgs({ options: { module: { type: 'string' } } });
const require = createRequire(import.meta.url);
const modulePath = values.module ? resolve(values.module) : 'better-sqlite3';
const Database = require(modulePath) as typeof BetterSqlite3;
const driverVersion = (JSON.parse(readFileSync(require.resolve(`${modulePath}/package.json`), 'utf8')) as { version: string }).version;

const INSERTS = 1_000_000;
const READS = 300_000;
const CALLS = 1_000_000;
const ITEMS = 200_000;

const dir = mkdtempSync(join(tmpdir(), 'songda-bench-driver-'));
const db = new Database(join(dir, 'driver.db'));
try {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  db.exec(`CREATE TABLE scan_events (id INTEGER PRIMARY KEY, tracking_no TEXT NOT NULL, code TEXT NOT NULL,
    at_ms INTEGER NOT NULL, at_offset_min INTEGER NOT NULL, site TEXT NOT NULL, operator TEXT, reason TEXT,
    next_site TEXT, received_at INTEGER NOT NULL);
    CREATE UNIQUE INDEX scan_events_identity ON scan_events (tracking_no, at_ms, code, site);
    CREATE INDEX scan_events_site_at ON scan_events (site, at_ms);
    CREATE INDEX scan_events_accepted ON scan_events (at_ms, id, tracking_no) WHERE code = 'ACCEPTED';
    CREATE INDEX scan_events_delivered ON scan_events (at_ms, id, tracking_no) WHERE code = 'DELIVERED';
    CREATE INDEX scan_events_held ON scan_events (site, at_ms) WHERE code = 'HELD';`);
  const trackingNo = (i: number) => `EA${String(10_000_000 + (i % ITEMS))}5CN`;
  const rows = Array.from({ length: INSERTS }, (_, i) => [trackingNo(i), i % 4 === 0 ? 'ACCEPTED' : 'SORTED', 1_700_000_000_000 + i * 1000, 480, 'D420506', 'op1', null, null, 1_700_000_000_000 + i]);

  const insert = db.prepare('INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertAll = db.transaction((all: unknown[][]) => {
    for (const r of all) insert.run(r);
  });
  const insertsPerSec = perSecond(INSERTS, () => insertAll.immediate(rows));

  const read = db.prepare('SELECT * FROM scan_events WHERE tracking_no = ? ORDER BY at_ms LIMIT 10');
  const readsPerSec = perSecond(READS, () => {
    for (let i = 0; i < READS; i++) read.all(trackingNo((i * 7919) % ITEMS));
  });

  const trivial = db.prepare('SELECT 1 AS x');
  const callsPerSec = perSecond(CALLS, () => {
    for (let i = 0; i < CALLS; i++) trivial.get();
  });

  const sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  console.log(`Node.js ${process.version}, better-sqlite3 ${driverVersion}, SQLite ${sqlite}`);
  console.log(`inserts ${insertsPerSec.toLocaleString('en')}/s, point reads ${readsPerSec.toLocaleString('en')}/s, trivial gets ${callsPerSec.toLocaleString('en')}/s`);
  console.log(JSON.stringify({ node: process.version, betterSqlite3: driverVersion, sqlite, insertsPerSec, readsPerSec, callsPerSec }));
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

function perSecond(count: number, work: () => void): number {
  const started = performance.now();
  work();
  return Math.round(count / ((performance.now() - started) / 1000));
}
