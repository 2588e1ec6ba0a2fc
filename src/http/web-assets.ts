import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The web console's built files (`vite build`, into dist/web): hashed bundles under /assets/ cached
 * for a year, everything else revalidated on every load, and index.html for every other GET outside
 * the API so that the console's own routes (/items/…, /r/:token, /t/:trackingNo) survive a reload.
 */
export async function registerWebAssets(app: FastifyInstance, dir: string = defaultWebDir()): Promise<void> {
  const root = resolve(dir);
  // Only `reply.sendFile` is wanted; the route below decides what to send. The build writes .br and
  // .gz beside each asset: sent as the browser accepts them, the console's first load is a third.
  await app.register(fastifyStatic, { root, serve: false, suppressWarning: true, preCompressed: true });

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const pathname = req.url.split('?')[0] ?? '/';
    if (pathname.startsWith('/api/') || pathname === '/api' || pathname === '/healthz') return reply.callNotFound();
    if (!existsSync(join(root, 'index.html'))) return notBuilt(reply);

    const file = fileUnder(root, pathname);
    if (pathname.startsWith('/assets/')) {
      // A hashed name never changes content; a missing one is a 404, never the page (a stale page
      // asking for an old bundle must not get HTML back as JavaScript).
      if (!file) return reply.callNotFound();
      return reply.sendFile(file, root, { maxAge: ONE_YEAR_MS, immutable: true });
    }
    if (file) return reply.header('cache-control', 'no-cache').sendFile(file, root, { cacheControl: false });
    // The security headers (CSP, nosniff, framing) come from security-headers.ts, for every route.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  });
}

const ONE_YEAR_MS = 365 * 24 * 3_600_000;

/** The path of an existing file under root (relative to it) that a URL path names, if any. */
function fileUnder(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = resolve(root, `.${decoded}`);
  if (!full.startsWith(root + sep)) return undefined;
  try {
    return statSync(full).isFile() ? relative(root, full) : undefined;
  } catch {
    return undefined;
  }
}

function notBuilt(reply: FastifyReply) {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Songda 送达</title></head><body>' +
        '<h1>Songda 送达</h1><p>The web console has not been built yet: run <code>npm run build:web</code> ' +
        '(<code>npm start</code> builds it when it is missing), then reload this page.</p>' +
        '<p>网页控制台尚未构建：请运行 <code>npm run build:web</code> 后刷新本页。</p>' +
        '<p>The API is running: <a href="/api/docs">/api/docs</a>.</p></body></html>',
    );
}

/** dist/web of the package this file belongs to, run from source (src/http) or built (dist/src/http). */
export function defaultWebDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve('dist', 'web');
    dir = parent;
  }
  return join(dir, 'dist', 'web');
}
