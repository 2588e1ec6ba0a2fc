import { expect, it } from 'vitest';
import { FIXED_NOW, newTestApp } from '../factories.js';
import { asUser, newUser, signInRequest, signedIn } from '../factories-console.js';
import { describeEachDialect } from '../test-db.js';

const URL = '/api/v1/session/password';

describeEachDialect('POST /api/v1/session/password: a user changes their own password', (ctx) => {
  it('sets the new password, keeps this session, ends the others and audits the change', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'operator');
    const here = await signedIn(t, user);
    const elsewhere = await signedIn(t, user);

    const res = await asUser(t, here, 'POST', URL, { body: { currentPassword: user.password, newPassword: 'a new passphrase' } });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await asUser(t, here, 'GET', '/api/v1/session')).statusCode).toBe(200);
    expect((await asUser(t, elsewhere, 'GET', '/api/v1/session')).statusCode).toBe(401);
    expect((await signInRequest(t, user.username, user.password)).statusCode).toBe(401);
    expect((await signInRequest(t, user.username, 'a new passphrase')).statusCode).toBe(200);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.password_change').where('subject', '=', user.username).execute();
    expect(audit).toMatchObject([{ actor: `user:${user.username}`, subject: user.username, at: FIXED_NOW }]);
    expect(JSON.stringify(audit)).not.toContain('a new passphrase');
  });

  it('refuses a wrong current password in the reader’s language, and a short new one, changing nothing', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    const cookie = await signedIn(t, user);

    const wrong = await asUser(t, cookie, 'POST', URL, { body: { currentPassword: 'not it at all', newPassword: 'a new passphrase' }, headers: { 'accept-language': 'zh-CN' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error).toEqual({ code: 'invalid_request', message: '当前密码不正确', details: { field: 'currentPassword' } });
    const wrongEn = await asUser(t, cookie, 'POST', URL, { body: { currentPassword: 'not it at all', newPassword: 'a new passphrase' }, headers: { 'accept-language': 'en' } });
    expect(wrongEn.json().error.message).toBe('the current password is wrong');

    const short = await asUser(t, cookie, 'POST', URL, { body: { currentPassword: user.password, newPassword: 'short' }, headers: { 'accept-language': 'zh-CN' } });
    expect(short.statusCode, short.body).toBe(400);
    expect(short.json().error.details).toEqual([{ field: 'newPassword', message: '至少 8 个字符' }]);

    expect((await signInRequest(t, user.username, user.password)).statusCode).toBe(200);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'user.password_change').where('subject', '=', user.username).execute()).toEqual([]);
  });

  it('needs a session and the CSRF header; a bearer token is no user', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'admin');
    const cookie = await signedIn(t, user);
    const body = { currentPassword: user.password, newPassword: 'a new passphrase' };

    expect((await t.request('POST', URL, { body })).statusCode).toBe(401);
    expect((await asUser(t, cookie, 'POST', URL, { body, csrf: false })).statusCode).toBe(403);
    expect((await signInRequest(t, user.username, user.password)).statusCode).toBe(200);
  });
});
