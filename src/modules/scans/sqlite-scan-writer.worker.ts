import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../../db/open-db.js';
import type { SilenceRules } from '../../domain/breakpoint-rules.js';
import { createSqliteScanRecorder } from './record-scans.sqlite.js';
import { type ScanColumns, fromScanColumns } from './scan-columns.js';

/**
 * The SQLite scan writer's thread: it owns its own connection and commits one batch per message, so
 * the main thread can parse and validate the next request while this one is being written.
 */
export interface WriteRequest {
  id: number;
  columns: ScanColumns;
  now: number;
}
export type WriteReply = { id: number; accepted: number; duplicates: number } | { id: number; error: string };

const { file, rules } = workerData as { file: string; rules: SilenceRules };
const sqlite = openSqliteConnection(file, { cacheMb: 32 });
const recorder = createSqliteScanRecorder(sqlite, rules);

parentPort!.on('message', (msg: WriteRequest | 'close' | 'units-changed') => {
  if (msg === 'close') {
    sqlite.close();
    process.exit(0);
  }
  if (msg === 'units-changed') {
    recorder.reloadUnits();
    return;
  }
  let reply: WriteReply;
  try {
    const { columns } = msg;
    reply = { id: msg.id, ...recorder.record({ size: columns.trackingNo.length, slice: (from: number, to: number) => fromScanColumns(columns, from, to) }, msg.now) };
  } catch (err) {
    reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
