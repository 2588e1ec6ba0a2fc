import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from '../../db/open-db.js';
import { AppError } from '../../errors.js';
import { type DataKeyRing, createPersonalDataCipher } from '../../domain/personal-data.js';
import { type RecipientChunk, previousIdHashes, recipientIdSequence, recipientRowsOf } from './recipient-import-chunk.js';
import { type RecipientRow, keepStoredHashesSqlite, upsertRecipientsSqlite } from './recipient.repository.js';

/**
 * One list import's writer thread: it seals what the importing thread has not of each checked chunk
 * and writes it in one transaction on its own connection, while the importing thread reads and checks
 * the next chunk (and, when it is ahead, seals part of it). Chunks are handled
 * in the order they arrive; after a chunk fails nothing more is written, as an import stops at its
 * first failed chunk.
 */
export interface ImportWorkerData {
  file: string;
  /** The key ring, to make the same cipher as the importing thread's (Buffers arrive as Uint8Arrays). */
  keyRing: DataKeyRing;
  programCode: string;
  now: number;
}
export interface ChunkRequest {
  id: number;
  chunk: RecipientChunk;
}
/** A failure as it crosses the thread: an AppError's message goes as its key and parameters (a Message arrives without its class). */
export interface WorkerError {
  name: string;
  message: string;
  code?: unknown;
  problem?: { key: string; params: unknown };
  details?: unknown;
}
export type ChunkReply = { id: number; imported: number; updated: number } | { id: number; error: WorkerError };

const { file, keyRing, programCode, now } = workerData as ImportWorkerData;
const cipher = createPersonalDataCipher(bufferRing(keyRing));
const sqlite = openSqliteConnection(file);
// Each chunk rewrites most pages of the (random) ID-hash index; checkpointing after every chunk, as
// the default of 1,000 pages would, copies them into the database file each time and costs a third of
// the write. Every few chunks instead: the WAL file grows to some 40 MB during the import.
sqlite.pragma('wal_autocheckpoint = 8192');
const upsert = sqlite.transaction((rows: RecipientRow[], previousHashes: string[] | undefined) => {
  if (previousHashes) keepStoredHashesSqlite(sqlite, rows, previousHashes);
  return upsertRecipientsSqlite(sqlite, rows);
});
const nextId = recipientIdSequence(now);
let failed = false;

function bufferRing(ring: DataKeyRing): DataKeyRing {
  return {
    current: Buffer.from(ring.current),
    ...(ring.previous ? { previous: Buffer.from(ring.previous) } : {}),
    retiredTokenKeys: (ring.retiredTokenKeys ?? []).map((r) => ({ ...r, tokenKey: Buffer.from(r.tokenKey) })),
  };
}

parentPort!.on('message', (msg: ChunkRequest | 'close') => {
  if (msg === 'close') {
    sqlite.close();
    process.exit(0);
  }
  let reply: ChunkReply;
  try {
    if (failed) throw new Error('an earlier chunk of this list failed');
    // Sealed before the transaction, so the write lock is held briefly. IMMEDIATE: the lock is taken
    // at BEGIN, waiting (busy_timeout) for another writer to finish.
    const rows = recipientRowsOf(cipher, programCode, msg.chunk, now, nextId);
    const updated = upsert.immediate(rows, previousIdHashes(cipher, msg.chunk));
    reply = { id: msg.id, imported: rows.length - updated, updated };
  } catch (err) {
    failed = true;
    const e = err instanceof Error ? err : new Error(String(err));
    const refusal = e instanceof AppError ? { problem: { key: e.problem.key, params: e.problem.params }, details: e.details } : {};
    reply = { id: msg.id, error: { name: e.name, message: e.message, code: (e as { code?: unknown }).code, ...refusal } };
  }
  parentPort!.postMessage(reply);
});
// Told once the connection is open, so that the importing thread knows chunks will now be taken.
parentPort!.postMessage('ready');
