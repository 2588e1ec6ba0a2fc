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

/** Items are never deleted, so "known to exist" can be remembered; the bound keeps memory flat. */
const KNOWN_ITEMS_LIMIT = 500_000;

export function createScanRecorder(handle: DbHandle): ScanRecorder {
  const engine = handle.dialect === 'sqlite' ? createSqliteScanRecorder(handle.sqlite) : createPostgresScanRecorder(handle.pool);
  const knownItems = new Set<string>();
  return {
    async record(scans, now) {
      if (handle.dialect === 'sqlite') await waitForOpenTransaction(handle.sqlite);
      const batchItems = new Set<string>();
      for (const s of scans) if (!knownItems.has(s.trackingNo)) batchItems.add(s.trackingNo);
      const itemsToEnsure = [...batchItems].sort();
      const result = await engine.record(scans, itemsToEnsure, now);
      if (knownItems.size + itemsToEnsure.length > KNOWN_ITEMS_LIMIT) knownItems.clear();
      for (const t of itemsToEnsure) knownItems.add(t);
      return result;
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
