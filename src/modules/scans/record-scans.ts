import type { DbHandle } from '../../db/open-db.js';
import type { SilenceRules } from '../../domain/breakpoint-rules.js';
import { type SweepRequest, runSweep } from '../breakpoints/leased-sweep.js';
import type { SweepResult } from '../breakpoints/sweep.service.js';
import type { ScanInput } from './parse-scan-lines.js';
import { createPostgresScanRecorder } from './record-scans.postgres.js';
import { createSqliteScanRecorder } from './record-scans.sqlite.js';
import { createSqliteWorkerRecorder } from './record-scans.sqlite-worker.js';

export interface RecordedScans {
  accepted: number;
  duplicates: number;
}

export interface ScanRecorder {
  /** Stores a batch atomically; resolves only after the commit. */
  record(scans: ScanInput[], now: number): Promise<RecordedScans>;
  /** Units were added or changed (kind, end of shift): the silence rules must see them. */
  unitsChanged(): void;
  /**
   * The silence sweep, run by the store's writer: on SQLite on the writer thread, between batches, so
   * it never waits for the write lock on the main thread. Null when a lease was asked for and is held
   * by another server.
   */
  sweep(request: SweepRequest): Promise<SweepResult | null>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: array statements on the pool. SQLite file: a writer thread of its own, so parsing the
 * next request overlaps writing this one. In-memory SQLite (one connection only): in this thread.
 */
export function createScanRecorder(handle: DbHandle, rules: SilenceRules): ScanRecorder {
  if (handle.dialect === 'postgres') return { ...createPostgresScanRecorder(handle.pool, rules), sweep: (request) => runSweep(handle, request) };
  if (handle.file !== ':memory:') return createSqliteWorkerRecorder(handle.file, rules);
  const engine = createSqliteScanRecorder(handle.sqlite, rules);
  return {
    async record(scans, now) {
      await waitForOpenTransaction(handle.sqlite);
      return engine.record(scans, now);
    },
    unitsChanged: () => engine.reloadUnits(),
    sweep: (request) => runSweep(handle, request),
    close: async () => {},
  };
}

/**
 * In-memory SQLite shares Kysely's connection. A Kysely transaction may be open across awaits;
 * wait for it to end so this batch never runs inside someone else's transaction. (The batch itself
 * is synchronous, so nothing interleaves with it.)
 */
async function waitForOpenTransaction(sqlite: { inTransaction: boolean }): Promise<void> {
  while (sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
}
