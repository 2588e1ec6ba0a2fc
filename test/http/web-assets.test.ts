import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { defaultWebDir } from '../../src/http/web-assets.js';
import { FIXED_NOW, newToken, testConfig } from '../factories.js';
import { newWebDir } from '../factories-console.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function appServing(ctx: TestDbContext, webDir: string): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(ctx), store: ctx.handle, clock: () => FIXED_NOW, logger: false, webDir });
  onTestFinished(() => app.close());
  return app;
}

describeEachDialect('the web console at /', (ctx) => {
  it('serves index.html (revalidated each time), hashed assets cached for a year, and other files of the build', async () => {
    const web = newWebDir();
    const app = await appServing(ctx, web.dir);

    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(web.indexHtml);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-frame-options']).toBe('DENY');

    const script = await app.inject({ method: 'GET', url: web.script });
    expect(script.statusCode).toBe(200);
    expect(script.body).toBe(web.scriptBody);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(icon.headers['cache-control']).toBe('no-cache');

    expect((await app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it("answers the console's page for its own routes on reload, and never for the API, health, a missing asset or another method", async () => {
    const web = newWebDir();
    const app = await appServing(ctx, web.dir);
    for (const url of ['/r/eyJwIjoiVkVULTIwMjYifQ.sig', '/t/EA100000003CN', '/items/EA100000003CN', '/breakpoints?status=open', '/units', '/overview/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(web.indexHtml);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }

    const token = await newToken(ctx.handle.db, 'viewer');
    const apiMiss = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { authorization: `Bearer ${token}` } });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json()).toEqual({ error: { code: 'not_found', message: '没有此接口：GET /api/v1/nothing-here' } });
    expect((await app.inject({ method: 'GET', url: '/api/elsewhere' })).json().error.code).toBe('not_found');
    expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/units' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/api/docs/' })).body).toMatch(/swagger/i);

    const missingAsset = await app.inject({ method: 'GET', url: '/assets/index-OLDHASH.js' });
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.json().error.code).toBe('not_found');
    const post = await app.inject({ method: 'POST', url: '/items/EA100000003CN', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('not_found');
  });

  it('never serves a file from outside the build directory', async () => {
    const web = newWebDir();
    writeFileSync(join(web.parent, 'secret.txt'), 'TOP SECRET');
    const app = await appServing(ctx, web.dir);
    const urls = ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/%00/../secret.txt', '/assets/../../secret.txt'];
    for (const url of urls) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('TOP SECRET');
      expect([200, 400, 403, 404], url).toContain(res.statusCode);
    }
  });

  it('says how to build the console when it is not built, and the API still works', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'songda-noweb-'));
    onTestFinished(() => rmSync(empty, { recursive: true, force: true }));
    for (const dir of [join(empty, 'missing'), empty]) {
      const app = await appServing(ctx, dir);
      for (const url of ['/', '/items/EA100000003CN']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toContain('npm run build:web');
      }
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const token = await newToken(ctx.handle.db, 'viewer');
      expect((await app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    }
  });

  it('looks for the build in dist/web of the package by default', () => {
    expect(defaultWebDir()).toBe(join(ROOT, 'dist', 'web'));
  });
});
