import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { openDb } from '../../src/db/open-db.js';
import { ensureAdminToken } from '../../src/modules/auth/api-token.service.js';
import type { StaffRole as Role } from '../factories.js';
import {
  FIXED_NOW,
  HOUR,
  type TestApp,
  countRows,
  createSite,
  newTestApp,
  newTrackingNo,
  shanghai,
  storedEvents,
  storedItem,
  testConfig,
  unitInput,
  readsEnglish,
} from '../factories.js';
import { describeEachDialect } from '../test-db.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** One call per route of /api/v1, each with what it stores, to check the role matrix against. */
interface RouteCase {
  name: string;
  call(t: TestApp, role: Role): Promise<{ status: number; stored: () => Promise<boolean> }>;
  okStatus: number;
}

const routes = (fixture: { site: string; knownItem: string }): RouteCase[] => [
  {
    name: 'GET /api/v1/units',
    okStatus: 200,
    async call(t, role) {
      const res = await t.request('GET', '/api/v1/units', { role });
      return { status: res.statusCode, stored: async () => false };
    },
  },
  {
    name: 'GET /api/v1/items/:trackingNo',
    okStatus: 200,
    async call(t, role) {
      const res = await t.request('GET', `/api/v1/items/${fixture.knownItem}`, { role });
      return { status: res.statusCode, stored: async () => false };
    },
  },
  {
    name: 'POST /api/v1/units',
    okStatus: 200,
    async call(t, role) {
      const unit = unitInput();
      const res = await t.request('POST', '/api/v1/units', { role, body: [unit] });
      return { status: res.statusCode, stored: async () => (await t.db.selectFrom('units').select('code').where('code', '=', unit.code).execute()).length > 0 };
    },
  },
  {
    name: 'POST /api/v1/items',
    okStatus: 200,
    async call(t, role) {
      const trackingNo = newTrackingNo();
      const res = await t.request('POST', '/api/v1/items', { role, body: [{ trackingNo }] });
      return { status: res.statusCode, stored: async () => (await storedItem(t.db, trackingNo)) !== undefined };
    },
  },
  {
    name: 'POST /api/v1/scans',
    okStatus: 200,
    async call(t, role) {
      const trackingNo = newTrackingNo();
      const res = await t.request('POST', '/api/v1/scans', {
        role,
        ndjson: JSON.stringify({ trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - HOUR), site: fixture.site }),
      });
      return { status: res.statusCode, stored: async () => (await storedEvents(t.db, trackingNo)).length > 0 };
    },
  },
  {
    name: 'POST /api/v1/tokens',
    okStatus: 201,
    async call(t, role) {
      const name = `made by ${role} ${Math.random()}`;
      const res = await t.request('POST', '/api/v1/tokens', { role, body: { role: 'viewer', name } });
      return { status: res.statusCode, stored: async () => (await t.db.selectFrom('api_tokens').select('id').where('name', '=', name).execute()).length > 0 };
    },
  },
];

const ALLOWED: Record<Role, readonly string[]> = {
  admin: ['GET /api/v1/units', 'GET /api/v1/items/:trackingNo', 'POST /api/v1/units', 'POST /api/v1/items', 'POST /api/v1/scans', 'POST /api/v1/tokens'],
  operator: ['GET /api/v1/units', 'GET /api/v1/items/:trackingNo', 'POST /api/v1/units', 'POST /api/v1/items', 'POST /api/v1/scans'],
  viewer: ['GET /api/v1/units', 'GET /api/v1/items/:trackingNo'],
};

