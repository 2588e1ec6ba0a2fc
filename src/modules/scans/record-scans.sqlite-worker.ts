import { Worker } from 'node:worker_threads';
import type { SilenceRules } from '../../domain/breakpoint-rules.js';
import type { ScanRecorder } from './record-scans.js';
import { toScanColumns, transferablesOf } from './scan-columns.js';
import type { SweepMessage, WriteReply, WriteRequest } from './sqlite-scan-writer.worker.js';

/**
 * Writes scan batches to SQLite on a thread of their own, and runs the silence sweep there too.
 * Messages are handled one at a time, in the order they were handed over; each promise settles after
 * its batch's commit (or rollback).
 * A writer thread that dies fails its pending batches and is replaced on the next batch.
 */
export function createSqliteWorkerRecorder(file: string, rules: SilenceRules): ScanRecorder {
  let worker: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, { resolve(r: WriteReply): void; reject(e: Error): void }>();

  const start = (): Worker => {
    const w = spawnWriter(file, rules);
    w.on('message', (reply: WriteReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if ('error' in reply) waiting.reject(new Error(`scan writer: ${reply.error}`));
      else waiting.resolve(reply);
    });
    const fail = (err: Error) => {
      if (worker === w) worker = undefined;
      for (const [id, waiting] of pending) {
        pending.delete(id);
        waiting.reject(err);
      }
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`scan writer thread exited with code ${code}`)));
    // Referenced only while batches are in flight: an idle writer must not keep a process alive, and
    // a busy one must (a CLI whose only work left is on this thread would otherwise exit early).
    w.unref();
    return w;
  };

  /** Hands a message to the writer; settles with its reply, in the order messages were sent. */
  const send = (message: (id: number) => WriteRequest | SweepMessage, transfer: ArrayBuffer[] = []): Promise<WriteReply> => {
    // A closed recorder starts no writer again: its store's file may be gone by then.
    if (closed) return Promise.reject(new Error('scan writer closed'));
    worker ??= start();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker!.ref();
      worker!.postMessage(message(id), transfer);
    });
  };

  return {
    async record(scans, now, attached) {
      const columns = toScanColumns(scans);
      const reply = await send((id) => ({ id, columns, now, ...(attached ? { attached } : {}) }), transferablesOf(columns));
      if (!('accepted' in reply)) throw new Error('scan writer answered a batch with something else');
      return { accepted: reply.accepted, duplicates: reply.duplicates };
    },
    async sweep(request) {
      const reply = await send((id) => ({ id, sweep: request }));
      if (!('sweep' in reply)) throw new Error('scan writer answered a sweep with something else');
      return reply.sweep;
    },
    unitsChanged() {
      worker?.postMessage('units-changed');
    },
    async close() {
      closed = true;
      const w = worker;
      worker = undefined;
      if (!w) return;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      w.ref(); // keep the process alive until the writer has closed its connection
      w.postMessage('close');
      await exited;
    },
  };
}

// The writer holds at most a few batches at a time; a small young generation makes it collect them
// promptly instead of growing the process's memory.
const WRITER_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 160 };

// Run from source (tsx, vitest) the worker is a .ts file: it first registers the TypeScript loader
// (an --import flag is applied too late for a worker's entry module).
function spawnWriter(file: string, rules: SilenceRules): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-scan-writer.worker.js', import.meta.url), { workerData: { file, rules }, resourceLimits: WRITER_HEAP });
  }
  const entry = new URL('./sqlite-scan-writer.worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: { file, rules }, resourceLimits: WRITER_HEAP });
}
