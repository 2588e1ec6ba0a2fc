import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { parseDbTarget } from '../../src/config.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDb } from '../../src/db/open-db.js';
import type { BenchTarget } from './targets.js';

export type BaselineRow = [string, string, number, number, string, string | null, string | null, string | null, number];

const COLUMNS = 'tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at';

/**
 * The engine's own limit: the same rows into a fresh scan_events table (made by the same migrations,
 * so with the same indexes and pragmas), by one bare prepared statement in one transaction on SQLite,
 * by COPY on PostgreSQL. Only the insert is timed.
 */
export async function baselineInsert(target: BenchTarget, rows: readonly BaselineRow[]): Promise<{ ms: number; cpuMs: number; method: string }> {
  const store = openDb(parseDbTarget(target.url));
  try {
    await migrateToLatest(store.db);
    if (store.dialect === 'sqlite') {
      const insert = store.sqlite.prepare(`INSERT INTO scan_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const insertAll = store.sqlite.transaction((all: readonly BaselineRow[]) => {
        for (const r of all) insert.run(r);
      });
      const started = performance.now();
      const cpu = process.cpuUsage();
      insertAll.immediate(rows);
      return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), method: 'one prepared INSERT in one transaction' };
    }
    const client = await store.pool.connect();
    try {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await pipeline(Readable.from(copyLines(rows)), client.query(copyFrom(`COPY scan_events (${COLUMNS}) FROM STDIN`)));
      // The work is the PostgreSQL server's: this process's CPU says little here.
      return { ms: performance.now() - started, cpuMs: cpuMsSince(cpu), method: 'COPY' };
    } finally {
      client.release();
    }
  } finally {
    await store.close();
    await target.drop();
  }
}

function* copyLines(rows: readonly BaselineRow[]): Generator<string> {
  let chunk = '';
  for (const r of rows) {
    chunk += `${r.map((v) => (v === null ? '\\N' : String(v))).join('\t')}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** User + system CPU time of this process since `from`, in ms. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}
