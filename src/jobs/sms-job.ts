import type { FastifyBaseLogger } from 'fastify';
import type { SmsConfig } from '../config.js';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { NOTIFY_CHUNK, notifyFromFeeds } from '../modules/notifications/notification-feeds.js';
import { smsQueue } from '../modules/notifications/sms-queue.js';
import { createSignedSender } from '../modules/webhooks/webhook-sender.js';
import { startSendingJob } from './sending-job.js';

const LEASE = 'notifications';

export interface SmsJobDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
  sms: SmsConfig;
  timeZone: string;
  clock: () => number;
  random: () => number;
  log: FastifyBaseLogger;
  intervalMs?: number;
  leaseMs?: number;
}

/**
 * Tells recipients inside `songda serve`: every tick, under a lease (one server of several), new
 * requests mailed and last-mile scans become messages, and with the `http` provider the signed sender
 * (the webhooks' own) sends what is due. Returns a function that stops it.
 */
export function startSmsJob(deps: SmsJobDeps): () => Promise<void> {
  const { store, cipher, sms, timeZone, clock, random, log } = deps;
  return startSendingJob({
    store,
    lease: LEASE,
    intervalMs: deps.intervalMs ?? 500,
    leaseMs: deps.leaseMs ?? 10_000,
    clock,
    log,
    sender: sms.provider === 'http' ? createSignedSender({ store, clock, random, retryScheduleMs: sms.retryScheduleMs, log }, smsQueue(cipher, sms)) : undefined,
    queue: async (now) => (await notifyFromFeeds({ db: store.db, cipher, sms, timeZone }, now)) >= NOTIFY_CHUNK,
    failure: 'notification tick failed',
  });
}
