import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { type Scope, seesPartner } from '../../domain/access-scope.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getPartner } from '../programs/partner.service.js';
import type { ApiTokenTable, Role, TokenSource } from './api-token.table.js';
import { findActiveTokenByHash, findLiveTokensOfSource, findTokenByHash, findTokenById, insertApiToken, revokeTokenById } from './api-token.repository.js';
import { msg } from '../../i18n/message.js';

/** What a route needs: reads, day-to-day operations (units, items, scans), or administration. */
export type Permission = 'read' | 'operate' | 'admin';

// A partner's credential is granted no permission: it may use only the routes that say they serve
// partners (`partners: true`), each of which limits its answer to the caller's scope. A route added
// without that flag is refused to partners by default.
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'operate', 'admin'],
  operator: ['read', 'operate'],
  viewer: ['read'],
  partner: [],
  courier: [],
};

export const roleAllows = (role: Role, permission: Permission) => GRANTS[role].includes(permission);

/**
 * Whether a caller may use a route at all: by its role's permissions, or, for a partner or a courier,
 * by the route serving them (each such route limits its answer to the partner's scope or the courier's office).
 */
export function callerMayUse(caller: Pick<Caller, 'role'>, route: { permission?: Permission; partners?: boolean; couriers?: boolean }): boolean {
  if (caller.role === 'partner') return route.partners === true;
  if (caller.role === 'courier') return route.couriers === true;
  return roleAllows(caller.role, route.permission ?? 'admin');
}

const DAY_MS = 86_400_000;
/** The longest life `expiresInDays` may give a token: ten years. */
export const MAX_TOKEN_DAYS = 3650;

// Tokens are 32 random bytes, so a plain SHA-256 is enough to keep them safe at rest (no salt or
// slow hash needed, unlike passwords), and lets a lookup be one indexed equality.
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Where a new token comes from and who asked for it (as the audit log names them: `token:<id>`, `user:<name>`, `cli`). */
export interface TokenOrigin {
  source: TokenSource;
  actor: string;
  /** Whole days from creation after which the token stops working; none: until revoked. */
  expiresInDays?: number;
  /** For role `partner` (and only then): the code of the partner the token acts for. */
  partner?: string;
}

const COMMAND_LINE: TokenOrigin = { source: 'cli', actor: 'cli' };

export async function createApiToken(
  db: Db,
  role: Role,
  name: string | null,
  now: number,
  origin: TokenOrigin = COMMAND_LINE,
): Promise<{ id: string; token: string; expiresAt: number | null }> {
  // A courier is bound to an office through their user; a token has no unit to bind.
  if (role === 'courier') throw new AppError('invalid_request', msg('courier.noTokens'), { field: 'role' });
  const partner = await checkTokenPartner(db, role, origin.partner);
  const token = `sd_${randomBytes(32).toString('base64url')}`;
  const id = randomBytes(8).toString('hex');
  const expiresAt = origin.expiresInDays === undefined ? null : now + origin.expiresInDays * DAY_MS;
  await db.transaction().execute(async (trx) => {
    await insertApiToken(trx, { id, token_hash: hashToken(token), role, name, created_at: now, revoked_at: null, expires_at: expiresAt, source: origin.source, partner });
    await auditCreation(trx, { id, role, name, source: origin.source, expires_at: expiresAt, partner }, origin.actor, now);
  });
  return { id, token, expiresAt };
}

/**
 * The partner a new credential is bound to: required for role `partner`, refused for every other
 * role (an admin bound to a partner would be neither), and it must exist.
 */
export async function checkTokenPartner(db: Db, role: Role, partner: string | undefined): Promise<string | null> {
  if (role !== 'partner') {
    if (partner !== undefined) throw new AppError('invalid_request', msg('access.partnerOnlyForPartnerRole', { role }), { field: 'partner' });
    return null;
  }
  if (partner === undefined) throw new AppError('invalid_request', msg('access.partnerRoleNeedsPartner'), { field: 'partner' });
  if (!(await getPartner(db, partner))) throw new AppError('unknown_reference', msg('access.unknownPartner', { field: 'partner', partner }), { field: 'partner' });
  return partner;
}

/**
 * Registers the token chosen by the operator (SONGDA_ADMIN_TOKEN) as an admin token, and revokes the
 * ones earlier values registered: changing the setting is how an operator replaces a leaked token.
 * Only older ones: a server still started with an old value does not revoke its successor. Idempotent.
 */
export async function ensureAdminToken(db: Db, token: string, now: number): Promise<{ revoked: string[] }> {
  const tokenHash = hashToken(token);
  const row: ApiTokenTable = {
    id: tokenHash.slice(0, 16),
    token_hash: tokenHash,
    role: 'admin',
    name: 'SONGDA_ADMIN_TOKEN',
    created_at: now,
    revoked_at: null,
    expires_at: null,
    source: 'environment',
    partner: null,
  };
  const revoked = await db.transaction().execute(async (trx) => {
    if (await insertApiToken(trx, row)) await auditCreation(trx, row, 'cli', now);
    const current = await findTokenByHash(trx, tokenHash);
    if (!current) throw new Error('the SONGDA_ADMIN_TOKEN token was not stored');
    return revokeOlderTokensOfSource(trx, 'environment', current, now, { actor: 'cli', reason: 'SONGDA_ADMIN_TOKEN changed' });
  });
  forgetCachedAnswers(db, revoked.map((r) => r.tokenHash));
  return { revoked: revoked.map((r) => r.id) };
}

