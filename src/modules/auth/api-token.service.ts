import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { Role } from './api-token.table.js';
import { findActiveTokenByHash, insertApiToken } from './api-token.repository.js';

/** What a route needs: reads, day-to-day operations (units, items, scans), or administration. */
export type Permission = 'read' | 'operate' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'operate', 'admin'],
  operator: ['read', 'operate'],
  viewer: ['read'],
};

export const roleAllows = (role: Role, permission: Permission) => GRANTS[role].includes(permission);

// Tokens are 32 random bytes, so a plain SHA-256 is enough to keep them safe at rest (no salt or
// slow hash needed, unlike passwords), and lets a lookup be one indexed equality.
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export async function createApiToken(db: Db, role: Role, name: string | null, now: number): Promise<{ id: string; token: string }> {
  const token = `sd_${randomBytes(32).toString('base64url')}`;
  const id = randomBytes(8).toString('hex');
  await insertApiToken(db, { id, token_hash: hashToken(token), role, name, created_at: now, revoked_at: null });
  return { id, token };
}

/** Registers a token chosen by the operator (SONGDA_ADMIN_TOKEN) as an admin token; idempotent. */
export async function ensureAdminToken(db: Db, token: string, now: number): Promise<void> {
  const tokenHash = hashToken(token);
  await insertApiToken(db, { id: tokenHash.slice(0, 16), token_hash: tokenHash, role: 'admin', name: 'SONGDA_ADMIN_TOKEN', created_at: now, revoked_at: null });
}

export interface Caller {
  /** Who is acting, as the audit log names them: `token:<id>` (or `user:<name>` for a signed-in user). */
  actor: string;
  role: Role;
}

/**
 * Resolves a bearer token to its caller. Answers are remembered for a few seconds so the scan hot
 * path does not query for every request; a revoked token stops working within that window.
 */
export function createTokenAuthenticator(db: Db, cacheMs = 5000) {
  const cache = new Map<string, { caller: Caller | null; until: number }>();
  return async function authenticate(token: string, now: number): Promise<Caller | null> {
    const tokenHash = hashToken(token);
    const hit = cache.get(tokenHash);
    if (hit && hit.until > now) return hit.caller;
    const row = await findActiveTokenByHash(db, tokenHash);
    const caller = row ? { actor: `token:${row.id}`, role: row.role } : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(tokenHash, { caller, until: now + cacheMs });
    return caller;
  };
}
