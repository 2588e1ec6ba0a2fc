// Factories for the web console's server side: users and signed-in requests, a built-console
// directory, and items scanned on given days. Like test/factories.ts, every name is fresh per call.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import type { Role } from '../src/modules/auth/api-token.table.js';
import { createUser } from '../src/modules/users/user.service.js';
import { FIXED_NOW, MINUTE, type TestApp, nextSequence, shanghai } from './factories.js';

export const SESSION_COOKIE = 'songda_session';
/** What the web console sends with every request that changes something. */
export const CSRF = { 'x-songda-csrf': '1' } as const;

export interface TestUser {
  username: string;
  password: string;
  role: Role;
}

/** A user made through the service (as `songda user create` does). */
export async function newUser(t: Pick<TestApp, 'db'>, role: Role = 'admin', overrides: Partial<TestUser> & { displayName?: string } = {}): Promise<TestUser> {
  const user = { username: `user${nextSequence()}`, password: `correct horse ${nextSequence()}`, role, ...overrides };
  await createUser(t.db, { ...user, displayName: overrides.displayName }, FIXED_NOW);
  return user;
}

export function signInRequest(t: TestApp, username: string, password: string, headers: Record<string, string> = CSRF): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, headers });
}

/** The value of the session cookie a response set. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  expect(cookie, `no ${SESSION_COOKIE} cookie in ${JSON.stringify(res.headers['set-cookie'])}`).toBeDefined();
  return cookie!.value;
}

/** Signs a user in through the API; the cookie value to send back. */
export async function signedIn(t: TestApp, user: TestUser): Promise<string> {
  const res = await signInRequest(t, user.username, user.password);
  expect(res.statusCode, res.body).toBe(200);
  return sessionCookieOf(res);
}

/** A request as the web console makes it: the session cookie, and the CSRF header unless told not to. */
export function asUser(
  t: TestApp,
  cookie: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { body?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const headers = { ...(options.csrf === false ? {} : CSRF), ...options.headers };
  return t.app.inject({
    method,
    url,
    cookies: { [SESSION_COOKIE]: cookie },
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

/** A directory shaped like `vite build`'s output (index.html, hashed assets, a root file); removed after the test. */
export function newWebDir(): { dir: string; parent: string; indexHtml: string; script: string; scriptBody: string } {
  // Inside a directory of its own, so that a test can put a file beside it that must never be served.
  const parent = mkdtempSync(join(tmpdir(), 'songda-web-'));
  onTestFinished(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'web');
  mkdirSync(dir);
  const indexHtml = `<!doctype html><html><head><script type="module" src="/assets/index-Bx3k9a.js"></script></head><body><div id="root"></div><!-- ${nextSequence()} --></body></html>`;
  const scriptBody = 'console.log("songda console");';
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), indexHtml);
  writeFileSync(join(dir, 'assets', 'index-Bx3k9a.js'), scriptBody);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return { dir, parent, indexHtml, script: '/assets/index-Bx3k9a.js', scriptBody };
}

export interface ScanStep {
  code: string;
  site: string;
  /** ISO 8601 with an offset. */
  at: string;
  nextSite?: string;
}

/** Posts one item's scans (in any order) through the scans API; all must be accepted. */
export async function scanItem(t: TestApp, trackingNo: string, steps: readonly ScanStep[]): Promise<void> {
  const body = steps.map((s) => ({ trackingNo, ...s }));
  const res = await t.request('POST', '/api/v1/scans', { role: 'operator', body });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json(), res.body).toMatchObject({ accepted: steps.length, rejected: [] });
}

/** Steps 10 minutes apart from `startMs`, at the given sites and codes. */
export function stepsFrom(startMs: number, codes: readonly [code: string, site: string][]): ScanStep[] {
  return codes.map(([code, site], i) => ({ code, site, at: shanghai(startMs + i * 10 * MINUTE) }));
}
