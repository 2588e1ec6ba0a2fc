import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { withErrorCodes } from './error-answers.js';
import type { DbHandle } from '../db/open-db.js';
import { withWriteTransaction } from '../db/write-transaction.js';
import { AppError } from '../errors.js';
import { type BodyHasher, fingerprintOf, hashBody, readMultipart } from './idempotency-body.js';
import { type IdempotencyKeyRow, claimKey, releaseClaim, storeAnswer, sweepExpiredKeys } from './idempotency.repository.js';
import { msg } from '../i18n/message.js';

// `Idempotency-Key` on the writes partners' systems retry (docs/decisions/0023-idempotency-keys.md):
// the first request with a key runs and its answer is kept for 24 hours; the same request again gets
// that answer, a different one with the same key is refused. Declared per route with
// `config: { idempotent: true }`; the routes themselves know nothing of it.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** True on the writes that honour `Idempotency-Key`; the route must sit behind the /api/v1 authentication hook. */
    idempotent?: boolean;
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** How long a key's answer is given again, from the key's first use; after it the key is as if never used. */
export const KEY_LIFE_MS = 24 * 3_600_000;
/** How long a claim holds the key for a request that never answers (its server crashed). */
export const CLAIM_LEASE_MS = 5 * 60_000;


export const ZIdempotencyKey = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, 'validation.idempotencyKey')
  .describe(
    'Makes the write safe to send again: a key of your choosing (e.g. a UUID), 1–255 printable ASCII characters, new for each distinct request. ' +
      'Within 24 hours of its first use, the same request with the same key is answered the first answer again (header idempotent-replayed: true) and changes nothing; ' +
      'another request with the same key is 422 idempotency_key_reused; while the first is still running, 409 idempotency_key_in_flight. Keys are per credential.',
  );

// Answers given again: what the route did, and its refusals of what the request said. Not those that
// depend on the caller or the moment (401, 403, 404, 409, 413, 429) or on the server (5xx): the same
// request with the same key is then simply tried again.
const isKept = (status: number) => (status >= 200 && status < 300) || status === 400 || status === 415 || status === 422;

interface KeyUse {
  credential: string;
  key: string;
  /** This request's claim on the key, while it holds one. */
  claim?: { id: string; createdAt: number };
  /** The answer an earlier request with this key got. */
  answered?: IdempotencyKeyRow;
  body?: BodyHasher;
  fingerprint?: string;
  /** The route's handler began: only then is an answer the route's own. */
  ran: boolean;
  settled: boolean;
}

export interface IdempotencyDeps {
  store: DbHandle;
  clock: () => number;
}

/** Makes the routes registered after it in this scope that say `config.idempotent` honour Idempotency-Key. */
export function installIdempotency(app: FastifyInstance, deps: IdempotencyDeps): void {
  const uses = new WeakMap<FastifyRequest, KeyUse>();

  async function preParsing(req: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) {
    const key = keyOf(req);
    if (key === undefined) return payload;
    if (!req.caller) throw new Error(`${req.routeOptions.url} is idempotent but not behind the /api/v1 authentication hook`);
    const use: KeyUse = { credential: req.caller.actor, key, ran: false, settled: false };
    uses.set(req, use);
    await takeKey(deps, use);
    // A multipart body is read by the route's own parser, from the raw request; it is hashed part by part.
    if (isMultipart(req)) return payload;
    use.body = hashBody(payload);
    return use.body;
  }

  async function preValidation(req: FastifyRequest, reply: FastifyReply) {
    const use = uses.get(req);
    if (!use) return;
    const digest = use.body ? use.body.digest() : await readMultipart(req);
    use.fingerprint = fingerprintOf(req, digest);
    const answered = use.answered;
    if (!answered) return;
    if (answered.fingerprint !== use.fingerprint) throw new AppError('idempotency_key_reused', msg('idempotency.reused'));
    reply.code(answered.status_code!).header(REPLAYED_HEADER, 'true');
    if (answered.content_type !== null) reply.type(answered.content_type);
    return reply.send(answered.body);
  }

  async function preHandler(req: FastifyRequest) {
    const use = uses.get(req);
    if (use) use.ran = true;
  }

  async function onSend(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const use = uses.get(req);
    if (use?.claim && !use.settled) await settle(deps, req, use, reply, payload);
    return payload;
  }

  // An upload the client gave up on before the route began lets the key go at once, not at the lease's end.
  async function onRequestAbort(req: FastifyRequest) {
    const use = uses.get(req);
    if (!use?.claim || use.ran || use.settled) return;
    use.settled = true;
    await releaseClaim(deps.store.db, use.credential, use.key, use.claim.id);
  }

  app.addHook('onRoute', (route) => {
    if (route.config?.idempotent !== true) return;
    describeKey(route);
    addRouteHook(route, 'preParsing', preParsing);
    addRouteHook(route, 'preValidation', preValidation);
    addRouteHook(route, 'preHandler', preHandler);
    addRouteHook(route, 'onSend', onSend);
    addRouteHook(route, 'onRequestAbort', onRequestAbort);
  });
}

