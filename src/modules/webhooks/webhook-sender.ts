import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { findSendingEndpoints, listDeliverableEndpoints } from './webhook-endpoint.repository.js';
import { storeOutcomes, type Outcome } from './webhook-outcomes.js';
import { type AttemptAnswer, judgeAttempt } from './webhook-retry.js';
import { findDueMessages } from './webhook-message.repository.js';
import { createWebhookPoster } from './webhook-http.js';
import { webhookHeaders } from './webhook-signing.js';

export interface WebhookSenderDeps extends SignedSenderDeps {
  cipher: PersonalDataCipher;
}

/** What the signed sender needs whatever it sends. */
export interface SignedSenderDeps {
  store: DbHandle;
  clock: () => number;
  /** For the retry jitter: [0, 1). */
  random: () => number;
  retryScheduleMs: readonly number[];
  /** Messages of one endpoint in flight at once: a slow endpoint waits on itself, never on the others. */
  perEndpointLimit?: number;
  maxInFlight?: number;
  timeoutMs?: number;
  log?: { error(obj: object, msg: string): void };
}

/** A message due to be sent: its row id, its id on the wire (`webhook-id`), its target and its exact body. */
export interface DueMessage {
  id: number;
  msg_id: string;
  endpoint_id: string;
  payload: string;
  attempts: number;
}

/** Where a message goes: the URL and the live secrets that sign it. */
export interface SendTarget {
  id: string;
  url: string;
  secrets: string[];
}

/**
 * A store of signed POSTs that the sender drains: partners' webhook messages, or the recipients'
 * SMS for their gateway. The sender owns the loop (limits, read-ahead, batching, at least once); the
 * queue owns its rows.
 */
export interface SendQueue {
  userAgent: string;
  /** The targets that may be sent to now, by id. */
  listTargetIds(db: Db, now: number): Promise<string[]>;
  /** Their URLs and live secrets, read again for every batch so that a change or rotation applies at once. */
  loadTargets(db: Db, ids: string[], now: number): Promise<Map<string, SendTarget>>;
  /** A target's messages due at `now`, earliest due first, leaving out `skip`, at most `limit`. */
  findDue(db: Db, targetId: string, now: number, skip: readonly number[], limit: number): Promise<DueMessage[]>;
  /** Stores a batch of answered attempts in the caller's write transaction. */
  storeOutcomes(trx: Db, outcomes: readonly Outcome[]): Promise<void>;
}

export interface WebhookSender {
  /** Starts sending what is due, as far as there is room; answers how many sends it started. */
  pump(): Promise<number>;
  /** The sender may start sends until this instant (the end of the job's lease); after each stored batch it looks for more by itself. */
  holdUntil(until: number): void;
  /** Resolves once every started send has its outcome stored and nothing more is being started. */
  settle(): Promise<void>;
  /** Abandons the sends in flight (they stay due and go again, with the same webhook-id) and stores what was answered. */
  close(): Promise<void>;
}

/** Messages read but not yet stored, at most: bounds the list of ids the next read leaves out. */
const MAX_TAKEN = 4000;
const FLUSH_AT = 1_000;
const FLUSH_AFTER_MS = 50;
/** How much of a receiver's non-2xx answer is kept in the delivery log. */
const KEPT_ANSWER_CHARS = 200;

type Due = DueMessage;
type Endpoint = SendTarget;

/** Partners' webhook messages, per endpoint. */
function webhookQueue(cipher: PersonalDataCipher): SendQueue {
  return {
    userAgent: 'Songda-Webhooks/1',
    listTargetIds: async (db, now) => (await listDeliverableEndpoints(db, now)).map((e) => e.id),
    loadTargets: (db, ids, now) => loadEndpoints(db, cipher, ids, now),
    findDue: findDueMessages,
    storeOutcomes,
  };
}

