// An agency developer's path: generate TypeScript types from the served /api/openapi.json with
// openapi-typescript, write a client with openapi-fetch, compile it, and call a running server.
// The compiler must refuse a wrong call (so the types say something), and the compiled client posts
// a request and scans over real HTTP and reads them back. Engine-independent: SQLite only.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressIn, countyWithOffice, createTestProgram, newIdNumber, newPhone } from '../factories-requests.js';
import { FIXED_NOW, HOUR, type TestApp, newTestApp, shanghai } from '../factories.js';
import { TestDbContext } from '../test-db.js';

// The client as an agency would write it; it is compiled against the generated types, then run.
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

export interface World { program: string; idNumber: string; phone: string; address: string; site: string; at: string }

export async function run(baseUrl: string, token: string, w: World) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });
  const posted = await client.POST('/api/v1/programs/{code}/requests', {
    params: { path: { code: w.program } },
    body: [{ name: '王五', idNumber: w.idNumber, phone: w.phone, address: w.address, documentNo: 'YDZ-1' }],
  });
  if (posted.error) throw new Error(\`request refused: \${posted.error.error.code}\`);
  const first = posted.data[0];
  if (!first || !('requestId' in first) || first.trackingNo === undefined) throw new Error(\`not mailed: \${JSON.stringify(first)}\`);
  const request = await client.GET('/api/v1/requests/{id}', { params: { path: { id: first.requestId } } });
  const scans = await client.POST('/api/v1/scans', {
    body: [{ trackingNo: first.trackingNo, code: 'ACCEPTED', at: w.at, site: w.site }, { trackingNo: first.trackingNo, code: 'NOT_A_CODE' as 'ACCEPTED', at: w.at, site: w.site }],
  });
  const item = await client.GET('/api/v1/items/{trackingNo}', { params: { path: { trackingNo: first.trackingNo } } });
  const missing = await client.GET('/api/v1/programs/{code}', { params: { path: { code: 'NO-SUCH' } } });
  return {
    requestId: first.requestId,
    trackingNo: first.trackingNo,
    request: request.data && { status: request.data.status, trackingNo: request.data.trackingNo, name: request.data.recipient.name },
    scans: scans.data,
    events: item.data?.events.map((e) => ({ code: e.code, site: e.site })),
    missing: { status: missing.response.status, code: missing.error?.error.code },
  };
}
`;

// Calls the generated types must refuse, each with what the compiler must say about it.
const WRONG_CALLS: Record<string, { call: string; complaint: string }> = {
  'unknown scan code': {
    call: `await client.POST('/api/v1/scans', { body: [{ trackingNo: 'EA123456785CN', code: 'SCANNED', at: '2026-01-01T08:00:00+08:00', site: 'U1' }] });`,
    complaint: `Type '"SCANNED"' is not assignable`,
  },
  'missing path parameter': { call: `await client.GET('/api/v1/requests/{id}', { params: { path: {} } });`, complaint: `Property 'id' is missing` },
  'number as text': {
    call: `await client.POST('/api/v1/programs/{code}/requests', { params: { path: { code: 'P' } }, body: [{ weightGrams: 'heavy' }] });`,
    complaint: `Type 'string' is not assignable to type 'number'`,
  },
};
const wrongClient = (call: string) => `import createClient from 'openapi-fetch';\nimport type { paths } from './schema.js';\nconst client = createClient<paths>({ baseUrl: 'http://127.0.0.1' });\n${call}\n`;

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Type-checks the files in one program (one parse of the generated types); emits `run` next to its source when it compiles. */
function compile(files: readonly string[], run: string): Map<string, string[]> {
  const program = ts.createProgram([...files], COMPILER_OPTIONS);
  const complaints = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file)!;
    complaints.set(file, ts.getPreEmitDiagnostics(program, source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')));
  }
  if (complaints.get(run)?.length === 0) program.emit(program.getSourceFile(run));
  return complaints;
}

describe('a TypeScript client generated from /api/openapi.json', () => {
  const ctx = new TestDbContext('sqlite');
  let t: TestApp;
  let dir: string;
  let baseUrl: string;
  let complaints: Map<string, string[]>;
  const fileOf = (name: string) => join(dir, `${name.replaceAll(' ', '-')}.ts`);
  beforeAll(async () => {
    await ctx.open();
    t = await newTestApp(ctx, { sharedByFile: true });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'songda-client-'));
    // The client's project: ESM, resolving openapi-fetch from this repository's installed packages.
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    const served = await fetch(`${baseUrl}/api/openapi.json`);
    writeFileSync(join(dir, 'schema.d.ts'), astToString(await openapiTS((await served.json()) as Parameters<typeof openapiTS>[0])));
    writeFileSync(fileOf('client'), CLIENT);
    for (const [what, { call }] of Object.entries(WRONG_CALLS)) writeFileSync(fileOf(what), wrongClient(call));
    complaints = compile([fileOf('client'), ...Object.keys(WRONG_CALLS).map(fileOf)], fileOf('client'));
  }, 120_000);
  afterAll(async () => {
    await t?.app.close();
    await ctx.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses wrong calls at compile time', () => {
    for (const [what, { complaint }] of Object.entries(WRONG_CALLS)) expect(complaints.get(fileOf(what)), what).toEqual([expect.stringContaining(complaint)]);
  });

  it('compiles, then posts a request and scans to a running server and reads them back', async () => {
    expect(complaints.get(fileOf('client'))).toEqual([]);

    const program = await createTestProgram(t.db);
    const { county, office } = await countyWithOffice(t);
    const world = { program: program.code, idNumber: newIdNumber(), phone: newPhone(), address: addressIn(county), site: office, at: shanghai(FIXED_NOW - HOUR) };
    const client = (await import(pathToFileURL(join(dir, 'client.js')).href)) as { run: (baseUrl: string, token: string, w: typeof world) => Promise<Record<string, unknown>> };
    const outcome = await client.run(baseUrl, t.tokens.operator, world);

    expect(outcome).toEqual({
      requestId: expect.any(String),
      trackingNo: expect.stringMatching(/^EA\d{9}CN$/),
      request: { status: 'mailed', trackingNo: outcome.trackingNo, name: '王五' },
      scans: { accepted: 1, duplicates: 0, rejected: [{ line: 2, field: 'code', message: expect.stringContaining('未知的扫描代码') }] },
      events: [{ code: 'ACCEPTED', site: office }],
      missing: { status: 404, code: 'not_found' },
    });
  }, 120_000);
});
