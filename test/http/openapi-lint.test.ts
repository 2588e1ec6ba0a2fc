// /api/openapi.json is what agency developers feed their client generators: it must pass redocly's
// `recommended` rules without an error or a warning, name every operation, and say which error
// codes each answer can carry — truly, as the answers below show. The document does not depend on
// the engine, so this runs on SQLite only.
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, newTestApp } from '../factories.js';
import { TestDbContext } from '../test-db.js';

interface ErrorAnswer {
  content: { 'application/json': { schema: { properties: { error: { properties: { code: { enum: string[] } } } } } } };
}
interface Operation {
  operationId?: string;
  responses: Record<string, ErrorAnswer>;
  parameters?: { name: string; in: string; required?: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: { properties: { type: { const: string } } } }> };
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  security: Record<string, string[]>[];
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, { post: Operation }>;
}

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));

/** The codes the document lists for one answer of one operation. */
function documentedCodes(doc: Document, method: string, path: string, status: number): string[] {
  const answer = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  return answer?.content['application/json'].schema.properties.error.properties.code.enum ?? [];
}

describe('the API description (/api/openapi.json)', () => {
  const ctx = new TestDbContext('sqlite');
  let t: TestApp;
  let served: string;
  let doc: Document;
  beforeAll(async () => {
    await ctx.open();
    t = await newTestApp(ctx, { sharedByFile: true });
    served = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body;
    doc = JSON.parse(served) as Document;
  }, 60_000);
  afterAll(async () => {
    await t?.app.close();
    await ctx.close();
  });

  it('names every operation with a unique camelCase operationId (a route added without one is listed here)', () => {
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter(({ op }) => op.operationId === undefined).map(({ route }) => route), 'routes without schema.operationId').toEqual([]);
    const ids = all.map(({ op }) => op.operationId!);
    expect(ids.filter((id) => !/^[a-z]+[A-Z][A-Za-z0-9]*$/.test(id)), 'operationIds not camelCase verb + noun').toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'operationIds used twice').toEqual([]);
  });

  it("passes redocly's recommended rules with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: served, absoluteRef: 'openapi.json', config });
    const listed = problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`);
    expect(listed).toEqual([]);
  });

  it('is OpenAPI 3.1 with a server and the bearer and session schemes', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(doc.components.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie' } });
    expect(served).not.toContain('"nullable"');
  });

  it('documents the codes each error answer carries: the route’s own and the edge’s', () => {
    expect(documentedCodes(doc, 'GET', '/api/v1/programs/{code}', 404)).toEqual(['not_found']);
    expect(documentedCodes(doc, 'GET', '/api/v1/programs/{code}', 401)).toEqual(['unauthorized']);
    // Every staff role and a partner may read programs; a courier may not (couriers use only the routes made for them).
    expect(documentedCodes(doc, 'GET', '/api/v1/programs/{code}', 403)).toEqual(['forbidden']);
    expect(documentedCodes(doc, 'POST', '/api/v1/tokens', 403)).toEqual(['forbidden']);
    expect(documentedCodes(doc, 'POST', '/api/v1/tokens', 422)).toEqual(['unknown_reference']);
    expect(documentedCodes(doc, 'POST', '/api/v1/scans', 413)).toEqual(['payload_too_large']);
    expect(documentedCodes(doc, 'POST', '/api/v1/scans', 415)).toEqual(['unsupported_media_type']);
    expect(documentedCodes(doc, 'POST', '/api/v1/public/requests/{token}', 409).sort()).toEqual(['conflict', 'invitation_other_program', 'invitation_used']);
    expect(documentedCodes(doc, 'POST', '/api/v1/public/requests/{token}', 401)).toEqual([]);
    expect(documentedCodes(doc, 'POST', '/api/v1/session', 429)).toEqual(['rate_limited']);
  });

  it('lists, for real error answers, the status and the code they carry', async () => {
    const cases: { method: 'GET' | 'POST'; url: string; path: string; role?: 'admin' | 'viewer' | null; body?: unknown }[] = [
      { method: 'GET', url: '/api/v1/units', path: '/api/v1/units', role: null },
      { method: 'POST', url: '/api/v1/units', path: '/api/v1/units', role: 'viewer', body: [] },
      { method: 'GET', url: '/api/v1/programs/NO-SUCH', path: '/api/v1/programs/{code}' },
      { method: 'GET', url: '/api/v1/items?limit=lots', path: '/api/v1/items' },
      { method: 'POST', url: '/api/v1/tokens', path: '/api/v1/tokens', body: { role: 'partner', partner: 'NO-SUCH' } },
      { method: 'GET', url: '/api/v1/public/invitations/not-a-token', path: '/api/v1/public/invitations/{token}', role: null },
    ];
    for (const c of cases) {
      const res = await t.request(c.method, c.url, { role: c.role === undefined ? 'admin' : c.role, body: c.body });
      const { code } = (res.json() as { error: { code: string } }).error;
      expect({ call: `${c.method} ${c.url}`, status: res.statusCode, documented: documentedCodes(doc, c.method, c.path, res.statusCode).includes(code) }).toEqual({
        call: `${c.method} ${c.url}`,
        status: res.statusCode,
        documented: true,
      });
    }
  });

  it('describes the v1 webhook events, each signed with the three Standard Webhooks headers', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(['breakpoint.closed', 'breakpoint.opened', 'item.status_changed', 'report.weekly_ready', 'request.created', 'request.mailed', 'work_order.escalated', 'work_order.updated']);
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.parameters?.filter((p) => p.in === 'header' && p.required).map((p) => p.name), type).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      expect(post.requestBody?.content['application/json']?.schema.properties.type.const, type).toBe(type);
    }
  });
});