/** The endpoints' URLs and live secrets (the previous one while it has not expired). */
async function loadEndpoints(db: Db, cipher: PersonalDataCipher, ids: string[], now: number): Promise<Map<string, Endpoint>> {
  const rows = await findSendingEndpoints(db, ids);
  const out = new Map<string, Endpoint>();
  for (const r of rows) {
    if (Number(r.enabled) !== 1) continue;
    const secrets = [cipher.open(r.secret_sealed)];
    if (r.previous_secret_sealed !== null && Number(r.previous_secret_expires_at) > now) secrets.push(cipher.open(r.previous_secret_sealed));
    out.set(r.id, { id: r.id, url: r.url, secrets });
  }
  return out;
}

export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  return createSignedSender(deps, webhookQueue(deps.cipher));
}

/**
 * Sends a queue's due messages at least once, signed as Standard Webhooks sign: a message's attempt is
 * stored only after its answer, so a server killed in between sends it again, with the same webhook-id
 * and body. In memory, a message is "in flight" from when it is taken until its outcome is committed,
 * so this server never takes it twice; the job's lease keeps other servers from taking it at the same
 * time.
 */
export function createSignedSender(deps: SignedSenderDeps, queue: SendQueue): WebhookSender {
  const perEndpointLimit = deps.perEndpointLimit ?? 8;
  const maxInFlight = deps.maxInFlight ?? 256;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const poster = createWebhookPoster({ maxSockets: perEndpointLimit, timeoutMs, keptChars: KEPT_ANSWER_CHARS });
  /** Message id → endpoint, from when it is read until its outcome is committed: never read twice meanwhile. */
  const taken = new Map<number, string>();
  /** Per endpoint: requests open now (at most perEndpointLimit), and messages read but not yet answered. */
  const sending = new Map<string, number>();
  const unanswered = new Map<string, number>();
  let sendingTotal = 0;
  /** Read, not yet started: their endpoint had no room. */
  let waiting: { row: Due; endpoint: Endpoint }[] = [];
  const answered: Outcome[] = [];
  const active = new Set<Promise<unknown>>();
  const aborter = new AbortController();
  let until = 0;
  let pumping: Promise<number> | undefined;
  let pumpAgain = false;
  let flushing: Promise<void> | undefined;

  const track = <T>(p: Promise<T>): Promise<T> => {
    active.add(p);
    void p.then(() => active.delete(p), () => active.delete(p));
    return p;
  };
  const add = (counts: Map<string, number>, key: string, by: number) => {
    const n = (counts.get(key) ?? 0) + by;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  };
  const mayStart = () => !aborter.signal.aborted && until > deps.clock();

  /** Reads due messages into `waiting`, a bounded number per endpoint, and starts what has room. */
  async function pumpOnce(): Promise<number> {
    if (!mayStart() || taken.size >= MAX_TAKEN) return 0;
    // Several rounds of each endpoint's sends are read at once, so one read per stored batch keeps them busy.
    const perEndpointRead = perEndpointLimit * 32;
    const now = deps.clock();
    const open = (await queue.listTargetIds(deps.store.db, now)).filter((id) => (unanswered.get(id) ?? 0) < perEndpointRead);
    const endpoints = await queue.loadTargets(deps.store.db, open, deps.clock());
    let queued = 0;
    for (const endpoint of endpoints.values()) {
      const mine = [...taken].filter(([, id]) => id === endpoint.id).map(([messageId]) => messageId);
      const room = perEndpointRead - (unanswered.get(endpoint.id) ?? 0);
      for (const row of await queue.findDue(deps.store.db, endpoint.id, now, mine, room)) {
        if (taken.has(Number(row.id))) continue;
        taken.set(Number(row.id), row.endpoint_id);
        add(unanswered, row.endpoint_id, 1);
        waiting.push({ row, endpoint });
        queued++;
      }
    }
    startWaiting();
    return queued;
  }

  /** Starts waiting messages, oldest first, as far as their endpoints and the overall limit allow. */
  function startWaiting(): void {
    if (!mayStart()) return;
    const still: typeof waiting = [];
    for (const w of waiting) {
      if (sendingTotal >= maxInFlight || (sending.get(w.row.endpoint_id) ?? 0) >= perEndpointLimit) {
        still.push(w);
        continue;
      }
      add(sending, w.row.endpoint_id, 1);
      sendingTotal++;
      void track(send(w.row, w.endpoint).catch((err: unknown) => deps.log?.error({ err }, 'sending a webhook failed')));
    }
    waiting = still;
  }

  /** A request ended: its endpoint has room again, whether or not the outcome is stored yet. */
  function answeredOne(row: Due): void {
    add(sending, row.endpoint_id, -1);
    add(unanswered, row.endpoint_id, -1);
    sendingTotal--;
    startWaiting();
  }

  async function send(row: Due, endpoint: Endpoint): Promise<void> {
    const startedAt = deps.clock();
    const headers = {
      'content-type': 'application/json',
      'user-agent': queue.userAgent,
      ...webhookHeaders(endpoint.secrets, row.msg_id, Math.floor(startedAt / 1000), row.payload),
    };
    let answer: AttemptAnswer = { statusCode: null };
    let error: string | null = null;
    try {
      const res = await poster.post(endpoint.id, endpoint.url, headers, row.payload, aborter.signal);
      answer = { statusCode: res.statusCode, retryAfter: res.retryAfter };
      if (res.statusCode < 200 || res.statusCode > 299) error = res.start === '' ? `HTTP ${res.statusCode}` : `HTTP ${res.statusCode}: ${res.start}`;
    } catch (err) {
      // Closing: not an attempt that failed, so nothing is stored and the message goes again later.
      if (aborter.signal.aborted) {
        taken.delete(Number(row.id));
        return answeredOne(row);
      }
      const code = answer.statusCode;
      if (code === null) error = describeFailure(err, timeoutMs);
      else if (code < 200 || code > 299) error = `HTTP ${code}`;
    }
    const at = deps.clock();
    const verdict = judgeAttempt(answer, row.attempts + 1, at, deps.retryScheduleMs, deps.random);
    answered.push({ messageId: Number(row.id), endpointId: row.endpoint_id, at, statusCode: answer.statusCode, durationMs: Math.max(0, at - startedAt), error, verdict });
    flushSoon();
    answeredOne(row);
  }

  /**
   * Answers are stored in batches, a few milliseconds' worth at a time: each commit waits for the disk,
   * and on SQLite it holds up the process, so one per answer would cap the rate far below the network's.
   */
  function flushSoon(): void {
    const gathered = answered.length >= FLUSH_AT ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, FLUSH_AFTER_MS));
    flushing ??= track(gathered.then(flush)).finally(() => {
      flushing = undefined;
      if (answered.length > 0) flushSoon();
      else if (mayStart()) pump().catch((err: unknown) => deps.log?.error({ err }, 'looking for due webhooks failed'));
    });
  }

  async function flush(): Promise<void> {
    const batch = answered.splice(0, answered.length);
    if (batch.length === 0) return;
    try {
      await withWriteTransaction(deps.store, (trx) => queue.storeOutcomes(trx, batch));
    } catch (err) {
      // Kept as taken (so not sent again here) and stored with the next batch; the job's next tick retries.
      answered.unshift(...batch);
      deps.log?.error({ err }, 'storing webhook attempts failed');
      return;
    }
    for (const o of batch) taken.delete(o.messageId);
  }

  function pump(): Promise<number> {
    if (answered.length > 0 && !flushing) flushSoon();
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = track(
      (async () => {
        let started = 0;
        do {
          pumpAgain = false;
          started += await pumpOnce();
        } while (pumpAgain);
        return started;
      })().finally(() => {
        pumping = undefined;
      }),
    );
    return pumping;
  }

  async function settle(): Promise<void> {
    while (active.size > 0) await Promise.allSettled([...active]);
  }

  return {
    pump,
    holdUntil: (t) => {
      until = t;
    },
    settle,
    async close() {
      until = 0;
      aborter.abort();
      for (const w of waiting) taken.delete(Number(w.row.id));
      waiting = [];
      await settle();
      poster.close();
    },
  };
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // Node's socket errors carry their code (ECONNREFUSED, ECONNRESET, a certificate's …).
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return err instanceof Error && !err.message.includes(code) ? `${code}: ${err.message}` : (err as Error).message;
  return err instanceof Error ? err.message : String(err);
}
