import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SESSION_IDLE_MS } from '../../src/modules/users/session.service.js';
import { disableUser } from '../../src/modules/users/user.service.js';
import { FIXED_NOW, HOUR, type TestApp, countRows, newTestApp, unitInput } from '../factories.js';
import { CSRF, SESSION_COOKIE, asUser, newUser, sessionCookieOf, signInRequest, signedIn } from '../factories-console.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const SECOND = 1_000;
const WRONG = { error: { code: 'unauthorized', message: 'wrong username or password' } };

/** The Set-Cookie header of the session cookie, as the browser receives it. */
function setCookieHeader(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  const header = all.find((h) => h.startsWith(`${SESSION_COOKIE}=`));
  expect(header, `no ${SESSION_COOKIE} in ${JSON.stringify(raw)}`).toBeDefined();
  return header!;
}

/** True when the response tells the browser to drop the session cookie. */
function clearsCookie(res: { headers: Record<string, unknown> }): boolean {
  const header = setCookieHeader(res);
  return header.startsWith(`${SESSION_COOKIE}=;`) && /Expires=Thu, 01 Jan 1970/.test(header);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describeEachDialect('console sign-in: POST/GET/DELETE /api/v1/session', (ctx) => {
  it('signs in with the right password: the user, an HttpOnly SameSite=Lax cookie, and a stored hash of it only', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'operator', { displayName: '张伟' });
    const res = await signInRequest(t, user.username.toUpperCase(), user.password);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ user: { username: user.username, role: 'operator', displayName: '张伟', partner: null } });

    const header = setCookieHeader(res);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(new RegExp(`; Max-Age=${SESSION_IDLE_MS / 1000}`));
    expect(header).not.toMatch(/; Secure/);
    const cookie = sessionCookieOf(res);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const rows = await t.db.selectFrom('sessions').selectAll().where('username', '=', user.username).execute();
    expect(rows).toEqual([{ id: sha256(cookie), username: user.username, created_at: FIXED_NOW, expires_at: FIXED_NOW + SESSION_IDLE_MS, last_seen_at: FIXED_NOW }]);
    const stored = JSON.stringify(await t.db.selectFrom('users').selectAll().execute()) + JSON.stringify(rows);
    expect(stored).not.toContain(cookie);
    expect(stored).not.toContain(user.password);

    const who = await asUser(t, cookie, 'GET', '/api/v1/session');
    expect(who.statusCode).toBe(200);
    expect(who.json()).toEqual({ user: { username: user.username, role: 'operator', displayName: '张伟', partner: null } });
    expect((await asUser(t, cookie, 'GET', '/api/v1/units')).statusCode).toBe(200);
  });

  it('answers every wrong sign-in with the same 401, sets no cookie, and checks a password even for an unknown user', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    const disabled = await newUser(t, 'admin');
    await disableUser(t.db, disabled.username, FIXED_NOW);
    const verify = vi.spyOn(argon2, 'verify');

    const attempts = [
      { username: user.username, password: `${user.password}x` },
      { username: 'nobody-here', password: user.password },
      { username: disabled.username, password: disabled.password },
      { username: '   ', password: 'x' },
    ];
    for (const a of attempts) {
      verify.mockClear();
      const res = await signInRequest(t, a.username, a.password);
      expect(res.statusCode, a.username).toBe(401);
      expect(res.json(), a.username).toEqual(WRONG);
      expect(res.headers['set-cookie'], a.username).toBeUndefined();
      // The same work whether or not the user exists: no telling usernames apart by time.
      expect(verify, a.username).toHaveBeenCalledTimes(1);
    }
    expect(await t.db.selectFrom('sessions').selectAll().where('username', 'in', [user.username, disabled.username]).execute()).toEqual([]);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: user.username }, headers: CSRF })).statusCode).toBe(400);
  });

  it('makes a username wait after 5 failures, even with the right password and from another address; a success clears the count', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t);
    const from = (remoteAddress: string, password: string, app: TestApp = t) =>
      app.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: user.username, password }, headers: CSRF, remoteAddress });

    // A success clears the count: four failures, a success, four more are still under the limit.
    for (let i = 0; i < 4; i++) expect((await from('10.0.0.1', 'wrong password')).statusCode).toBe(401);
    expect((await from('10.0.0.1', user.password)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await from('10.0.0.1', 'wrong password')).statusCode).toBe(401);

    const limited = await from('10.0.0.1', user.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: { code: 'rate_limited', message: 'too many failed sign-ins for this username; try again in 1 s', details: { retryAfterSeconds: 1 } } });
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.headers['set-cookie']).toBeUndefined();
    expect((await from('10.0.0.2', user.password)).statusCode).toBe(429);

    const later = await newTestApp(ctx, { now: FIXED_NOW + SECOND });
    expect((await from('10.0.0.2', user.password, later)).statusCode).toBe(200);
  });

  it('keeps a session alive while it is used (sliding 12 h), ends it after 12 h idle and clears the cookie', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    const cookie = await signedIn(t, user);

    // Used 11 h later: still valid, and moved forward (the cookie is sent again with a fresh Max-Age).
    const at11h = await newTestApp(ctx, { now: FIXED_NOW + 11 * HOUR });
    const used = await asUser(at11h, cookie, 'GET', '/api/v1/units');
    expect(used.statusCode).toBe(200);
    expect(setCookieHeader(used)).toMatch(new RegExp(`^${SESSION_COOKIE}=${cookie}; Max-Age=${SESSION_IDLE_MS / 1000}`));
    // 22 h after sign-in, 11 h after the last use: still valid.
    const at22h = await newTestApp(ctx, { now: FIXED_NOW + 22 * HOUR });
    expect((await asUser(at22h, cookie, 'GET', '/api/v1/session')).statusCode).toBe(200);
    // 12 h and a millisecond after that last use: ended.
    const idle = await newTestApp(ctx, { now: FIXED_NOW + 34 * HOUR + 1 });
    const ended = await asUser(idle, cookie, 'GET', '/api/v1/units');
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toEqual({ error: { code: 'unauthorized', message: 'the session has ended; sign in again' } });
    expect(clearsCookie(ended)).toBe(true);
    expect((await asUser(idle, cookie, 'GET', '/api/v1/session')).statusCode).toBe(401);

    // Unused: exactly 12 h after sign-in it has ended.
    const other = await signedIn(t, user);
    expect((await asUser(await newTestApp(ctx, { now: FIXED_NOW + SESSION_IDLE_MS }), other, 'GET', '/api/v1/units')).statusCode).toBe(401);
  });

  it('signs out: 204, the row is gone, the cookie is cleared and no longer works', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t);
    const cookie = await signedIn(t, user);
    const kept = await signedIn(t, user);

    const res = await asUser(t, cookie, 'DELETE', '/api/v1/session');
    expect(res.statusCode).toBe(204);
    expect(clearsCookie(res)).toBe(true);
    expect(await t.db.selectFrom('sessions').select('id').where('id', '=', sha256(cookie)).execute()).toEqual([]);
    expect((await asUser(t, cookie, 'GET', '/api/v1/units')).statusCode).toBe(401);
    // Only that session: the user's other one goes on.
    expect((await asUser(t, kept, 'GET', '/api/v1/units')).statusCode).toBe(200);
    // Signed out already, or never signed in: still 204.
    expect((await asUser(t, cookie, 'DELETE', '/api/v1/session')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
    // With a live session, signing out is a change like any other: the CSRF guard applies.
    const guarded = await asUser(t, kept, 'DELETE', '/api/v1/session', { csrf: false });
    expect(guarded.statusCode).toBe(403);
    expect((await asUser(t, kept, 'GET', '/api/v1/units')).statusCode).toBe(200);
  });

  it('ends every session of a user who is disabled', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'operator');
    const cookie = await signedIn(t, user);
    expect(await disableUser(t.db, user.username, FIXED_NOW)).toEqual({ sessionsEnded: 1 });
    expect((await asUser(t, cookie, 'GET', '/api/v1/units')).statusCode).toBe(401);
    expect((await signInRequest(t, user.username, user.password)).json()).toEqual(WRONG);
  });

  it("applies the user's role to every route, as a token of that role would", async () => {
    const t = await newTestApp(ctx);
    const viewer = await signedIn(t, await newUser(t, 'viewer'));
    const operator = await signedIn(t, await newUser(t, 'operator'));
    const admin = await signedIn(t, await newUser(t, 'admin'));

    const unitsBefore = await countRows(t.db, 'units');
    const denied = await asUser(t, viewer, 'POST', '/api/v1/units', { body: [unitInput()] });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ error: { code: 'forbidden', message: 'role viewer may not POST /api/v1/units' } });
    expect(await countRows(t.db, 'units')).toBe(unitsBefore);
    expect((await asUser(t, viewer, 'GET', '/api/v1/units')).statusCode).toBe(200);

    expect((await asUser(t, operator, 'POST', '/api/v1/units', { body: [unitInput()] })).statusCode).toBe(200);
    expect((await asUser(t, operator, 'POST', '/api/v1/tokens', { body: { role: 'viewer' } })).statusCode).toBe(403);
    const minted = await asUser(t, admin, 'POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'from the console' } });
    expect(minted.statusCode).toBe(201);
    expect(await countRows(t.db, 'units')).toBe(unitsBefore + 1);
  });

  it('refuses a cookie request that changes something without the CSRF header or a same-origin Origin; bearer tokens are not affected', async () => {
    const t = await newTestApp(ctx);
    const cookie = await signedIn(t, await newUser(t, 'operator'));
    const post = (headers: Record<string, string>) => asUser(t, cookie, 'POST', '/api/v1/units', { body: [unitInput()], csrf: false, headers });
    const before = await countRows(t.db, 'units');

    const bare = await post({});
    expect(bare.statusCode).toBe(403);
    expect(bare.json()).toEqual({ error: { code: 'forbidden', message: expect.stringContaining('x-songda-csrf: 1') } });
    expect((await post({ origin: 'https://evil.example', host: 'songda.example' })).statusCode).toBe(403);
    expect((await post({ referer: 'https://evil.example/page', host: 'songda.example' })).statusCode).toBe(403);
    expect((await post({ 'x-songda-csrf': '0' })).statusCode).toBe(403);
    expect((await post({ origin: 'null' })).statusCode).toBe(403);
    expect(await countRows(t.db, 'units')).toBe(before);

    expect((await post({ 'x-songda-csrf': '1' })).statusCode).toBe(200);
    expect((await post({ origin: 'https://songda.example', host: 'songda.example' })).statusCode).toBe(200);
    expect((await post({ origin: 'http://songda.example:8080', host: 'songda.example:8080' })).statusCode).toBe(200);
    expect((await post({ referer: 'https://songda.example/units', host: 'songda.example' })).statusCode).toBe(200);
    // Reads need no header.
    expect((await asUser(t, cookie, 'GET', '/api/v1/units', { csrf: false })).statusCode).toBe(200);
    // A bearer token is judged alone: no header needed, and a cookie beside a bad token does not help.
    expect((await t.request('POST', '/api/v1/units', { role: 'operator', body: [unitInput()] })).statusCode).toBe(200);
    const badBearer = await asUser(t, cookie, 'GET', '/api/v1/units', { headers: { authorization: 'Bearer not-a-token' } });
    expect(badBearer.statusCode).toBe(401);
    expect(await countRows(t.db, 'units')).toBe(before + 5);

    // Signing in is guarded too (no logging a browser into someone else's account from another site).
    const user = await newUser(t);
    expect((await signInRequest(t, user.username, user.password, {})).statusCode).toBe(403);
    expect((await signInRequest(t, user.username, user.password, { origin: 'https://evil.example' })).statusCode).toBe(403);
  });

  it('sets Secure behind https (directly or as a proxy says) and as configured', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t);
    const viaProxy = await signInRequest(t, user.username, user.password, { ...CSRF, 'x-forwarded-proto': 'https' });
    expect(setCookieHeader(viaProxy)).toMatch(/; Secure/);

    const always = await newTestApp(ctx, { env: { SONGDA_COOKIE_SECURE: 'true' } });
    expect(setCookieHeader(await signInRequest(always, user.username, user.password))).toMatch(/; Secure/);
    const never = await newTestApp(ctx, { env: { SONGDA_COOKIE_SECURE: 'never' } });
    expect(setCookieHeader(await signInRequest(never, user.username, user.password, { ...CSRF, 'x-forwarded-proto': 'https' }))).not.toMatch(/; Secure/);
  });

  describe('songda user', () => {
    it('create (password from stdin), list and disable, as a user runs them; the user then signs in', async () => {
      const t = await newTestApp(ctx);
      const created = await runSongda(ctx, ['user', 'create', '--username', 'Li.Na', '--role', 'viewer', '--display-name', '李娜', '--password-stdin'], 'a long enough passphrase\n');
      expect(created, created.stderr).toMatchObject({ code: 0, stdout: 'created viewer user li.na\n' });
      const res = await signInRequest(t, 'li.na', 'a long enough passphrase');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ user: { username: 'li.na', role: 'viewer', displayName: '李娜', partner: null } });

      const again = await runSongda(ctx, ['user', 'create', '--username', 'li.na', '--role', 'admin'], 'another passphrase\n');
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('user li.na already exists');
      const short = await runSongda(ctx, ['user', 'create', '--username', 'wang', '--role', 'admin'], 'short\n');
      expect(short.stderr).toContain('password: must be at least 8 characters');
      const badRole = await runSongda(ctx, ['user', 'create', '--username', 'wang', '--role', 'root'], 'long enough password\n');
      expect(badRole.stderr).toContain('--role must be one of admin, operator, viewer');
      const noPassword = await runSongda(ctx, ['user', 'create', '--username', 'wang', '--role', 'admin', '--password-stdin'], '');
      expect(noPassword.stderr).toContain('no password on stdin');
      expect(await t.db.selectFrom('users').select('username').where('username', '=', 'wang').execute()).toEqual([]);

      const list = await runSongda(ctx, ['user', 'list'], '');
      expect(list.stdout).toContain('li.na\tviewer\t李娜\tactive\n');
      const cookie = sessionCookieOf(res);
      expect(await runSongda(ctx, ['user', 'disable', 'li.na'], '')).toMatchObject({ code: 0, stdout: 'disabled li.na; ended 1 session\n' });
      expect((await asUser(t, cookie, 'GET', '/api/v1/session')).statusCode).toBe(401);
      expect((await runSongda(ctx, ['user', 'list'], '')).stdout).toMatch(/^li\.na\tviewer\t李娜\tdisabled \d{4}-/m);
      expect((await runSongda(ctx, ['user', 'disable', 'nobody'], '')).stderr).toContain('user nobody not found');
    }, 120_000);
  });
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `songda …` in its own process against the test database, with `stdin` piped in. */
function runSongda(ctx: TestDbContext, args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('SONGDA_')) env[k] = v;
  Object.assign(env, { SONGDA_DB: ctx.target.url, SONGDA_LOG_LEVEL: 'warn' });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/songda.ts', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`songda ${args.join(' ')} did not finish in 60 s:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}
