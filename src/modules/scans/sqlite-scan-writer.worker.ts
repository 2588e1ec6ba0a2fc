import { parentPort, workerData } from 'node:worker_threads';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/database.js';
import { type DbHandle, openSqliteConnection } from '../../db/open-db.js';
import { type SweepRequest, runSweep } from '../breakpoints/leased-sweep.js';
import type { SweepResult } from '../breakpoints/sweep.service.js';
import type { SilenceRules } from '../../domain/breakpoint-rules.js';
import { type AttachedRows, createBatchWriter } from './record-scans.js';
import { type ScanColumns, fromScanColumns } from './scan-columns.js';

/**
 * The SQLite scan writer's thread: it owns its own connection and commits one batch per message, so
 * the main thread can parse and validate the next request while this one is being written.
 */
export interface WriteRequest {
  id: number;
  columns: ScanColumns;
  now: number;
  attached?: AttachedRows;
}
export interface SweepMessage {
  id: number;
  sweep: SweepRequest;
}
export type WriteReply =
  | { id: number; accepted: number; duplicates: number }
  | { id: number; sweep: SweepResult | null }
  | { id: number; error: string };

const { file, rules } = workerData as { file: string; rules: SilenceRules };
const sqlite = openSqliteConnection(file, { cacheMb: 32 });
// The sweep's queries go through Kysely on this same connection; messages are handled one after the
// other (the queue below), so a sweep never interleaves with a batch.
const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
const store: DbHandle = { dialect: 'sqlite', db, sqlite, file, close: () => db.destroy() };
const writer = createBatchWriter(store, rules);

let queue = Promise.resolve();
parentPort!.on('message', (msg: WriteRequest | SweepMessage | 'close' | 'units-changed') => {
  queue = queue.then(() => handle(msg));
});

async function handle(msg: WriteRequest | SweepMessage | 'close' | 'units-changed'): Promise<void> {
  if (msg === 'close') {
    sqlite.close();
    process.exit(0);
  }
  if (msg === 'units-changed') {
    writer.unitsChanged();
    return;
  }
  let reply: WriteReply;
  try {
    if ('sweep' in msg) {
      reply = { id: msg.id, sweep: await runSweep(store, msg.sweep) };
    } else {
      const { columns } = msg;
      const batch = { size: columns.trackingNo.length, slice: (from: number, to: number) => fromScanColumns(columns, from, to) };
      reply = { id: msg.id, ...(await writer.record(batch, columns.site, msg.now, msg.attached)) };
    }
  } catch (err) {
    reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
}
