import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import type { WebhookSender } from '../modules/webhooks/webhook-sender.js';
import { releaseLease, tryAcquireLease } from './lease.js';

export interface SendingJob {
  store: DbHandle;
  /** The lease's name: one server of several turns events into messages and sends them. */
  lease: string;
  intervalMs: number;
  /**
   * How long the lease lasts without renewal: a killed server's sends resume elsewhere after this.
   * The holder renews it every few seconds from the timer, whatever its sends are doing.
   */
  leaseMs: number;
  clock: () => number;
  log: FastifyBaseLogger;
  /** Sends what is due; none when messages are only stored. */
  sender: WebhookSender | undefined;
  /** Turns new events into messages; answers whether it read a full chunk (another tick follows at once). */
  queue(now: number): Promise<boolean>;
  /** What the log says when a tick fails. */
  failure: string;
}

/**
 * A job of `songda serve` that turns new events into messages and sends them: every tick, under a
 * lease in the database, `queue` reads what is new and the sender starts what is due. Between ticks
 * the sender goes on by itself as its sends are answered. Returns a function that stops it: sends in
 * flight are abandoned (they stay due) and the lease is given up.
 */
export function startSendingJob(job: SendingJob): () => Promise<void> {
  const { db } = job.store;
  const holder = randomUUID();
  let leaseUntil = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  /** Renews the lease when a fifth of it has passed; the sender may start sends until shortly before it ends. */
  const holdLease = async (now: number): Promise<boolean> => {
    if (leaseUntil - now > job.leaseMs * 0.8) return true;
    const held = await tryAcquireLease(db, job.lease, holder, now, job.leaseMs);
    leaseUntil = held ? now + job.leaseMs : 0;
    job.sender?.holdUntil(held ? leaseUntil - job.leaseMs / 5 : 0);
    return held;
  };

  const tick = () => {
    if (running || stopped) return;
    let again = false;
    running = (async () => {
      const now = job.clock();
      if (!(await holdLease(now))) return;
      again = await job.queue(now);
      await job.sender?.pump();
    })()
      .catch((err: unknown) => job.log.error({ err }, job.failure))
      .finally(() => {
        running = undefined;
        if (again) setImmediate(tick);
      });
  };
  const timer = setInterval(tick, job.intervalMs);
  timer.unref();
  setImmediate(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await job.sender?.close();
    if (leaseUntil > 0) await releaseLease(db, job.lease, holder).catch(() => {});
  };
}
