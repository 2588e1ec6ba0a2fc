// The headers a browser expects on every answer: the Content-Security-Policy the console runs under,
// no framing, no sniffing, a referrer policy, and HSTS only for requests that came over https.
import type { IncomingHttpHeaders } from 'node:http';
import { type RequestOptions, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { FIXED_NOW, newToken, testConfig } from '../factories.js';
import { newWebDir } from '../factories-console.js';
import { createTestProgram } from '../factories-requests.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

const POLICY =
  "default-src 'self';base-uri 'self';connect-src 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';" +
  "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline'";
const HSTS = 'max-age=31536000; includeSubDomains';

async function appServing(ctx: TestDbContext, env: Record<string, string> = {}): Promise<{ app: FastifyInstance; web: ReturnType<typeof newWebDir> }> {
  const web = newWebDir();
  const app = await buildApp({ config: testConfig(ctx, env), store: ctx.handle, clock: () => FIXED_NOW, logger: false, webDir: web.dir });
  onTestFinished(() => app.close());
  return { app, web };
}

function expectSecurityHeaders(headers: IncomingHttpHeaders | LightMyRequestResponse['headers'], what: string): void {
  expect(headers['content-security-policy'], what).toBe(POLICY);
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['referrer-policy'], what).toBe('same-origin');
}

describeEachDialect('security headers', (ctx) => {
  it('are on every kind of answer: API, errors, health, the console and its files, the API docs, public routes', async () => {
    const { app, web } = await appServing(ctx);
    const viewer = { authorization: `Bearer ${await newToken(ctx.handle.db, 'viewer')}` };
    const admin = { authorization: `Bearer ${await newToken(ctx.handle.db, 'admin')}` };
    const program = await createTestProgram(ctx.handle.db);
    const invited = await app.inject({ method: 'POST', url: `/api/v1/programs/${program.code}/invitations`, headers: admin, payload: { count: 1 } });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitationId: string = invited.json().invitations[0].id;

    const cases: { what: string; url: string; status: number; method?: 'GET' | 'POST'; headers?: Record<string, string>; payload?: string }[] = [
      { what: 'an API JSON answer', url: '/api/v1/units', status: 200, headers: viewer },
      { what: 'a QR image', url: `/api/v1/invitations/${invitationId}/qr.svg`, status: 200, headers: viewer },
      { what: 'an unauthenticated request', url: '/api/v1/units', status: 401 },
      { what: 'a request the schema refuses', url: '/api/v1/items?limit=lots', status: 400, headers: viewer },
      { what: 'a body that is not JSON', url: '/api/v1/units', method: 'POST', status: 400, headers: { ...admin, 'content-type': 'application/json' }, payload: '{' },
      { what: 'no such API route', url: '/api/v1/nothing-here', status: 404, headers: viewer },
      { what: 'the health check', url: '/healthz', status: 200 },
      { what: 'the console at /', url: '/', status: 200 },
      { what: 'the console as /index.html', url: '/index.html', status: 200 },
      { what: "the console for one of its own routes (reload)", url: '/items/EA100000003CN', status: 200 },
      { what: "the citizen's request page", url: '/r/eyJwIjoiVkVULTIwMjYifQ.sig', status: 200 },
      { what: "the citizen's tracking page", url: '/t', status: 200 },
      { what: 'a hashed asset', url: web.script, status: 200 },
      { what: 'a missing asset', url: '/assets/index-OLDHASH.js', status: 404 },
      { what: 'another file of the build', url: '/favicon.svg', status: 200 },
      { what: 'the API docs', url: '/api/docs', status: 200 },
      { what: 'the API docs/', url: '/api/docs/', status: 200 },
      { what: "the API docs' script", url: '/api/docs/static/swagger-ui-bundle.js', status: 200 },
      { what: "the API docs' initializer", url: '/api/docs/static/swagger-initializer.js', status: 200 },
      { what: "the API docs' styles", url: '/api/docs/static/swagger-ui.css', status: 200 },
      { what: "the API docs' description", url: '/api/docs/json', status: 200 },
      { what: 'the OpenAPI description', url: '/api/openapi.json', status: 200 },
      { what: 'public tracking (wrong digits)', url: '/api/v1/public/tracking/EA100000003CN?phone4=1234', status: 404 },
      { what: 'a public invitation (forged)', url: '/api/v1/public/invitations/not-a-token', status: 400 },
    ];
    for (const c of cases) {
      const res = await app.inject({ method: c.method ?? 'GET', url: c.url, headers: c.headers, payload: c.payload });
      const what = `${c.what}: ${c.method ?? 'GET'} ${c.url}`;
      expect(res.statusCode, `${what} → ${res.body.slice(0, 200)}`).toBe(c.status);
      expectSecurityHeaders(res.headers, what);
      // Plain http, and no proxy is trusted: never HSTS.
      expect(res.headers['strict-transport-security'], what).toBeUndefined();
    }
  });

  it('send HSTS when a trusted proxy says the request came over https, and only then', async () => {
    const { app } = await appServing(ctx, { SONGDA_TRUST_PROXY: '10.0.0.2' });
    const viaProxy = (remoteAddress: string, proto?: string) =>
      app.inject({ method: 'GET', url: '/healthz', remoteAddress, headers: proto ? { 'x-forwarded-proto': proto, 'x-forwarded-for': '198.51.100.7' } : {} });

    const trusted = await viaProxy('10.0.0.2', 'https');
    expect(trusted.headers['strict-transport-security']).toBe(HSTS);
    expectSecurityHeaders(trusted.headers, 'https through the trusted proxy');

    expect((await viaProxy('10.0.0.2', 'http')).headers['strict-transport-security']).toBeUndefined();
    expect((await viaProxy('10.0.0.2')).headers['strict-transport-security']).toBeUndefined();
    // Anyone else can write the header; it proves nothing.
    const spoofed = await viaProxy('203.0.113.9', 'https');
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    expectSecurityHeaders(spoofed.headers, 'a client claiming https');
  });

  it('send HSTS over a TLS connection', async () => {
    const { app } = await appServing(ctx);
    await app.ready();
    // TLS with a pre-shared key: a real encrypted connection without a certificate to keep in the repository.
    const key = Buffer.alloc(32, 7);
    const tls = { ciphers: 'PSK-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' } as const;
    const server = createServer({ ...tls, pskCallback: () => key }, (req, res) => app.routing(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;

    // Node hands pskCallback on to tls.connect; its https types do not list it.
    const options: RequestOptions & Pick<ConnectionOptions, 'pskCallback'> = {
      host: '127.0.0.1',
      port,
      path: '/healthz',
      ...tls,
      pskCallback: () => ({ psk: key, identity: 'test' }),
      checkServerIdentity: () => undefined,
    };
    const headers = await new Promise<IncomingHttpHeaders>((resolve, reject) => {
      const req = request(options, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      });
      req.on('error', reject);
      req.end();
    });
    expect(headers['strict-transport-security']).toBe(HSTS);
    expectSecurityHeaders(headers, 'over TLS');
  });
});
