import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openSqlite } from '../../src/db/open-db.js';
import { formatS10 } from '../../src/domain/s10.js';
import { upsertUnits } from '../../src/modules/units/unit.service.js';

/** The `songda` command as a user runs it: a separate process, settings from the environment. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SONGDA = ['--import', 'tsx', 'src/cli/songda.ts'];
const ADMIN_TOKEN = 'cli-test-admin-token-0123456789';

type Env = Record<string, string>;

/** The caller's environment without any SONGDA_* setting, so only what a test sets applies. */
function cleanEnv(settings: Env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SONGDA_')) env[k] = v;
  // The scans of these tests are dated 2025-05-10: older than the default scan age allows.
  return { ...env, SONGDA_HOST: '127.0.0.1', SONGDA_PORT: '0', SONGDA_LOG_LEVEL: 'warn', SONGDA_MAX_SCAN_AGE_DAYS: '3650', ...settings };
}

const dirs: string[] = [];
function newDbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'songda-cli-'));
  dirs.push(dir);
  return join(dir, 'songda.db');
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], settings: Env): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SONGDA, ...args], { cwd: ROOT, env: cleanEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`songda ${args.join(' ')} did not finish in 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface RunningServer {
  child: ChildProcess;
  /** The URL the server printed. */
  url: string;
  output(): string;
}

const servers = new Set<ChildProcess>();
afterEach(() => {
  for (const child of servers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  servers.clear();
});

async function startServe(args: string[], settings: Env): Promise<RunningServer> {
  const child = spawn(process.execPath, [...SONGDA, 'serve', ...args], { cwd: ROOT, env: cleanEnv(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  servers.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // The demo seeder may take a while to fill the database.
    const timer = setTimeout(() => reject(new Error(`songda serve did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      // Wait for the line after the URL too, in case an admin token follows it.
      const match = /Songda is serving on (http:\/\/\S+) .*\n/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // The token line is written right after; give the stream a moment to deliver it.
      setTimeout(() => resolve(match[1] as string), 100);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`songda serve exited (${code ?? signal}) before serving:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

/** SIGTERM, as a service manager stops it: the server shuts down cleanly with status 0. */
async function stopServe(server: RunningServer): Promise<void> {
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  expect(await exited).toBe(0);
}

async function api(url: string, token: string, method: string, path: string, body?: string, contentType = 'application/json') {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const UNITS = [
  { code: 'CLI-A', name: '东城揽收', kind: 'counter', divisionCode: '110101' },
  { code: 'CLI-B', name: '江岸投递部', kind: 'delivery_office', divisionCode: '420102' },
] as const;

const at = (minutes: number) => new Date(Date.parse('2025-05-10T01:00:00Z') + minutes * 60_000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
const scanLine = (trackingNo: string, code: string, minutes: number, site: string) => JSON.stringify({ trackingNo, code, at: at(minutes), site });

/** The token line a command printed: `sd_` and 43 base64url characters. */
function tokenIn(text: string): string {
  const match = /^(sd_[A-Za-z0-9_-]{43})$/m.exec(text);
  if (!match?.[1]) throw new Error(`no token printed in:\n${text}`);
  return match[1];
}

// Each test starts one or two processes (a server, the command): on a busy 2-core machine that takes more than the suite's 30 s.
describe('songda CLI', { timeout: 90_000 }, () => {
  it('migrate brings a fresh SQLite file up to date, and is a no-op the second time', async () => {
    const file = newDbFile();
    const first = await runCli(['migrate'], { SONGDA_DB: `sqlite:${file}` });
    expect(first.code).toBe(0);
    // Every migration there is, in order, starting with the foundation.
    expect(first.stdout).toMatch(/^applied: 0001-foundation(, \d{4}-[a-z0-9-]+)*\n$/);
    expect(existsSync(file)).toBe(true);

    // --db wins over SONGDA_DB.
    const second = await runCli(['migrate', '--db', `sqlite:${file}`], { SONGDA_DB: 'sqlite:/nonexistent/dir/never.db' });
    expect(second).toMatchObject({ code: 0, stdout: 'already up to date\n' });
  });

  it('token create prints a token that works against a server; a viewer token may read but not post scans', async () => {
    const db = `sqlite:${newDbFile()}`;
    // One after the other: each command migrates the fresh file first.
    const operator = await runCli(['token', 'create', '--role', 'operator', '--name', 'scanner gateway'], { SONGDA_DB: db });
    const viewer = await runCli(['token', 'create', '--role', 'viewer'], { SONGDA_DB: db });
    const badRole = await runCli(['token', 'create', '--role', 'root'], { SONGDA_DB: db });
    expect(operator.code).toBe(0);
    expect(operator.stdout).toMatch(/^created operator token [0-9a-f]{16} \(shown once/);
    expect(viewer.code).toBe(0);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('--role must be one of admin, operator, viewer');
    const operatorToken = tokenIn(operator.stdout);
    const viewerToken = tokenIn(viewer.stdout);

    const server = await startServe([], { SONGDA_DB: db, SONGDA_ADMIN_TOKEN: ADMIN_TOKEN });
    // Tokens already exist and SONGDA_ADMIN_TOKEN is set: nothing is minted or printed.
    expect(server.output()).not.toContain('admin token');

    expect(await api(server.url, operatorToken, 'POST', '/units', JSON.stringify(UNITS))).toMatchObject({ status: 200 });
    const scans = [scanLine(formatS10('EA', 20_000_001), 'ACCEPTED', 0, 'CLI-A')].join('\n');
    expect(await api(server.url, operatorToken, 'POST', '/scans', scans, 'application/x-ndjson')).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0, rejected: [] },
    });

    expect(await api(server.url, viewerToken, 'GET', '/units')).toMatchObject({ status: 200, body: [{ code: 'CLI-A' }, { code: 'CLI-B' }] });
    expect(await api(server.url, viewerToken, 'POST', '/scans', scans, 'application/x-ndjson')).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    // An operator may not mint tokens; a made-up token gets nowhere.
    expect(await api(server.url, operatorToken, 'POST', '/tokens', JSON.stringify({ role: 'admin' }))).toMatchObject({ status: 403 });
    expect(await api(server.url, 'sd_not-a-real-token', 'GET', '/units')).toMatchObject({ status: 401 });

    await stopServe(server);
  });

  it('a bad setting stops start-up with a message naming the setting', async () => {
    const db = `sqlite:${newDbFile()}`;
    const cases: { settings: Env; args?: string[]; names: string }[] = [
      { settings: { SONGDA_DB: db, SONGDA_PORT: 'abc' }, names: 'SONGDA_PORT' },
      { settings: { SONGDA_DB: 'mysql://x' }, names: 'SONGDA_DB' },
      { settings: { SONGDA_DB: db, SONGDA_ADMIN_TOKEN: 'short' }, names: 'SONGDA_ADMIN_TOKEN' },
      { settings: { SONGDA_DB: db, SONGDA_TZ: 'Mars/Olympus' }, names: 'SONGDA_TZ' },
      // A flag is checked as the setting it overrides.
      { settings: { SONGDA_DB: db }, args: ['--port', '99999'], names: 'SONGDA_PORT' },
    ];
    const results = await Promise.all(cases.map((c) => runCli(['serve', ...(c.args ?? [])], c.settings)));
    for (const [i, result] of results.entries()) {
      const { names } = cases[i]!;
      expect(result.code, names).not.toBe(0);
      expect(result.code, names).not.toBeNull();
      expect(result.stderr, names).toMatch(new RegExp(`^songda: bad setting ${names}: `, 'm'));
      // A configuration mistake is explained, not dumped as a stack trace.
      expect(result.stderr, names).not.toContain('    at ');
      expect(result.stdout, names).not.toContain('serving on');
    }
  });

  it('ingest FILE writes straight into the database and names bad lines by their line in the file', async () => {
    const file = newDbFile();
    const store = openSqlite(file);
    try {
      await migrateToLatest(store.db);
      await upsertUnits(store.db, [...UNITS], Date.now());
    } finally {
      await store.close();
    }
    const a = formatS10('EA', 20_000_101);
    const b = formatS10('EB', 20_000_102);
    const ndjson = join(file, '..', 'scans.ndjson');
    writeFileSync(
      ndjson,
      [
        scanLine(a, 'ACCEPTED', 0, 'CLI-A'), // 1
        scanLine(a, 'DISPATCHED', 60, 'CLI-A'), // 2
        '{"trackingNo": "EA', // 3: malformed JSON
        scanLine(a, 'AT_DELIVERY_OFFICE', 600, 'CLI-B'), // 4
        '', // 5: blank, skipped
        scanLine(b, 'ACCEPTED', 5, 'NOWHERE'), // 6: unknown site
        scanLine(b, 'ACCEPTED', 5, 'CLI-A'), // 7
        scanLine('EA123456789CN', 'ACCEPTED', 5, 'CLI-A'), // 8: bad check digit
        scanLine(b, 'ACCEPTED', 5, 'CLI-A'), // 9: duplicate of 7
        scanLine(b, 'TELEPORTED', 9, 'CLI-A'), // 10: unknown code
        scanLine(a, 'OUT_FOR_DELIVERY', 660, 'CLI-B'), // 11
      ].join('\n') + '\n',
    );

    // Batches of 4 lines: the line numbers must still be the file's.
    const result = await runCli(['ingest', ndjson, '--batch', '4'], { SONGDA_DB: `sqlite:${file}` });
    expect(result.code).toBe(1);
    const summary = result.stdout.split('\n');
    expect(summary[0]).toBe('accepted 5, duplicates 1, rejected 4');
    expect(summary.slice(1, 5)).toEqual([
      expect.stringMatching(/^ {2}line 3: malformed JSON/),
      '  line 6 (site): unknown site "NOWHERE"',
      expect.stringMatching(/^ {2}line 8 \(trackingNo\): /),
      expect.stringMatching(/^ {2}line 10 \(code\): unknown scan code "TELEPORTED"/),
    ]);

    const check = openSqlite(file);
    try {
      const rows = await sql<{ tracking_no: string; code: string }>`
        SELECT tracking_no, code FROM scan_events ORDER BY tracking_no, at_ms`.execute(check.db);
      expect(rows.rows).toEqual([
        { tracking_no: a, code: 'ACCEPTED' },
        { tracking_no: a, code: 'DISPATCHED' },
        { tracking_no: a, code: 'AT_DELIVERY_OFFICE' },
        { tracking_no: a, code: 'OUT_FOR_DELIVERY' },
        { tracking_no: b, code: 'ACCEPTED' },
      ]);
    } finally {
      await check.close();
    }

    // A file with nothing wrong exits 0.
    const clean = join(file, '..', 'clean.ndjson');
    writeFileSync(clean, `${scanLine(b, 'DISPATCHED', 30, 'CLI-A')}\n`);
    expect(await runCli(['ingest', clean], { SONGDA_DB: `sqlite:${file}` })).toMatchObject({ code: 0, stdout: 'accepted 1, duplicates 0, rejected 0\n' });
    expect(await runCli(['ingest', join(file, '..', 'missing.ndjson')], { SONGDA_DB: `sqlite:${file}` })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read'),
    });
  });

  it('ingest FILE --server URL --token T sends the file to a running server', async () => {
    const db = `sqlite:${newDbFile()}`;
    const server = await startServe([], { SONGDA_DB: db, SONGDA_ADMIN_TOKEN: ADMIN_TOKEN });
    expect(await api(server.url, ADMIN_TOKEN, 'POST', '/units', JSON.stringify(UNITS))).toMatchObject({ status: 200 });
    const minted = await api(server.url, ADMIN_TOKEN, 'POST', '/tokens', JSON.stringify({ role: 'operator', name: 'ingest' }));
    expect(minted.status).toBe(201);
    const token = (minted.body as { token: string }).token;

    const lines: string[] = [];
    for (let i = 0; i < 250; i++) {
      const tn = formatS10('EC', 20_001_000 + i);
      lines.push(scanLine(tn, 'ACCEPTED', i, 'CLI-A'), scanLine(tn, 'DISPATCHED', i + 30, 'CLI-A'));
    }
    lines.splice(321, 0, scanLine(formatS10('EC', 20_009_999), 'ACCEPTED', 0, 'ELSEWHERE')); // line 322
    const ndjson = join(tmpdir(), `songda-cli-${process.pid}-${Date.now()}.ndjson`);
    writeFileSync(ndjson, lines.join('\n'));
    try {
      const first = await runCli(['ingest', ndjson, '--server', server.url, '--token', token, '--batch', '100'], {});
      expect(first.code).toBe(1);
      expect(first.stdout).toBe('accepted 500, duplicates 0, rejected 1\n  line 322 (site): unknown site "ELSEWHERE"\n');

      // Sending the same file again (a retry) stores nothing twice; the token may come from SONGDA_TOKEN.
      const again = await runCli(['ingest', ndjson, '--server', server.url], { SONGDA_TOKEN: token });
      expect(again.stdout).toMatch(/^accepted 0, duplicates 500, rejected 1\n/);

      const noToken = await runCli(['ingest', ndjson, '--server', server.url], {});
      expect(noToken.code).toBe(2);
      expect(noToken.stderr).toContain('--token');

      const wrongToken = await runCli(['ingest', ndjson, '--server', server.url, '--token', 'sd_wrong'], {});
      expect(wrongToken.code).not.toBe(0);
      expect(wrongToken.stderr).toContain('server answered 401');
    } finally {
      rmSync(ndjson, { force: true });
    }

    const timeline = await api(server.url, token, 'GET', `/items/${formatS10('EC', 20_001_249)}`);
    expect(timeline).toMatchObject({ status: 200, body: { status: 'DISPATCHED', events: [{ code: 'ACCEPTED' }, { code: 'DISPATCHED' }] } });
    await stopServe(server);
  });

  it('serve --demo on an empty database prints the URL and an admin token that works', async () => {
    const server = await startServe(['--demo'], { SONGDA_DB: `sqlite:${newDbFile()}`, SONGDA_HOST: '0.0.0.0' });
    const output = server.output();
    expect(output).toMatch(/^demo data: /m);
    expect(output).toMatch(/^Songda is serving on http:\/\/(localhost|127\.0\.0\.1):\d+ \(API docs: http:\/\/\S+\/api\/docs, database: \S+songda\.db\)$/m);
    expect(server.url).not.toContain('0.0.0.0');
    const token = /^admin token: (\S+)$/m.exec(output)?.[1];
    expect(token).toMatch(/^sd_/);
    const port = new URL(server.url).port;
    expect(await api(`http://127.0.0.1:${port}`, token ?? '', 'GET', '/units')).toMatchObject({ status: 200 });
    await stopServe(server);
  }, 90_000);

  it('plain serve on an empty database without SONGDA_ADMIN_TOKEN prints a first admin token, only once', async () => {
    const db = `sqlite:${newDbFile()}`;
    const first = await startServe([], { SONGDA_DB: db });
    const token = /^admin token: (\S+)$/m.exec(first.output())?.[1];
    expect(token).toMatch(/^sd_/);
    expect(await api(first.url, token ?? '', 'POST', '/tokens', JSON.stringify({ role: 'viewer' }))).toMatchObject({ status: 201 });
    await stopServe(first);

    // The token is stored hashed and cannot be shown again; a second start mints none.
    const second = await startServe([], { SONGDA_DB: db });
    expect(second.output()).not.toContain('admin token');
    expect(await api(second.url, token ?? '', 'GET', '/units')).toMatchObject({ status: 200 });
    await stopServe(second);
  });
});
