import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { fanOutWebhookEvents } from '../modules/webhooks/webhook-fanout.js';
import { createWebhookSender } from '../modules/webhooks/webhook-sender.js';
import { releaseLease, tryAcquireLease } from './lease.js';

const LEASE = 'webhooks';
/** Events the fan-out reads per tick; a tick that reads this many is followed by another at once. */
const FANOUT_LIMIT = 2000;

export interface WebhookJobDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  timeZone: string;
  retryScheduleMs: readonly number[];
  clock: () => number;
  random: () => number;
  log: FastifyBaseLogger;
  intervalMs?: number;
  /**
   * How long the lease lasts without renewal: a killed server's deliveries resume elsewhere after
   * this. The holder renews it every few seconds from the timer, whatever its sends are doing.
   */
  leaseMs?: number;
}

/**
 * Delivers webhooks inside `songda serve`: every tick, under a lease in the database (one server of
 * several sends), the fan-out turns new events into messages and the sender starts what is due.
 * Between ticks the sender goes on by itself as its sends are answered. Returns a function that stops
 * it: sends in flight are abandoned (they stay due) and the lease is given up.
 */
export function startWebhookJob(deps: WebhookJobDeps): () => Promise<void> {
  const intervalMs = deps.intervalMs ?? 200;
  const leaseMs = deps.leaseMs ?? 10_000;
  const holder = randomUUID();
  const { db } = deps.store;
  const sender = createWebhookSender({ store: deps.store, cipher: deps.cipher, clock: deps.clock, random: deps.random, retryScheduleMs: deps.retryScheduleMs, log: deps.log });
  let leaseUntil = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  /** Renews the lease when a fifth of it has passed; the sender may start sends until shortly before it ends. */
  const holdLease = async (now: number): Promise<boolean> => {
    if (leaseUntil - now > leaseMs * 0.8) return true;
    const held = await tryAcquireLease(db, LEASE, holder, now, leaseMs);
    leaseUntil = held ? now + leaseMs : 0;
    sender.holdUntil(held ? leaseUntil - leaseMs / 5 : 0);
    return held;
  };

  const tick = () => {
    if (running || stopped) return;
    let again = false;
    running = (async () => {
      const now = deps.clock();
      if (!(await holdLease(now))) return;
      const queued = await fanOutWebhookEvents({ db, cipher: deps.cipher, timeZone: deps.timeZone, now, limit: FANOUT_LIMIT });
      again = queued >= FANOUT_LIMIT;
      await sender.pump();
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'webhook delivery tick failed'))
      .finally(() => {
        running = undefined;
        if (again) setImmediate(tick);
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  setImmediate(tick);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await sender.close();
    if (leaseUntil > 0) await releaseLease(db, LEASE, holder).catch(() => {});
  };
}
