import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

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
// plain http on an office network to https that nobody serves; HSTS does that job for https.
const COMMON = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  frameguard: { action: 'deny' },
  // Same-origin keeps the Referer for the server's own CSRF check and logs; the citizen page's
  // /r/<token> address never reaches another site.
  referrerPolicy: { policy: 'same-origin' },
} as const;

/** A year; includeSubDomains reaches only names under Songda's own host name, not its siblings. */
const HSTS = { maxAge: 365 * 24 * 3600, includeSubDomains: true } as const;

const OVER_HTTP: FastifyHelmetOptions = { ...COMMON, strictTransportSecurity: false };
const OVER_HTTPS: FastifyHelmetOptions = { ...COMMON, strictTransportSecurity: HSTS };

/**
 * Sets the headers on every answer. Register it before any route or plugin: its hook then runs for
 * every route, the not-found answer and the errors alike.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const plain = await helmetHeaders(OVER_HTTP);
  const overHttps = await helmetHeaders(OVER_HTTPS);
  // HSTS only when the request came over https: on the TLS connection itself, or from a proxy that
  // SONGDA_TRUST_PROXY trusts (`req.protocol` believes X-Forwarded-Proto only then). Sent over plain
  // http it would be ignored by browsers, and anyone could claim https in a header.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.protocol === 'https' ? overHttps : plain);
    done();
  });
}

/**
 * The headers @fastify/helmet sets under these options, asked of it once on an instance of its own.
 * Registered on the app, it builds helmet's middleware again, parsing the whole policy, for every
 * request; the headers depend on the options alone.
 */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(fastifyHelmet, options);
    probe.get('/', async (_req, reply) => reply.raw.getHeaders());
    return (await probe.inject({ method: 'GET', url: '/' })).json();
  } finally {
    await probe.close();
  }
}
