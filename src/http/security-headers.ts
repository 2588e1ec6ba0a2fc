import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The policy every answer carries: the console, the citizen pages, the API docs and the API itself.
 * Scripts come only from this server's own files (the Vite build and Swagger UI load no inline
 * script). Styles also allow inline: Ant Design's CSS-in-JS writes its rules into <style> elements
 * at run time, and Swagger UI sets style attributes; an injected style can restyle a page but run
 * nothing. Images allow data: for the page's icon and Ant Design's and Swagger UI's inline images.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

// helmet's own defaults add `upgrade-insecure-requests`, which would send a console reached over
// plain http on an office network to https that nobody serves; HSTS below does that job for https.
const HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  frameguard: { action: 'deny' },
  // Same-origin keeps the Referer for the server's own CSRF check and logs; the citizen page's
  // /r/<token> address never reaches another site.
  referrerPolicy: { policy: 'same-origin' },
  strictTransportSecurity: false,
};

/** A year; includeSubDomains reaches only names under Songda's own host name, not its siblings. */
const HSTS = { maxAge: 365 * 24 * 3600, includeSubDomains: true } as const;

/**
 * Registers the headers through @fastify/helmet. Register it before any route or plugin: its hook
 * then runs for every route, the not-found answer and the errors alike.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, HEADERS);
  // HSTS only when the request came over https: on the TLS connection itself, or from a proxy that
  // SONGDA_TRUST_PROXY trusts (`req.protocol` believes X-Forwarded-Proto only then). Sent over plain
  // http it would be ignored by browsers, and anyone could claim https in a header. `reply.helmet`
  // sets the whole set again with HSTS added; the others come out the same.
  app.addHook('onRequest', async (req, reply) => {
    if (req.protocol === 'https') reply.helmet({ strictTransportSecurity: HSTS });
  });
}
