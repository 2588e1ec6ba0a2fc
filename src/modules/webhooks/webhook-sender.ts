import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { findSendingEndpoints } from './webhook-endpoint.repository.js';
import { storeOutcomes, type Outcome } from './webhook-outcomes.js';
import { type AttemptAnswer, judgeAttempt } from './webhook-retry.js';
import { findDueMessages } from './webhook-message.repository.js';
import { webhookHeaders } from './webhook-signing.js';

export interface WebhookSenderDeps {
  store: DbHandle;
  cipher: PersonalDataCipher;
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

const BATCH = 500;
/** How much of a receiver's non-2xx answer is kept in the delivery log. */
const KEPT_ANSWER_CHARS = 200;

type Due = Awaited<ReturnType<typeof findDueMessages>>[number];
type Endpoint = { id: string; url: string; secrets: string[] };

/**
 * Sends due messages at least once: a message's attempt is stored only after its answer, so a
 * server killed in between sends it again, with the same webhook-id and body. In memory, a message is
 * "in flight" from when it is taken until its outcome is committed, so this server never takes it
 * twice; the job's lease keeps other servers from taking it at the same time.
 */
export function createWebhookSender(deps: WebhookSenderDeps): WebhookSender {
  const perEndpointLimit = deps.perEndpointLimit ?? 8;
  const maxInFlight = deps.maxInFlight ?? 256;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const inFlight = new Map<number, string>();
  const perEndpoint = new Map<string, number>();
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
  const release = (messageId: number, endpointId: string) => {
    inFlight.delete(messageId);
    const n = (perEndpoint.get(endpointId) ?? 1) - 1;
    if (n > 0) perEndpoint.set(endpointId, n);
    else perEndpoint.delete(endpointId);
  };
  const mayStart = () => !aborter.signal.aborted && until > deps.clock();

  async function pumpOnce(): Promise<number> {
    const room = maxInFlight - inFlight.size;
    if (room <= 0 || !mayStart()) return 0;
    const full = [...perEndpoint].filter(([, n]) => n >= perEndpointLimit).map(([id]) => id);
    const due = await findDueMessages(deps.store.db, deps.clock(), { messages: [...inFlight.keys()], endpoints: full }, BATCH);
    const taken: Due[] = [];
    const counts = new Map(perEndpoint);
    for (const row of due) {
      if (taken.length >= room) break;
      const n = counts.get(row.endpoint_id) ?? 0;
      if (n >= perEndpointLimit || inFlight.has(Number(row.id))) continue;
      counts.set(row.endpoint_id, n + 1);
      taken.push(row);
    }
    const endpoints = await loadEndpoints([...new Set(taken.map((r) => r.endpoint_id))]);
    let started = 0;
    for (const row of taken) {
      const endpoint = endpoints.get(row.endpoint_id);
      if (!endpoint) continue;
      inFlight.set(Number(row.id), row.endpoint_id);
      perEndpoint.set(row.endpoint_id, (perEndpoint.get(row.endpoint_id) ?? 0) + 1);
      void track(send(row, endpoint).catch((err: unknown) => deps.log?.error({ err }, 'sending a webhook failed')));
      started++;
    }
    return started;
  }

  /** The endpoints' URLs and live secrets, read again for every batch so that a change or rotation applies at once. */
  async function loadEndpoints(ids: string[]): Promise<Map<string, Endpoint>> {
    const now = deps.clock();
    const rows = await findSendingEndpoints(deps.store.db, ids);
    const out = new Map<string, Endpoint>();
    for (const r of rows) {
      if (Number(r.enabled) !== 1) continue;
      const secrets = [deps.cipher.open(r.secret_sealed)];
      if (r.previous_secret_sealed !== null && Number(r.previous_secret_expires_at) > now) secrets.push(deps.cipher.open(r.previous_secret_sealed));
      out.set(r.id, { id: r.id, url: r.url, secrets });
    }
    return out;
  }

  async function send(row: Due, endpoint: Endpoint): Promise<void> {
    const startedAt = deps.clock();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Songda-Webhooks/1',
      ...webhookHeaders(endpoint.secrets, row.msg_id, Math.floor(startedAt / 1000), row.payload),
    };
    let answer: AttemptAnswer = { statusCode: null };
    let error: string | null = null;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers,
        body: row.payload,
        redirect: 'manual',
        signal: AbortSignal.any([aborter.signal, AbortSignal.timeout(timeoutMs)]),
      });
      answer = { statusCode: res.status, retryAfter: res.headers.get('retry-after') };
      const start = await readStart(res, KEPT_ANSWER_CHARS);
      if (res.status < 200 || res.status > 299) error = start === '' ? `HTTP ${res.status}` : `HTTP ${res.status}: ${start}`;
    } catch (err) {
      // Closing: not an attempt that failed, so nothing is stored and the message goes again later.
      if (aborter.signal.aborted) return release(Number(row.id), row.endpoint_id);
      const code = answer.statusCode;
      if (code === null) error = describeFailure(err, timeoutMs);
      else if (code < 200 || code > 299) error = `HTTP ${code}`;
    }
    const at = deps.clock();
    const verdict = judgeAttempt(answer, row.attempts + 1, at, deps.retryScheduleMs, deps.random);
    answered.push({ messageId: Number(row.id), endpointId: row.endpoint_id, at, statusCode: answer.statusCode, durationMs: Math.max(0, at - startedAt), error, verdict });
    flushSoon();
  }

  function flushSoon(): void {
    flushing ??= track(flush()).finally(() => {
      flushing = undefined;
      if (answered.length > 0) flushSoon();
      else if (mayStart()) pump().catch((err: unknown) => deps.log?.error({ err }, 'looking for due webhooks failed'));
    });
  }

  async function flush(): Promise<void> {
    const batch = answered.splice(0, answered.length);
    if (batch.length === 0) return;
    try {
      await withWriteTransaction(deps.store, (trx) => storeOutcomes(trx, batch));
    } catch (err) {
      // Kept in flight (so not sent again here) and stored with the next batch; the job's next tick retries.
      answered.unshift(...batch);
      deps.log?.error({ err }, 'storing webhook attempts failed');
      return;
    }
    for (const o of batch) release(o.messageId, o.endpointId);
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
      await settle();
    },
  };
}

/** The start of an answer's body, as text, without reading more than needed from a receiver that sends a lot. */
async function readStart(res: Response, chars: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > chars * 4) {
      await reader.cancel();
      break;
    }
  }
  return text.trim().slice(0, chars);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  // fetch's own "fetch failed" says nothing; its cause says what (a refused port, a bad certificate, …).
  if (cause?.message) return cause.message;
  return err instanceof Error ? err.message : String(err);
}
