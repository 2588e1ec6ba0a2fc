import { statSync } from 'node:fs';
import type SqliteDatabase from 'better-sqlite3';
import { spawnWorker } from './spawn-worker.js';

/** How often the checkpointer looks for committed pages to copy back. */
const CHECKPOINT_INTERVAL_MS = 200;

/**
 * A writer that commits large batches should not copy the log back itself: SQLite's automatic
 * checkpoint runs inside the commit that crosses its threshold, so the writer would wait on the copy
 * and on the database file's fsync after every batch, which was half its time at a million events.
 * The writer turns its automatic checkpoint off (`wal_autocheckpoint = 0`) and this thread copies
 * committed pages in the background instead, keeping the log short. Durability does not change: a
 * commit is in the log, fsynced, before the writer answers.
 */
export function startCheckpointer(file: string): { stop(): Promise<void> } {
  const worker = spawnWorker(import.meta.url, 'sqlite-checkpoint.worker', { workerData: { file, intervalMs: CHECKPOINT_INTERVAL_MS }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
  worker.unref();
  let stopped = false;
  worker.on('error', () => {
    // A checkpointer that failed leaves the log to the next connection's automatic checkpoint.
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

/**
 * The log restarts from its beginning only when a write transaction begins after every committed page
 * was copied back; a writer that starts its next batch at once may never give the checkpointer that
 * moment, and the log would grow for as long as the burst lasts. Past this size the writer copies the
 * log back itself, once, before its next batch.
 */
const MAX_LOG_BYTES = 256 * 1024 * 1024;

/** Hands the log's copying to a checkpointer, keeping the writer's log within MAX_LOG_BYTES. */
export function checkpointInBackground(sqlite: SqliteDatabase.Database, file: string) {
  sqlite.pragma('wal_autocheckpoint = 0');
  // After a restart the log file is cut back to this size instead of keeping its largest.
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const checkpointer = startCheckpointer(file);
  return {
    /** Call before each write transaction. */
    boundLog(): void {
      let size = 0;
      try {
        size = statSync(`${file}-wal`).size;
      } catch {
        return;
      }
      if (size > MAX_LOG_BYTES) sqlite.pragma('wal_checkpoint(RESTART)');
    },
    stop: () => checkpointer.stop(),
  };
}
