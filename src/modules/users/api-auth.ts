import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Scope } from '../../domain/access-scope.js';
import { type Caller, callerMayUse, createTokenAuthenticator } from '../auth/api-token.service.js';
import { partnerScope } from '../programs/partner-scope.js';
import { assertSameOrigin, isUnsafeMethod } from './csrf-guard.js';
import { type SecureCookies, clearSessionCookie, isSecure, sessionToken, setSessionCookie } from './session-cookie.js';
import { findSession } from './session.service.js';
import { msg } from '../../i18n/message.js';

export interface ApiAuthDeps {
  db: Db;
  clock: () => number;
  secureCookies: SecureCookies;
}

/**
 * The /api/v1 gate: machines send `Authorization: Bearer <token>` (unchanged, and never subject to
 * the CSRF guard: a browser does not add that header by itself); people send the session cookie of
 * the console. A request with an Authorization header is judged by it alone.
 */
export function createApiAuthHook(deps: ApiAuthDeps) {
  const authenticateToken = createTokenAuthenticator(deps.db);

  async function callerOf(req: FastifyRequest, reply: FastifyReply): Promise<Caller> {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new AppError('unauthorized', msg('access.sendBearer'));
      const caller = await authenticateToken(match[1], deps.clock());
      if (!caller) throw new AppError('unauthorized', msg('access.badBearer'));
      return caller;
    }
    const token = sessionToken(req);
    if (!token) throw new AppError('unauthorized', msg('access.signInOrBearer'));
    const secure = isSecure(req, deps.secureCookies);
    const session = await findSession(deps.db, token, deps.clock());
    if (!session) {
      clearSessionCookie(reply, secure);
      throw new AppError('unauthorized', msg('access.sessionEnded'));
    }
    if (isUnsafeMethod(req.method)) assertSameOrigin(req);
    if (session.extended) setSessionCookie(reply, token, secure);
    return session.caller;
  }

  return async function authenticateApiRequest(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const caller = await callerOf(req, reply);
    req.caller = caller;
    if (!callerMayUse(caller, req.routeOptions.config)) {
      throw new AppError('forbidden', msg('access.roleMayNot', { role: caller.role, method: req.method, route: req.routeOptions.url ?? '' }));
    }
    req.scope = await resolveScope(deps.db, caller);
  };
}

/** The caller's scope, resolved once per request: everything for the post's staff, a partner's share otherwise. */
async function resolveScope(db: Db, caller: Caller): Promise<Scope> {
  // A courier's routes check the office themselves (`couriers: true`); were a courier ever handed a
  // route that reads by scope, it would see nothing.
  if (caller.role === 'courier') return { partner: '', programs: [], sponsored: [] };
  if (caller.role !== 'partner') return 'all';
  // A partner role without its partner cannot be stored (checkTokenPartner); were one found, it sees nothing.
  if (caller.partner === null) return { partner: '', programs: [], sponsored: [] };
  return partnerScope(db, caller.partner);
}