describeEachDialect('authentication and roles', (ctx) => {
  async function appWithFixture() {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const knownItem = newTrackingNo();
    await t.request('POST', '/api/v1/items', { body: [{ trackingNo: knownItem }] });
    return { t, cases: routes({ site, knownItem }) };
  }

  for (const role of ['admin', 'operator', 'viewer'] as const) {
    it(`lets ${role} do exactly what the role allows; a 403 stores nothing`, async () => {
      const { t, cases } = await appWithFixture();
      for (const c of cases) {
        const { status, stored } = await c.call(t, role);
        if (ALLOWED[role].includes(c.name)) {
          expect(status, `${role} ${c.name}`).toBe(c.okStatus);
          if (c.name.startsWith('POST')) expect(await stored(), `${role} ${c.name} stored`).toBe(true);
        } else {
          expect(status, `${role} ${c.name}`).toBe(403);
          expect(await stored(), `${role} ${c.name} stored`).toBe(false);
        }
      }
    });
  }

  it('answers 401 with the error body for a missing, malformed, unknown or revoked token, and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const revoked = await t.request('POST', '/api/v1/tokens', { body: { role: 'admin' } });
    const revokedToken = (revoked.json() as { id: string; token: string }).token;
    await t.db.updateTable('api_tokens').set({ revoked_at: FIXED_NOW }).where('id', '=', revoked.json().id).execute();
    const unitsBefore = await countRows(t.db, 'units');

    const headers: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${t.tokens.admin}x` },
      { authorization: t.tokens.admin },
      { authorization: `Bearer ${revokedToken}` },
    ];
    for (const h of headers) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/units', payload: [unitInput()], headers: h ?? {} });
      expect(res.statusCode, JSON.stringify(h)).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
    }
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(read.statusCode).toBe(401);
    expect(await countRows(t.db, 'units')).toBe(unitsBefore);
  });

  it('answers 403 with the error body naming the role', async () => {
    const t = await newTestApp(ctx);
    const res = await t.request('POST', '/api/v1/units', { role: 'viewer', body: [unitInput()] });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('viewer') } });
  });

  it('stores tokens only as hashes: the table never contains a clear token', async () => {
    const t = await newTestApp(ctx);
    const created = await t.request('POST', '/api/v1/tokens', { body: { role: 'operator', name: 'scanner gateway' } });
    expect(created.statusCode).toBe(201);
    const { id, token, role } = created.json() as { id: string; token: string; role: string };
    expect(role).toBe('operator');
    const configured = 'songda-admin-token-from-env-0001';
    await ensureAdminToken(t.db, configured, FIXED_NOW);

    // The new token works with its role.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const asOperator = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${token}` }, payload: { role: 'admin' } });
    expect(asOperator.statusCode).toBe(403);
    const asConfigured = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${configured}` }, payload: { role: 'viewer' } });
    expect(asConfigured.statusCode).toBe(201);

    const rows = await t.db.selectFrom('api_tokens').selectAll().execute();
    const clearTokens = [token, configured, ...Object.values(t.tokens)];
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const clear of clearTokens) expect(text).not.toContain(clear);
    }
    expect(rows.find((r) => r.id === id)).toMatchObject({ token_hash: sha256(token), role: 'operator', name: 'scanner gateway', revoked_at: null });
    expect(rows.some((r) => r.token_hash === sha256(configured) && r.role === 'admin')).toBe(true);
  });

  it('rejects a token request with an unknown role or extra fields', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'api_tokens');
    for (const body of [{ role: 'root' }, { role: 'viewer', admin: true }, {}]) {
      const res = await t.request('POST', '/api/v1/tokens', { body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('invalid_request');
    }
    expect(await countRows(t.db, 'api_tokens')).toBe(before);
  });
});

describeEachDialect('error answers, request ids and API docs', (ctx) => {
  it('sends x-request-id on every answer, echoing a well-formed one and replacing a bad one', async () => {
    const t = await newTestApp(ctx);
    const answers = await Promise.all([
      t.app.inject({ method: 'GET', url: '/healthz' }),
      t.app.inject({ method: 'GET', url: '/api/v1/units' }),
      t.request('POST', '/api/v1/tokens', { role: 'viewer', body: { role: 'viewer' } }),
      t.request('GET', '/api/v1/nothing-here'),
      t.request('GET', `/api/v1/items/${newTrackingNo()}`),
      t.request('GET', '/api/v1/items/bad'),
      t.request('GET', '/api/v1/units'),
      t.app.inject({ method: 'GET', url: '/api/openapi.json' }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 403, 404, 404, 400, 200, 200]);
    const ids = answers.map((a) => a.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(new Set(ids).size).toBe(ids.length);

    const echoed = await t.request('GET', '/api/v1/units', { headers: { 'x-request-id': 'gateway-42.abc' } });
    expect(echoed.headers['x-request-id']).toBe('gateway-42.abc');
    const replaced = await t.request('GET', '/api/v1/units', { headers: { 'x-request-id': 'has spaces and <html>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route and a malformed JSON body with the error model and no internals', async () => {
    const t = await newTestApp(ctx);
    const missing = await t.request('GET', '/api/v1/nothing-here');
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /api/v1/nothing-here' } });

    const malformed = await t.request('POST', '/api/v1/units', { headers: { 'content-type': 'application/json' }, body: '[{"code": "A",' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toEqual({ error: { code: 'invalid_request', message: expect.stringContaining('not valid JSON') } });
    expect(malformed.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  });

  it('answers 500 with a generic message when storage fails, without a stack trace or the cause', async () => {
    // A store of its own, closed under the running app.
    const config = testConfig(ctx);
    const store = openDb(config.db);
    const app = await buildApp({ config, store, clock: () => FIXED_NOW, logger: false });
    readsEnglish(app);
    await store.close();
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/units', headers: { authorization: 'Bearer whatever' } });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ error: { code: 'internal', message: 'internal error; the request id identifies it in the server log' } });
      expect(res.headers['x-request-id']).toEqual(expect.any(String));
      expect(res.body).not.toMatch(/\n\s+at |stack|destroyed|pool|sqlite/i);
    } finally {
      await app.close();
    }
  });

  it('serves the OpenAPI document with every /api/v1 path, and the docs UI, without a token', async () => {
    const t = await newTestApp(ctx);
    const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(spec.statusCode).toBe(200);
    const doc = spec.json() as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/units']).toHaveProperty('get');
    expect(doc.paths['/api/v1/units']).toHaveProperty('post');
    expect(doc.paths['/api/v1/items']).toHaveProperty('post');
    expect(doc.paths['/api/v1/items/{trackingNo}']).toHaveProperty('get');
    expect(doc.paths['/api/v1/scans']).toHaveProperty('post');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');

    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect(ui.body).toMatch(/swagger/i);
    const bare = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(bare.statusCode);
  });

  it('answers /healthz without a token', async () => {
    const t = await newTestApp(ctx);
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });
});
