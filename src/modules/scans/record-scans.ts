import type { DbHandle } from '../../db/open-db.js';
import { type WriteTx, withRawWriteTransaction } from '../../db/write-tx.js';
import type { SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import { compareIdentity } from '../../domain/scan-input.js';
import { closeMissingProofs } from '../breakpoints/missing-proof.js';
import { type SweepRequest, runSweep } from '../breakpoints/leased-sweep.js';
import type { SweepResult } from '../breakpoints/sweep.service.js';
import { loadUnitFacts } from '../units/unit.repository.js';
import { type ScanBatch, batchOf, recordScanBatch } from './ingest-scans.js';
import type { ScanInput } from './parse-scan-lines.js';
import { createSqliteWorkerRecorder } from './record-scans.sqlite-worker.js';

export interface RecordedScans {
  accepted: number;
  duplicates: number;
}

/**
 * Rows of another module to store in the same transaction as a batch's events (a delivery outcome's
 * proof). The owning module names its writer by the URL of a file that exports `writeAttachedRows`,
 * so that the SQLite writer thread can load it as well, and this module depends on none of them.
 * The rows cross to that thread by structured clone: plain data, typed arrays for bytes.
 */
export interface AttachedRows {
  /** `href` of a module exporting `writeAttachedRows: AttachedRowsWriter`. */
  writer: string;
  rows: unknown;
  /**
   * Items whose delivery these rows prove (decision 0038): a DELIVERED event of the batch opens no
   * MISSING_PROOF for them, and an open one closes in the same transaction.
   */
  proves?: readonly string[];
}
export type AttachedRowsWriter = (tx: WriteTx, rows: unknown, now: number) => Promise<void>;

async function attachedWriterOf(attached: AttachedRows): Promise<AttachedRowsWriter> {
  const loaded = (await import(attached.writer)) as { writeAttachedRows?: AttachedRowsWriter };
  if (typeof loaded.writeAttachedRows !== 'function') throw new Error(`${attached.writer} exports no writeAttachedRows`);
  return loaded.writeAttachedRows;
}

export interface ScanRecorder {
  /** Stores a batch atomically, with another module's rows if given; resolves only after the commit. */
  record(scans: ScanInput[], now: number, attached?: AttachedRows): Promise<RecordedScans>;
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
 * SQLite file: a writer thread of its own, so parsing the next request overlaps writing this one.
 * PostgreSQL and in-memory SQLite (one connection only): in this thread. Every engine runs the same
 * write path (ingest-scans.ts), on the batch sorted by item: PostgreSQL locks items in that one
 * global order, and on both engines consecutive rows land in neighbouring pages of the b-trees keyed
 * by tracking number (events, items, break-points), which made the SQLite writer a third faster at a
 * million events (docs/benchmarks.md).
 */
export function createScanRecorder(handle: DbHandle, rules: SilenceRules): ScanRecorder {
  const engine = handle.dialect === 'sqlite' && handle.file !== ':memory:' ? createSqliteWorkerRecorder(handle.file, rules) : inThisThread(handle, rules);
  return { ...engine, record: (scans, now, attached) => engine.record([...scans].sort(compareIdentity), now, attached) };
}

function inThisThread(handle: DbHandle, rules: SilenceRules): ScanRecorder {
  const writer = createBatchWriter(handle, rules);
  return {
    record: (scans, now, attached) =>
      writer.record(
        batchOf(scans),
        scans.map((s) => s.site),
        now,
        attached,
      ),
    unitsChanged: () => writer.unitsChanged(),
    sweep: (request) => runSweep(handle, request),
    close: async () => {},
  };
}

/** Units are re-read when a scan names one not seen yet, when told they changed, and at least once a minute (another server may have changed them). */
const UNITS_MAX_AGE_MS = 60_000;

/**
 * Writes batches to one store, each in its own write transaction. A batch must come sorted by
 * identity (createScanRecorder sorts it); `chunk` cuts its chunks smaller than INGEST_CHUNK (tests).
 */
export function createBatchWriter(handle: DbHandle, rules: SilenceRules, options: { chunk?: number } = {}) {
  let units = new Map<string, UnitFacts>();
  let unitsLoadedAt = Number.NEGATIVE_INFINITY;
  const unitOf = (code: string) => units.get(code);
  return {
    async record(batch: ScanBatch, sites: Iterable<string>, now: number, attached?: AttachedRows): Promise<RecordedScans> {
      if (performance.now() - unitsLoadedAt > UNITS_MAX_AGE_MS || someUnknown(sites, units)) {
        // Before the transaction: on SQLite it holds the only connection until it ends.
        units = await loadUnitFacts(handle.db);
        unitsLoadedAt = performance.now();
      }
      const writeAttached = attached && (await attachedWriterOf(attached));
      const proven = attached?.proves && attached.proves.length > 0 ? new Set(attached.proves) : undefined;
      return withRawWriteTransaction(handle, async (tx) => {
        const recorded = await recordScanBatch(tx, batch, now, { rules, unitOf, ...options, ...(proven ? { proven } : {}) });
        if (writeAttached) await writeAttached(tx, attached.rows, now);
        if (proven) await closeMissingProofs(tx, [...proven], now);
        return recorded;
      });
    },
    unitsChanged() {
      unitsLoadedAt = Number.NEGATIVE_INFINITY;
    },
  };
}

function someUnknown(sites: Iterable<string>, units: ReadonlyMap<string, unknown>): boolean {
  for (const site of sites) if (!units.has(site)) return true;
  return false;
}
