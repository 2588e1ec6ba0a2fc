import { Worker } from 'node:worker_threads';
import type { DataKeyRing } from '../../domain/personal-data.js';
import type { RecipientChunk } from './recipient-import-chunk.js';
import type { ChunkReply, ChunkRequest, ImportWorkerData, WorkerError } from './recipient-import.worker.js';
import { AppError, type ErrorCode, errorStatus } from '../../errors.js';
import { Message, asMessage } from '../../i18n/message.js';

export interface ChunkCounts {
  imported: number;
  updated: number;
}

/** Stores the chunks of one list import; each promise settles after its chunk's commit or rollback. */
export interface RecipientChunkWriter {
  /** Chunks to hand over before waiting for the oldest one's answer. */
  readonly chunksInFlight: number;
  /** False while a writer thread is still starting: what is handed over waits for it. */
  ready(): boolean;
  write(chunk: RecipientChunk): Promise<ChunkCounts>;
  /** Waits for the chunks handed over, then releases what the writer holds. */
  close(): Promise<void>;
}

/**
 * A writer on a thread of its own (SQLite database files only: the thread opens its own connection),
 * which seals (what is not yet sealed) and writes while the importing thread reads and checks the next
 * chunk. Chunks are
 * written in the order handed over; a failure fails that chunk and every later one.
 */
export function startRecipientImportWorker(file: string, keyRing: DataKeyRing, programCode: string, now: number): RecipientChunkWriter {
  const worker = spawnImportWorker({ file, keyRing, programCode, now });
  let nextId = 1;
  let stopped: Error | undefined;
  const pending = new Map<number, { resolve(c: ChunkCounts): void; reject(e: Error): void }>();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  let ready = false;
  worker.on('message', (reply: ChunkReply | 'ready') => {
    if (reply === 'ready') {
      ready = true;
      return;
    }
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('error' in reply) waiting.reject(fromWorkerError(reply.error));
    else waiting.resolve({ imported: reply.imported, updated: reply.updated });
  });
  const fail = (err: Error) => {
    stopped ??= err;
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.reject(err);
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`recipient import thread exited with code ${code}`)));

  return {
    // Two keep the thread busy while the next chunk is checked, and bound the memory held to about
    // three chunks.
    chunksInFlight: 2,
    ready: () => ready,
    write(chunk) {
      if (stopped) return Promise.reject(stopped);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, chunk } satisfies ChunkRequest);
      });
    },
    async close() {
      // With nothing handed over (a header without a required column, say) there is nothing to wait
      // for; otherwise the chunks handed over are answered first.
      if (nextId === 1) await worker.terminate();
      else if (!stopped) worker.postMessage('close');
      await exited;
    },
  };
}

/**
 * The thread's error as the importing thread would have thrown it: same message, same code; a refusal
 * (AppError) is rebuilt with its message from key and parameters, so it is still read in the reader's language.
 */
function fromWorkerError(e: WorkerError): Error {
  if (e.problem && typeof e.code === 'string' && Object.hasOwn(errorStatus, e.code)) {
    return new AppError(e.code as ErrorCode, Message.revive(e.problem) ?? asMessage(e.message), e.details);
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.code !== undefined) Object.assign(err, { code: e.code });
  return err;
}

// Run from source (tsx, vitest) the worker is a .ts file: it first registers the TypeScript loader
// (an --import flag is applied too late for a worker's entry module). The packages it uses are loaded
// before that: through the loader's hooks Kysely's hundreds of modules would take most of a second,
// which a short import would spend waiting.
const WORKER_PACKAGES = ['better-sqlite3', 'kysely', 'pg'];

function spawnImportWorker(data: ImportWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./recipient-import.worker.js', import.meta.url), { workerData: data });
  }
  const entry = new URL('./recipient-import.worker.ts', import.meta.url).href;
  const bootstrap = `Promise.all(${JSON.stringify(WORKER_PACKAGES)}.map((p) => import(p)))
    .then(() => import('tsx/esm/api')).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}
