import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { serve } from '../../src/main.js';
import { PER_ADDRESS, PER_USERNAME } from '../../src/modules/users/session-limits.js';
import { DEMO_USER } from '../../src/modules/users/user.service.js';
import { FIXED_NOW, type TestApp, newTestApp, testConfig } from '../factories.js';
import { CSRF, newUser } from '../factories-console.js';
import { describeEachDialect } from '../test-db.js';

function signInFrom(t: TestApp, remoteAddress: string, username: string, password: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, headers: CSRF, remoteAddress });
}

function expectWait(res: LightMyRequestResponse, which: 'for this username' | 'from this address', seconds: number): void {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.json()).toEqual({ error: { code: 'rate_limited', message: `too many failed sign-ins ${which}; try again in ${seconds} s`, details: { retryAfterSeconds: seconds } } });
  expect(res.headers['retry-after']).toBe(String(seconds));
  expect(res.headers['set-cookie']).toBeUndefined();
}

describeEachDialect('sign-in limits', (ctx) => {
  it('gives another address no fresh guesses at a username: after 5 failures from anywhere, every address waits', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    for (let i = 1; i <= PER_USERNAME.free; i++) expect((await signInFrom(t, `10.0.0.${i}`, user.username, `guess ${i}`)).statusCode).toBe(401);
    for (const address of ['10.0.0.99', '192.0.2.1', '2001:db8::1']) expectWait(await signInFrom(t, address, user.username, 'another guess'), 'for this username', 1);
    // The right password waits too: a guesser must not learn that it was right.
    expectWait(await signInFrom(t, '192.0.2.7', user.username, user.password), 'for this username', 1);
  });

  it('makes each further failure double the wait, and lets the owner in once it has passed', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    for (let i = 1; i <= PER_USERNAME.free; i++) expect((await signInFrom(t, `10.1.0.${i}`, user.username, 'wrong')).statusCode).toBe(401);
    const at = (ms: number) => newTestApp(ctx, { now: FIXED_NOW + ms });
    expect((await signInFrom(await at(1_000), '10.1.1.1', user.username, 'wrong')).statusCode).toBe(401);
    expectWait(await signInFrom(await at(2_999), '10.1.1.2', user.username, 'wrong'), 'for this username', 1);
    expect((await signInFrom(await at(3_000), '10.1.1.3', user.username, 'wrong')).statusCode).toBe(401);
    expectWait(await signInFrom(await at(3_000), '10.1.1.4', user.username, 'wrong'), 'for this username', 4);
    // The owner, once the wait is over: in, and the count starts again from nothing.
    const later = await at(7_000);
    expect((await signInFrom(later, '192.0.2.10', user.username, user.password)).statusCode).toBe(200);
    for (let i = 1; i <= PER_USERNAME.free; i++) expect((await signInFrom(later, '192.0.2.11', user.username, 'wrong')).statusCode).toBe(401);
  });

  it('limits one address trying many new usernames', async () => {
    const t = await newTestApp(ctx);
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS.free + 10; i++) statuses.push((await signInFrom(t, '203.0.113.5', `nobody-${i}-${FIXED_NOW}`, 'password123')).statusCode);
    expect(statuses).toEqual([...Array(PER_ADDRESS.free).fill(401), ...Array(10).fill(429)]);
    const user = await newUser(t, 'viewer');
    expectWait(await signInFrom(t, '203.0.113.5', user.username, user.password), 'from this address', 1);
    // Another address is not held back.
    expect((await signInFrom(t, '203.0.113.6', user.username, user.password)).statusCode).toBe(200);
  });

  it('counts an IPv6 client by its /64, so it cannot rotate addresses inside its own block', async () => {
    const t = await newTestApp(ctx);
    for (let i = 1; i <= PER_ADDRESS.free; i++) expect((await signInFrom(t, `2001:db8:5:6::${i.toString(16)}`, `nobody6-${i}`, 'password123')).statusCode).toBe(401);
    expectWait(await signInFrom(t, '2001:db8:5:6:ffff:1:2:3', 'nobody6-x', 'password123'), 'from this address', 1);
    expect((await signInFrom(t, '2001:db8:5:7::1', 'nobody6-y', 'password123')).statusCode).toBe(401);
  });

  it('counts a parallel burst one by one: no more checks than the limit allows', async () => {
    const t = await newTestApp(ctx);
    const user = await newUser(t, 'viewer');
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => signInFrom(t, `10.2.0.${i}`, user.username, `burst ${i}`)));
    const statuses = burst.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([...Array(PER_USERNAME.free).fill(401), ...Array(12 - PER_USERNAME.free).fill(429)]);
  });
});

describeEachDialect('the demo user', (ctx) => {
  it('signs in under serve --demo only: a plain serve of the same database disables it, a later --demo enables it again', async () => {
    const config = testConfig(ctx, { SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1' });
    const lines: string[] = [];
    const start = async (demo: boolean) => {
      const { app, store } = await serve(config, { demo, print: (line) => lines.push(line) });
      try {
        const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: DEMO_USER.username, password: DEMO_USER.password }, headers: CSRF });
        return res.statusCode;
      } finally {
        await app.close();
        await store.close();
      }
    };
    expect(await start(true)).toBe(200);
    expect(await start(false)).toBe(401);
    expect(lines).toContain('demo user: demo disabled (it signs in only under serve --demo)');
    expect(await start(true)).toBe(200);
  }, 60_000);
});

describeEachDialect('a real user named demo', (ctx) => {
  it('is left alone by serve with and without --demo: only the known demo password marks the demo user', async () => {
    const config = testConfig(ctx, { SONGDA_PORT: '0', SONGDA_HOST: '127.0.0.1' });
    const real = await newUser({ db: ctx.handle.db }, 'admin', { username: DEMO_USER.username, password: 'a real passphrase' });
    for (const demo of [false, true]) {
      const { app, store } = await serve(config, { demo, print: () => {} });
      try {
        const signIn = (password: string) => app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: real.username, password }, headers: CSRF });
        expect((await signIn(real.password)).statusCode, `demo ${demo}`).toBe(200);
        expect((await signIn(DEMO_USER.password)).statusCode, `demo ${demo}`).toBe(401);
      } finally {
        await app.close();
        await store.close();
      }
    }
  }, 60_000);
});
