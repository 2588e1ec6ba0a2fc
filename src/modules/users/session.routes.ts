import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { AppError } from '../../errors.js';
import { CSRF_HEADER, assertSameOrigin } from './csrf-guard.js';
import { SESSION_COOKIE, clearSessionCookie, isSecure, sessionToken, setSessionCookie } from './session-cookie.js';
import { PER_ADDRESS, PER_USERNAME } from './session-limits.js';
import { SESSION_IDLE_MS, changeOwnPassword, findSession, signIn, signOut } from './session.service.js';
import { ZPasswordChangeBody, ZPasswordChanged, ZSessionAnswer, ZSignInBody } from './user.schemas.js';
import { msg } from '../../i18n/message.js';

const COOKIE_NOTE =
  `The session is the HttpOnly cookie ${SESSION_COOKIE} (SameSite=Lax, Path=/, Secure over https), ` +
  `valid for ${SESSION_IDLE_MS / 3_600_000} h after the last request. With it, every /api/v1 route works as with a ` +
  `bearer token of the user's role; POST, PUT, PATCH and DELETE also need the header ${CSRF_HEADER}: 1 ` +
  '(or a same-origin Origin header), or they are refused with 403.';

/**
 * Signing in and out of the web console. Registered beside the /api/v1 routes, not behind their
 * bearer-or-session gate: these are how a person gets a session in the first place.
 */
export const sessionRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/session',
    {
      schema: {
        operationId: 'signIn',
        tags: ['session'],
        summary: 'Sign in to the web console: sets the session cookie',
        description:
          `${COOKIE_NOTE} Wrong username, wrong password and disabled user all answer the same 401. ` +
          `After ${PER_USERNAME.free} failures for one username (from any addresses), or ${PER_ADDRESS.free} from one address (over any usernames), ` +
          'each further attempt must wait a delay that doubles from 1 s with every failure, up to 15 min: until then 429 rate_limited with Retry-After, ' +
          'whatever the password. A right password clears the count for its username; counts start again after a quiet day (username) or hour (address). ' +
          `Needs ${CSRF_HEADER}: 1 or a same-origin Origin header, like every cookie request that changes something.`,
        security: [],
        body: ZSignInBody,
        response: { 200: ZSessionAnswer, ...errorAnswers('unauthorized', 'forbidden', 'rate_limited') },
      },
    },
    async (req, reply) => {
      assertSameOrigin(req);
      const { user, token } = await signIn(ctx.store, req.body, req.ip, ctx.clock()).catch(withRetryAfter(reply));
      setSessionCookie(reply, token, isSecure(req, ctx.config.secureCookies));
      return { user };
    },
  );

  app.get(
    '/session',
    {
      schema: {
        operationId: 'getSession',
        tags: ['session'],
        summary: 'Who is signed in (by the session cookie)',
        description: `${COOKIE_NOTE} 401 without a live session.`,
        security: [],
        response: { 200: ZSessionAnswer, ...errorAnswers('unauthorized') },
      },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      const session = token === undefined ? undefined : await findSession(ctx.db, token, ctx.clock());
      const secure = isSecure(req, ctx.config.secureCookies);
      if (!session) {
        if (token !== undefined) clearSessionCookie(reply, secure);
        throw new AppError('unauthorized', msg('access.notSignedIn'));
      }
      if (session.extended && token) setSessionCookie(reply, token, secure);
      return { user: session.user };
    },
  );

  app.post(
    '/session/password',
    {
      schema: {
        operationId: 'changeOwnPassword',
        tags: ['session'],
        summary: 'The signed-in user changes their own password; their other sessions end; audited as user.password_change',
        description:
          `Needs the session cookie (a bearer token is no user) and ${CSRF_HEADER}: 1 or a same-origin Origin header. ` +
          'A wrong currentPassword answers 400 and counts as a failed sign-in for the username and the address, so after repeated ' +
          'failures the answer is 429 rate_limited with Retry-After, as on sign-in.',
        security: [],
        body: ZPasswordChangeBody,
        response: { 200: ZPasswordChanged, ...errorAnswers('invalid_request', 'unauthorized', 'forbidden', 'rate_limited') },
      },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      if (token === undefined) throw new AppError('unauthorized', msg('access.notSignedIn'));
      assertSameOrigin(req);
      return changeOwnPassword(ctx.store, token, req.body, req.ip, ctx.clock()).catch(withRetryAfter(reply));
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        operationId: 'signOut',
        tags: ['session'],
        summary: 'Sign out: ends the session and clears the cookie',
        description: `Always 204, signed in or not. With a live session, needs ${CSRF_HEADER}: 1 or a same-origin Origin header.`,
        security: [],
        response: { 204: z.null().describe('signed out'), ...errorAnswers('forbidden') },
      },
    },
    async (req, reply) => {
      const token = sessionToken(req);
      if (token !== undefined && (await findSession(ctx.db, token, ctx.clock()))) {
        assertSameOrigin(req);
        await signOut(ctx.db, token);
      }
      clearSessionCookie(reply, isSecure(req, ctx.config.secureCookies));
      return reply.status(204).send(null);
    },
  );
};

/** A wait the service asks for also travels as Retry-After, the header clients look for with a 429. */
function withRetryAfter(reply: FastifyReply) {
  return (err: unknown): never => {
    const details = err instanceof AppError && err.code === 'rate_limited' ? (err.details as { retryAfterSeconds?: number } | undefined) : undefined;
    if (details?.retryAfterSeconds !== undefined) reply.header('retry-after', String(details.retryAfterSeconds));
    throw err;
  };
}
