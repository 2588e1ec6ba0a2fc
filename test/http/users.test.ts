import { expect, it } from 'vitest';
import { WRONG_CREDENTIALS } from '../../src/modules/users/session.service.js';
import { FIXED_NOW, type TestApp, createSite, newTestApp } from '../factories.js';
import { asUser, newUser, signInRequest, signedIn } from '../factories-console.js';
import { createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { describeEachDialect } from '../test-db.js';

const USERS = '/api/v1/users';

/** A request with the admin's bearer token (the actor is then `token:<id>`). */
function asAdminToken(t: TestApp, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${t.tokens.admin}` }, ...(body === undefined ? {} : { payload: body as object }) });
}

async function auditOf(t: TestApp, subject: string) {
  const rows = await t.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('subject', '=', subject).orderBy('id').execute();
  return rows.map((r) => ({ actor: r.actor, action: r.action, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown) }));
}

describeEachDialect('users: GET/POST /users, PATCH /users/:username, POST /users/:username/password', (ctx) => {
  it('creates a user as songda user create does, with a generated password shown once, audited; the user signs in with it', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t, { kind: 'delivery_office' });
    const admin = await signedIn(t, await newUser(t, 'admin'));
    const res = await asUser(t, admin, 'POST', USERS, { body: { username: 'Li.Na', role: 'operator', displayName: '李娜', unit: office } });
    expect(res.statusCode, res.body).toBe(201);
    const { user, password } = res.json<{ user: unknown; password: string }>();
    expect(user).toEqual({ username: 'li.na', role: 'operator', displayName: '李娜', partner: null, unit: office, createdAt: '2026-11-21T12:00:00.000+08:00', disabledAt: null });
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(JSON.stringify(await t.db.selectFrom('users').selectAll().execute())).not.toContain(password);
    expect((await signInRequest(t, 'li.na', password)).statusCode).toBe(200);

    const audit = await auditOf(t, 'li.na');
    expect(audit).toEqual([{ actor: expect.stringMatching(/^user:user\d+$/), action: 'user.create', detail: { role: 'operator', displayName: '李娜', unit: office } }]);
    expect(JSON.stringify(audit)).not.toContain(password);

    const given = await asUser(t, admin, 'POST', USERS, { body: { username: 'wang', role: 'viewer', password: 'a chosen password' } });
    expect(given.statusCode, given.body).toBe(201);
    expect(given.json<{ password: unknown }>().password).toBeNull();
    expect((await signInRequest(t, 'wang', 'a chosen password')).statusCode).toBe(200);
  });

  it('refuses what the CLI refuses: a taken name, a short password, a partner role without partner, a unit for a partner, unknown references', async () => {
    const t = await newTestApp(ctx);
    const partner = (await createLabelledPartner(t.db, 'USERS')).code;
    const office = await createSite(t);
    const taken = await newUser(t, 'viewer');
    const cases: [unknown, number, string][] = [
      [{ username: taken.username, role: 'viewer' }, 409, `user ${taken.username} already exists`],
      [{ username: 'shorty', role: 'viewer', password: 'short' }, 400, 'must be at least 8 characters'],
      [{ username: 'p1', role: 'partner' }, 400, 'partner: role partner needs the code of its partner'],
      [{ username: 'p2', role: 'operator', partner }, 400, 'partner: only role partner is bound to a partner, not role operator'],
      [{ username: 'p3', role: 'partner', partner, unit: office }, 400, 'unit: a partner’s user belongs to its partner, not to a unit'],
      [{ username: 'p4', role: 'partner', partner: 'NOSUCH' }, 422, 'partner: unknown partner NOSUCH'],
      [{ username: 'p5', role: 'operator', unit: 'NOSUCH' }, 422, 'unit: unknown unit NOSUCH'],
    ];
    for (const [body, status, message] of cases) {
      const res = await asAdminToken(t, 'POST', USERS, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json<{ error: { message: string } }>().error.message).toContain(message);
    }
    const made = await t.db.selectFrom('users').select('username').where('username', 'in', ['shorty', 'p1', 'p2', 'p3', 'p4', 'p5']).execute();
    expect(made).toEqual([]);
  });

  it('lists users by username in keyset pages, filtered by role, unit, partner and state', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t);
    const partner = (await createLabelledPartner(t.db, 'LIST')).code;
    const mk = (body: object) => asAdminToken(t, 'POST', USERS, { password: 'long enough 1', ...body });
    for (const name of ['list-a', 'list-b', 'list-c']) expect((await mk({ username: name, role: 'operator', unit: office })).statusCode).toBe(201);
    expect((await mk({ username: 'list-p', role: 'partner', partner })).statusCode).toBe(201);
    expect((await asAdminToken(t, 'PATCH', `${USERS}/list-b`, { disabled: true })).statusCode).toBe(200);

    const names = async (query: string) => (await asAdminToken(t, 'GET', `${USERS}?${query}`)).json<{ rows: { username: string }[] }>().rows.map((r) => r.username);
    expect(await names(`unit=${office}`)).toEqual(['list-a', 'list-b', 'list-c']);
    expect(await names(`unit=${office}&state=active`)).toEqual(['list-a', 'list-c']);
    expect(await names(`unit=${office}&state=disabled`)).toEqual(['list-b']);
    expect(await names(`partner=${partner}`)).toEqual(['list-p']);
    expect(await names(`role=partner&partner=${partner}`)).toEqual(['list-p']);

    const first = (await asAdminToken(t, 'GET', `${USERS}?unit=${office}&limit=2`)).json<{ rows: { username: string }[]; nextCursor: string }>();
    expect(first.rows.map((r) => r.username)).toEqual(['list-a', 'list-b']);
    const second = (await asAdminToken(t, 'GET', `${USERS}?unit=${office}&limit=2&cursor=${first.nextCursor}`)).json<{ rows: { username: string }[]; nextCursor: null }>();
    expect(second).toMatchObject({ rows: [{ username: 'list-c' }], nextCursor: null });
  });

  it('changes role, unit and name; moving to role partner needs a partner and drops the unit; each change audited with before and after', async () => {
    const t = await newTestApp(ctx);
    const office = await createSite(t);
    const partner = (await createLabelledPartner(t.db, 'MOVE')).code;
    const user = await newUser(t, 'viewer');
    const cookie = await signedIn(t, user);
    const url = `${USERS}/${user.username}`;

    const moved = await asAdminToken(t, 'PATCH', url, { role: 'operator', unit: office, displayName: '张伟' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'operator', unit: office, displayName: '张伟', partner: null });
    // The open session takes the new role at its next request.
    expect((await asUser(t, cookie, 'GET', '/api/v1/session')).json()).toMatchObject({ user: { role: 'operator' } });

    expect((await asAdminToken(t, 'PATCH', url, { role: 'partner' })).statusCode).toBe(400);
    const toPartner = await asAdminToken(t, 'PATCH', url, { role: 'partner', partner });
    expect(toPartner.json()).toMatchObject({ role: 'partner', partner, unit: null });
    const back = await asAdminToken(t, 'PATCH', url, { role: 'viewer' });
    expect(back.json()).toMatchObject({ role: 'viewer', partner: null, unit: null });

    const updates = (await auditOf(t, user.username)).filter((r) => r.action === 'user.update');
    expect(updates.map((r) => r.detail)).toEqual([
      { changes: { role: ['viewer', 'operator'], unit: [null, office], displayName: [null, '张伟'] } },
      { changes: { role: ['operator', 'partner'], partner: [null, partner], unit: [office, null] } },
      { changes: { role: ['partner', 'viewer'], partner: [partner, null] } },
    ]);
    expect((await asAdminToken(t, 'PATCH', `${USERS}/nobody-here`, { displayName: 'x' })).statusCode).toBe(404);
  });

  it('disabling refuses the next sign-in and the open sessions at once; enabling lets the user sign in again', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'operator');
    const cookie = await signedIn(t, user);
    const other = await signedIn(t, user);
    const url = `${USERS}/${user.username}`;

    const disabled = await asAdminToken(t, 'PATCH', url, { disabled: true });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({ disabledAt: '2026-11-21T12:00:00.000+08:00' });
    for (const c of [cookie, other]) expect((await asUser(t, c, 'GET', '/api/v1/units')).statusCode).toBe(401);
    const again = await signInRequest(t, user.username, user.password);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual({ error: { code: 'unauthorized', message: String(WRONG_CREDENTIALS) } });
    expect(await t.db.selectFrom('sessions').select('id').where('username', '=', user.username).execute()).toEqual([]);

    expect((await asAdminToken(t, 'PATCH', url, { disabled: false })).json()).toMatchObject({ disabledAt: null });
    expect((await signInRequest(t, user.username, user.password)).statusCode).toBe(200);
    expect((await auditOf(t, user.username)).map((r) => [r.action, r.detail])).toEqual([
      ['user.create', { role: 'operator', displayName: null }],
      ['user.disable', { sessionsEnded: 2 }],
      ['user.enable', null],
    ]);
  });

  it('resets a password: a generated one shown once or the one given; the old one stops working and the sessions end', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    const cookie = await signedIn(t, user);
    const url = `${USERS}/${user.username}/password`;

    const generated = await asAdminToken(t, 'POST', url, {});
    expect(generated.statusCode, generated.body).toBe(200);
    const { password } = generated.json<{ password: string }>();
    expect(generated.json()).toEqual({ username: user.username, password: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/), sessionsEnded: 1 });
    expect((await asUser(t, cookie, 'GET', '/api/v1/units')).statusCode).toBe(401);
    expect((await signInRequest(t, user.username, user.password)).statusCode).toBe(401);
    expect((await signInRequest(t, user.username, password)).statusCode).toBe(200);

    const given = await asAdminToken(t, 'POST', url, { password: 'another good one' });
    expect(given.json()).toEqual({ username: user.username, password: null, sessionsEnded: 1 });
    expect((await signInRequest(t, user.username, 'another good one')).statusCode).toBe(200);
    expect((await asAdminToken(t, 'POST', url, { password: 'short' })).statusCode).toBe(400);
    expect((await asAdminToken(t, 'POST', `${USERS}/nobody-here/password`, {})).statusCode).toBe(404);

    const resets = (await auditOf(t, user.username)).filter((r) => r.action === 'user.password_reset');
    expect(resets.map((r) => r.detail)).toEqual([{ generated: true, sessionsEnded: 1 }, { generated: false, sessionsEnded: 1 }]);
    expect(JSON.stringify(resets)).not.toContain(password);
  });

  it('is for admins only: operators and viewers get 403, partners’ credentials 403, and nothing is stored', async () => {
    const t = await newTestApp(ctx);
    const partner = (await createLabelledPartner(t.db, 'NOUSERS')).code;
    const { token } = await newPartnerToken(t, partner);
    const operator = await signedIn(t, await newUser(t, 'operator'));
    const target = await newUser(t, 'viewer');
    const probes = [
      { method: 'GET' as const, url: USERS },
      { method: 'POST' as const, url: USERS, body: { username: 'sneaky', role: 'admin', password: 'long enough 2' } },
      { method: 'PATCH' as const, url: `${USERS}/${target.username}`, body: { role: 'admin' } },
      { method: 'POST' as const, url: `${USERS}/${target.username}/password`, body: {} },
    ];
    for (const p of probes) {
      expect((await asUser(t, operator, p.method, p.url, { body: p.body })).statusCode, `${p.method} ${p.url}`).toBe(403);
      const res = await t.app.inject({ method: p.method, url: p.url, headers: { authorization: `Bearer ${token}` }, ...(p.body ? { payload: p.body } : {}) });
      expect(res.statusCode).toBe(403);
      expect((await t.app.inject({ method: p.method, url: p.url, headers: { authorization: `Bearer ${t.tokens.viewer}` } })).statusCode).toBe(403);
    }
    expect(await t.db.selectFrom('users').select('role').where('username', 'in', ['sneaky', target.username]).execute()).toEqual([{ role: 'viewer' }]);
    expect((await signInRequest(t, target.username, target.password)).statusCode).toBe(200);
  });
});

describeEachDialect('users: an admin cannot disable themselves, and the last active admin stays', (ctx) => {
  it('refuses disabling oneself and disabling or demoting the last active admin user, by a session or a token', async () => {
    const t = await newTestApp(ctx);
    const a = await newUser(t, 'admin');
    const b = await newUser(t, 'admin');
    const asA = await signedIn(t, a);
    const conflict = (res: { statusCode: number; json: () => unknown }, message: string) => {
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining(message) } });
    };

    conflict(await asUser(t, asA, 'PATCH', `${USERS}/${a.username}`, { body: { disabled: true } }), 'you cannot disable your own user');
    expect((await asUser(t, asA, 'PATCH', `${USERS}/${b.username}`, { body: { disabled: true } })).statusCode).toBe(200);
    // a is now the only active admin user: neither a token nor a itself may take that away.
    conflict(await asUser(t, asA, 'PATCH', `${USERS}/${a.username}`, { body: { role: 'operator' } }), `user ${a.username} is the last active admin`);
    conflict(await asAdminToken(t, 'PATCH', `${USERS}/${a.username}`, { disabled: true }), `user ${a.username} is the last active admin`);
    conflict(await asAdminToken(t, 'PATCH', `${USERS}/${a.username}`, { role: 'viewer' }), 'last active admin');
    expect((await asUser(t, asA, 'GET', '/api/v1/session')).json()).toMatchObject({ user: { role: 'admin' } });

    // With b enabled again, a may be demoted (by b), and then b is the last.
    expect((await asUser(t, asA, 'PATCH', `${USERS}/${b.username}`, { body: { disabled: false } })).statusCode).toBe(200);
    const asB = await signedIn(t, b);
    expect((await asUser(t, asB, 'PATCH', `${USERS}/${a.username}`, { body: { role: 'operator' } })).statusCode).toBe(200);
    conflict(await asUser(t, asB, 'PATCH', `${USERS}/${b.username}`, { body: { role: 'viewer' } }), 'last active admin');
    // A disabled admin is no admin to keep: demoting one is allowed even when it is not the last.
    const c = await newUser(t, 'admin');
    expect((await asUser(t, asB, 'PATCH', `${USERS}/${c.username}`, { body: { disabled: true } })).statusCode).toBe(200);
    expect((await asUser(t, asB, 'PATCH', `${USERS}/${c.username}`, { body: { role: 'viewer' } })).statusCode).toBe(200);
    const admins = await t.db.selectFrom('users').select('username').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(admins).toEqual([{ username: b.username }]);
    expect(FIXED_NOW).toBe(t.now);
  });

  it('lets only one of two admins demoting each other at the same moment pass', async () => {
    const t = await newTestApp(ctx);
    // The admins left by the test above are disabled or demoted, bar one: disable it, so these two are the only ones.
    const [x, y] = [await newUser(t, 'admin'), await newUser(t, 'admin')];
    for (const { username } of await t.db.selectFrom('users').select('username').where('role', '=', 'admin').where('username', 'not in', [x.username, y.username]).execute()) {
      expect((await asAdminToken(t, 'PATCH', `${USERS}/${username}`, { disabled: true })).statusCode).toBe(200);
    }
    const [asX, asY] = [await signedIn(t, x), await signedIn(t, y)];
    const answers = await Promise.all([
      asUser(t, asX, 'PATCH', `${USERS}/${y.username}`, { body: { role: 'viewer' } }),
      asUser(t, asY, 'PATCH', `${USERS}/${x.username}`, { body: { role: 'viewer' } }),
    ]);
    // The second is refused either by the last-admin rule (409) or, when the first had already committed
    // before its request was authenticated, because its caller is no longer an admin (403).
    const [passed, refused] = answers.map((a) => a.statusCode).sort();
    expect(passed).toBe(200);
    expect([403, 409]).toContain(refused);
    const admins = await t.db.selectFrom('users').select('username').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
    expect(admins).toHaveLength(1);
  });
});
