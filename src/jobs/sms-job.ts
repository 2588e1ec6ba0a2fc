import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { SmsConfig } from '../config.js';
import type { DbHandle } from '../db/open-db.js';
import type { PersonalDataCipher } from '../domain/personal-data.js';
import { NOTIFY_CHUNK, notifyFromFeeds } from '../modules/notifications/notification-feeds.js';
import { smsQueue } from '../modules/notifications/sms-queue.js';
import { createSignedSender } from '../modules/webhooks/webhook-sender.js';
import { releaseLease, tryAcquireLease } from './lease.js';

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
  const intervalMs = deps.intervalMs ?? 500;
  const leaseMs = deps.leaseMs ?? 10_000;
  const holder = randomUUID();
  const { db } = deps.store;
  const sms = deps.sms;
  const sender =
    sms.provider === 'http'
      ? createSignedSender({ store: deps.store, clock: deps.clock, random: deps.random, retryScheduleMs: sms.retryScheduleMs, log: deps.log }, smsQueue(deps.cipher, sms))
      : undefined;
  let leaseUntil = 0;
  let running: Promise<void> | undefined;
  let stopped = false;

  const holdLease = async (now: number): Promise<boolean> => {
    if (leaseUntil - now > leaseMs * 0.8) return true;
    const held = await tryAcquireLease(db, LEASE, holder, now, leaseMs);
    leaseUntil = held ? now + leaseMs : 0;
    sender?.holdUntil(held ? leaseUntil - leaseMs / 5 : 0);
    return held;
  };

  const tick = () => {
    if (running || stopped) return;
    let again = false;
    running = (async () => {
      const now = deps.clock();
      if (!(await holdLease(now))) return;
      const read = await notifyFromFeeds({ db, cipher: deps.cipher, sms, timeZone: deps.timeZone }, now);
      again = read >= NOTIFY_CHUNK;
      await sender?.pump();
    })()
      .catch((err: unknown) => deps.log.error({ err }, 'notification tick failed'))
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
    await sender?.close();
    if (leaseUntil > 0) await releaseLease(db, LEASE, holder).catch(() => {});
  };
}
