import type { FastifyBaseLogger } from 'fastify';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { fanOutWebhookEvents } from '../modules/webhooks/webhook-fanout.js';
import { createWebhookSender } from '../modules/webhooks/webhook-sender.js';
import { startSendingJob } from './sending-job.js';

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
  /** How long the lease lasts without renewal (sending-job.ts). */
  leaseMs?: number;
}

/**
 * Delivers webhooks inside `songda serve`: every tick, under a lease in the database (one server of
 * several sends), the fan-out turns new events into messages and the sender starts what is due.
 * Between ticks the sender goes on by itself as its sends are answered. Returns a function that stops
 * it: sends in flight are abandoned (they stay due) and the lease is given up.
 */
export function startWebhookJob(deps: WebhookJobDeps): () => Promise<void> {
  const { store, cipher, timeZone, clock, random, retryScheduleMs, log } = deps;
  return startSendingJob({
    store,
    lease: LEASE,
    intervalMs: deps.intervalMs ?? 200,
    leaseMs: deps.leaseMs ?? 10_000,
    clock,
    log,
    sender: createWebhookSender({ store, cipher, clock, random, retryScheduleMs, log }),
    queue: async (now) => (await fanOutWebhookEvents({ db: store.db, cipher, timeZone, now, limit: FANOUT_LIMIT })) >= FANOUT_LIMIT,
    failure: 'webhook delivery tick failed',
  });
}
