import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';

/** The header the web console sends with every request that changes something. */
export const CSRF_HEADER = 'x-songda-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const isUnsafeMethod = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/**
 * A browser sends the session cookie with requests that other sites' pages make. A request that
 * changes something is taken to come from the console when it carries `x-songda-csrf: 1` (a page of
 * another site cannot add a custom header without a CORS grant, which Songda never gives), or an
 * Origin / Referer of this same host.
 */
export function assertSameOrigin(req: FastifyRequest): void {
  if (req.headers[CSRF_HEADER] === '1') return;
  const host = req.headers.host;
  const origin = firstHeader(req.headers.origin) ?? firstHeader(req.headers.referer);
  if (host && origin && sameHost(origin, host)) return;
  throw new AppError('forbidden', msg('access.csrf', { method: req.method, header: CSRF_HEADER }));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The URL's host and port against the Host header, both read with the URL's scheme (so :80 / :443 compare as absent). */
function sameHost(url: string, host: string): boolean {
  try {
    const from = new URL(url);
    return (from.protocol === 'http:' || from.protocol === 'https:') && from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