/** The key the request sent, if any; a malformed one is refused before anything is read or stored. */
function keyOf(req: FastifyRequest): string | undefined {
  const key = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  const checked = ZIdempotencyKey.safeParse(key);
  if (!checked.success) throw new AppError('invalid_request', msg('validation.idempotencyKey'), { field: 'Idempotency-Key' });
  return checked.data;
}

/** Claims the key for this request, or finds the answer it already has; refuses it while another request holds it. */
async function takeKey(deps: IdempotencyDeps, use: KeyUse): Promise<void> {
  const now = deps.clock();
  // A second try only when the holder let the key go between our claim and our look.
  for (let attempt = 0; attempt < 2; attempt++) {
    const claim = randomUUID();
    // One transaction: a sweep that deletes rows adds no commit (on SQLite, no fsync) of its own.
    const row = await withWriteTransaction(deps.store, async (trx) => {
      await sweepExpiredKeys(trx, now);
      return claimKey(trx, { credential: use.credential, key: use.key, claim, now, leaseUntil: now + CLAIM_LEASE_MS });
    });
    if (row?.claim === claim) {
      use.claim = { id: claim, createdAt: now };
      return;
    }
    if (row && row.fingerprint !== null) {
      use.answered = row;
      return;
    }
    if (row) break;
  }
  throw new AppError('idempotency_key_in_flight', msg('idempotency.inFlight'));
}

/** Keeps the route's answer under the key, or lets the key go when the answer is not one to give again. */
async function settle(deps: IdempotencyDeps, req: FastifyRequest, use: KeyUse, reply: FastifyReply, payload: unknown): Promise<void> {
  use.settled = true;
  const { credential, key, claim } = use as Required<Pick<KeyUse, 'credential' | 'key' | 'claim'>>;
  try {
    if (use.ran && use.fingerprint !== undefined && isKept(reply.statusCode) && typeof payload === 'string') {
      const contentType = reply.getHeader('content-type');
      const answer = {
        fingerprint: use.fingerprint,
        statusCode: reply.statusCode,
        contentType: typeof contentType === 'string' ? contentType : null,
        body: payload,
        expiresAt: claim.createdAt + KEY_LIFE_MS,
      };
      if (!(await storeAnswer(deps.store.db, credential, key, claim.id, answer))) req.log.warn({ key }, 'idempotency key claim lapsed before the answer; answer not kept');
    } else {
      await releaseClaim(deps.store.db, credential, key, claim.id);
    }
  } catch (err) {
    // The route's work is done and committed: the caller gets its answer, whatever happens to the copy.
    req.log.error({ err, key }, 'could not keep the answer of an idempotency key');
  }
}

function isMultipart(req: FastifyRequest): boolean {
  return (req.headers['content-type'] ?? '').trim().toLowerCase().startsWith('multipart/');
}

/** The header and its answers in the route's API description. */
function describeKey(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as { headers?: unknown; response?: Record<string, unknown>; description?: string };
  const header = { [IDEMPOTENCY_KEY_HEADER]: ZIdempotencyKey.optional() };
  schema.headers = schema.headers instanceof z.ZodObject ? schema.headers.extend(header) : z.looseObject(header);
  schema.response = withErrorCodes(schema.response ?? {}, ['idempotency_key_in_flight', 'idempotency_key_reused']);
  schema.description = [schema.description, 'Send an Idempotency-Key header to make it safe to send again.'].filter(Boolean).join(' ');
}

type RouteHook = 'preParsing' | 'preValidation' | 'preHandler' | 'onSend' | 'onRequestAbort';

function addRouteHook(route: RouteOptions, name: RouteHook, hook: unknown): void {
  const hooks = route as unknown as Record<RouteHook, unknown>;
  const had = hooks[name];
  hooks[name] = had === undefined ? [hook] : Array.isArray(had) ? [...had, hook] : [had, hook];
}