/**
 * Revokes the live tokens of one source made no later than `kept` (which stays), each audited: the
 * environment's and the demo's admin tokens are one at a time.
 */
export async function revokeOlderTokensOfSource(
  trx: Db,
  source: TokenSource,
  kept: Pick<ApiTokenTable, 'id' | 'created_at'>,
  now: number,
  why: { actor: string; reason: string },
): Promise<{ id: string; tokenHash: string }[]> {
  const revoked: { id: string; tokenHash: string }[] = [];
  for (const { id } of await findLiveTokensOfSource(trx, source, kept.id, Number(kept.created_at))) {
    const tokenHash = await revokeTokenById(trx, id, now);
    if (!tokenHash) continue;
    await recordAudit(trx, { at: now, actor: why.actor, action: 'token.revoke', subject: id, detail: { reason: why.reason, replacedBy: kept.id } });
    revoked.push({ id, tokenHash });
  }
  return revoked;
}

/**
 * Revokes a token. Revoking one that already is changes nothing and records nothing; the answer is
 * the token as stored either way. The token stops working at once on this server; other servers on
 * the same database remember answers for up to TOKEN_CACHE_MS.
 */
export async function revokeApiToken(db: Db, id: string, now: number, actor: string, scope: Scope): Promise<ApiTokenTable> {
  // Another partner's token is answered like an unknown one, before anything is changed.
  const before = await findTokenById(db, id);
  if (!before || !seesPartner(scope, before.partner)) throw new AppError('not_found', msg('access.tokenNotFound', { id }));
  const tokenHash = await db.transaction().execute(async (trx) => {
    const revokedHash = await revokeTokenById(trx, id, now);
    if (revokedHash) await recordAudit(trx, { at: now, actor, action: 'token.revoke', subject: id, partner: before.partner ?? undefined });
    return revokedHash;
  });
  if (tokenHash) forgetCachedAnswers(db, [tokenHash]);
  const row = await findTokenById(db, id);
  if (!row) throw new AppError('not_found', msg('access.tokenNotFound', { id }));
  return row;
}

function auditCreation(trx: Db, token: Pick<ApiTokenTable, 'id' | 'role' | 'name' | 'source' | 'expires_at' | 'partner'>, actor: string, now: number): Promise<void> {
  return recordAudit(trx, {
    at: now,
    actor,
    action: 'token.create',
    subject: token.id,
    // The partner's own row: it may read that this credential was made for it, and by whom.
    partner: token.partner ?? undefined,
    detail: { role: token.role, name: token.name, source: token.source, expiresAt: token.expires_at, ...(token.partner ? { partner: token.partner } : {}) },
  });
}

export interface Caller {
  /** Who is acting, as the audit log names them: `token:<id>` (or `user:<name>` for a signed-in user). */
  actor: string;
  role: Role;
  /** For role `partner`: the partner it acts for; null otherwise. */
  partner: string | null;
  /** For role `courier`: the office the courier works at (the user's unit); absent or null otherwise. */
  unit?: string | null;
}

/** How long an authenticator trusts an answer it already had; a revocation on another server waits this long. */
export const TOKEN_CACHE_MS = 5000;

type AnswerCache = Map<string, { caller: Caller | null; until: number }>;

// The authenticators' caches, per database handle, so that a revocation through that handle can tell
// every authenticator of this process at once instead of waiting for their answers to age.
const cachesByDb = new WeakMap<Db, Set<AnswerCache>>();

/** Drops what this process's authenticators on `db` remember of these tokens; call it after the revoking commit. */
export function forgetCachedAnswers(db: Db, tokenHashes: readonly string[]): void {
  for (const cache of cachesByDb.get(db) ?? []) for (const tokenHash of tokenHashes) cache.delete(tokenHash);
}

/**
 * Resolves a bearer token to its caller. Answers are remembered for a few seconds so the scan hot
 * path does not query for every request; never past the token's expiry, and a revocation through the
 * same database handle clears them.
 */
export function createTokenAuthenticator(db: Db, cacheMs = TOKEN_CACHE_MS) {
  const cache: AnswerCache = new Map();
  const caches = cachesByDb.get(db) ?? new Set<AnswerCache>();
  caches.add(cache);
  cachesByDb.set(db, caches);
  return async function authenticate(token: string, now: number): Promise<Caller | null> {
    const tokenHash = hashToken(token);
    const hit = cache.get(tokenHash);
    if (hit && hit.until > now) return hit.caller;
    const row = await findActiveTokenByHash(db, tokenHash, now);
    const caller = row ? { actor: `token:${row.id}`, role: row.role, partner: row.partner } : null;
    if (cache.size > 10_000) cache.clear();
    const expiresAt = row?.expires_at == null ? Number.POSITIVE_INFINITY : Number(row.expires_at);
    cache.set(tokenHash, { caller, until: Math.min(now + cacheMs, expiresAt) });
    return caller;
  };
}
