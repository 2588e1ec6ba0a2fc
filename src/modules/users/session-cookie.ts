import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_IDLE_MS } from './session.service.js';

export const SESSION_COOKIE = 'songda_session';

/** `auto`: Secure when the request came over https (directly, or as a proxy in front says). */
export type SecureCookies = 'auto' | 'always' | 'never';

export function isSecure(req: FastifyRequest, setting: SecureCookies): boolean {
  if (setting !== 'auto') return setting === 'always';
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return req.protocol === 'https' || proto === 'https';
}

export function sessionToken(req: FastifyRequest): string | undefined {
  const value = req.cookies[SESSION_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

// HttpOnly: scripts never see it. SameSite=Lax: other sites' pages cannot make the browser send it
// with their POSTs (the CSRF guard covers the rest). Path=/: the console's pages and the API.
const cookieOptions = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, path: '/', secure });

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(secure), maxAge: SESSION_IDLE_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
