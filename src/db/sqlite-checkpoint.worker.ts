import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from './open-db.js';

/**
 * Copies the write-ahead log back into the database file on a thread and a connection of its own
 * (see sqlite-checkpointer.ts). A PASSIVE checkpoint never waits for the writer or the readers: it
 * copies what is committed and leaves the rest for the next turn.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const sqlite = openSqliteConnection(file, { cacheMb: 1 });
sqlite.pragma('wal_autocheckpoint = 0');

const checkpoint = () => {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next turn tries again.
  }
};
const timer = setInterval(checkpoint, intervalMs);

parentPort!.on('message', (msg: 'close') => {
  if (msg !== 'close') return;
  clearInterval(timer);
  checkpoint();
  sqlite.close();
  process.exit(0);
});
