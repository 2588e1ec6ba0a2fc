import type { DbHandle } from '../../db/open-db.js';
import type { ScanInput } from './parse-scan-lines.js';
import { createPostgresScanRecorder } from './record-scans.postgres.js';
import { createSqliteScanRecorder } from './record-scans.sqlite.js';

export interface RecordedScans {
  accepted: number;
  duplicates: number;
}

export interface ScanRecorder {
  /** Stores a batch atomically; resolves only after the commit. */
  record(scans: ScanInput[], now: number): Promise<RecordedScans>;
}

export function createScanRecorder(handle: DbHandle): ScanRecorder {
  if (handle.dialect === 'postgres') return createPostgresScanRecorder(handle.pool);
  const engine = createSqliteScanRecorder(handle.sqlite);
  return {
    async record(scans, now) {
      await waitForOpenTransaction(handle.sqlite);
      return engine.record(scans, now);
    },
  };
}

/**
 * The SQLite hot path shares Kysely's connection. A Kysely transaction may be open across awaits;
 * wait for it to end so this batch never runs inside someone else's transaction. (The batch itself
 * is synchronous, so nothing interleaves with it.)
 */
async function waitForOpenTransaction(sqlite: { inTransaction: boolean }): Promise<void> {
  while (sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
}
