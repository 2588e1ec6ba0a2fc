import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { MAX_WRONG_PHONE_TRIES, PHONE_TRY_WINDOW_MS, trackingNumbersInLine } from '../../src/modules/public/public-tracking.js';
import { FIXED_NOW, type TestApp, newTestApp } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram, listRecipient, postInvitations, publicSubmit } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const PHONE = '13912345678';
const RIGHT = '5678';
/** Four digits that are not RIGHT, different for each n. */
const wrongDigits = (n: number) => String(n % 10_000).padStart(4, '0').replace(RIGHT, '0000');

/** An item mailed through a citizen's QR link with PHONE, and its tracking number. */
async function mailedItem(t: TestApp): Promise<string> {
  const program = await createTestProgram(t.db, { documentType: '优待证' });
  const { county } = await countyWithOffice(t);
  const recipient = await listRecipient(t.db, program.code, { name: '王建国' });
  const { invitations } = await postInvitations(t, program.code, { recipients: [recipient.idNumber] });
  const res = await publicSubmit(t, invitations[0]!.token, { phone: PHONE, address: addressIn(county) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().trackingNo;
}

/** A tracking request as a load balancer at 127.0.0.1 forwards it: the client's claimed chain, then the address the balancer saw. */
function viaBalancer(t: TestApp, trackingNo: string, phone4: string, client: string, claimed = '10.9.8.7'): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/public/tracking/${trackingNo}?phone4=${phone4}`,
    remoteAddress: '127.0.0.1',
    headers: { 'x-forwarded-for': `${claimed}, ${client}` },
  });
}

/** What a refusal looks like to the client: status, body and headers, less what differs per request. */
function visible(res: LightMyRequestResponse) {
  const { 'x-request-id': _id, date: _date, 'x-ratelimit-remaining': _left, 'x-ratelimit-reset': _reset, ...headers } = res.headers;
  return { status: res.statusCode, body: res.body, headers };
}

const trustBalancer = { SONGDA_TRUST_PROXY: '127.0.0.1' };

describeEachDialect('public tracking cannot be guessed', (ctx) => {
  it('a client that spoofs a fresh address for every guess never gets a hit: the number locks after a few wrong tries', async () => {
    const t = await newTestApp(ctx, { env: trustBalancer });
    const trackingNo = await mailedItem(t);
    const unknown = visible(await viaBalancer(t, 'EA999999995CN', RIGHT, '192.0.2.1'));
    expect(unknown.status).toBe(404);

    // Every guess from another address, as a botnet would send them; the right digits come after the lock.
    const guesses = [...Array.from({ length: MAX_WRONG_PHONE_TRIES }, (_, i) => wrongDigits(i)), RIGHT, ...Array.from({ length: 120 }, (_, i) => wrongDigits(1000 + i * 73)), RIGHT];
    for (const [i, phone4] of guesses.entries()) {
      const res = await viaBalancer(t, trackingNo, phone4, `198.51.${(i >> 8) & 255}.${i & 255}`, `172.16.0.${i & 255}`);
      expect(res.statusCode, `guess ${i + 1} (${phone4}) was answered ${res.statusCode}`).not.toBe(200);
      expect(visible(res), `guess ${i + 1}`).toEqual(unknown);
    }

    // The citizen too, from anywhere, until the window ends; then the right digits work again.
    expect(visible(await viaBalancer(t, trackingNo, RIGHT, '203.0.113.50'))).toEqual(unknown);
    const nextDay = await newTestApp(ctx, { env: trustBalancer, now: FIXED_NOW + PHONE_TRY_WINDOW_MS });
    expect((await viaBalancer(nextDay, trackingNo, RIGHT, '203.0.113.50')).statusCode).toBe(200);
  });

  it('counts a parallel burst one by one: none slips past the limit', async () => {
    const t = await newTestApp(ctx, { env: trustBalancer });
    const trackingNo = await mailedItem(t);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => viaBalancer(t, trackingNo, wrongDigits(i), `198.51.100.${i}`)));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(20).fill(404));
    expect(await t.db.selectFrom('tracking_guesses').select('failures').where('tracking_no', '=', trackingNo).executeTakeFirst()).toEqual({ failures: 20 });
    expect((await viaBalancer(t, trackingNo, RIGHT, '203.0.113.51')).statusCode).toBe(404);
  });

  it('judges right digits in a burst after the wrong tries before them: the lock holds', async () => {
    const t = await newTestApp(ctx, { env: trustBalancer });
    const trackingNo = await mailedItem(t);
    const digits = [...Array.from({ length: 19 }, (_, i) => wrongDigits(i)), RIGHT];
    const burst = await Promise.all(digits.map((phone4, i) => viaBalancer(t, trackingNo, phone4, `198.51.100.${i}`)));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(20).fill(404));
    expect(await t.db.selectFrom('tracking_guesses').select('failures').where('tracking_no', '=', trackingNo).executeTakeFirst()).toEqual({ failures: 20 });
    // Every try answered, no number is left waiting in line.
    expect(trackingNumbersInLine()).toBe(0);
  });

  it('locks numbers that do not exist the same way, so a lock tells nothing about existence', async () => {
    const t = await newTestApp(ctx, { env: trustBalancer });
    const trackingNo = await mailedItem(t);
    const made = 'EA999999973CN';
    const answers = { real: [] as ReturnType<typeof visible>[], made: [] as ReturnType<typeof visible>[] };
    for (let i = 0; i < MAX_WRONG_PHONE_TRIES + 2; i++) {
      answers.real.push(visible(await viaBalancer(t, trackingNo, wrongDigits(i), `198.51.100.${i}`)));
      answers.made.push(visible(await viaBalancer(t, made, wrongDigits(i), `198.51.100.${i}`)));
    }
    expect(answers.real).toEqual(answers.made);
    const counted = await t.db.selectFrom('tracking_guesses').select(['tracking_no', 'failures']).where('tracking_no', 'in', [trackingNo, made]).orderBy('tracking_no').execute();
    expect(counted.map((r) => r.failures)).toEqual([MAX_WRONG_PHONE_TRIES + 2, MAX_WRONG_PHONE_TRIES + 2]);
  });

  it('never locks a citizen who only gives the right digits, however often they look; a few slips are forgiven', async () => {
    const t = await newTestApp(ctx, { env: trustBalancer });
    const trackingNo = await mailedItem(t);
    for (let i = 0; i < 12; i++) expect((await viaBalancer(t, trackingNo, RIGHT, '203.0.113.60')).statusCode).toBe(200);
    // Right digits are only read against the count, never written: looking costs the store no write.
    expect(await t.db.selectFrom('tracking_guesses').selectAll().where('tracking_no', '=', trackingNo).execute()).toEqual([]);
    for (let i = 0; i < MAX_WRONG_PHONE_TRIES - 1; i++) expect((await viaBalancer(t, trackingNo, wrongDigits(i), '203.0.113.60')).statusCode).toBe(404);
    for (let i = 0; i < 3; i++) expect((await viaBalancer(t, trackingNo, RIGHT, '203.0.113.60')).statusCode).toBe(200);
  });

  it("believes only the listed proxies about the client's address: anyone else's X-Forwarded-For is ignored", async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_TRUST_PROXY: '10.0.0.1', SONGDA_PUBLIC_RATE_LIMIT: '3' } });
    const direct = (i: number) =>
      t.app.inject({ method: 'GET', url: '/api/v1/public/tracking/EA999999995CN?phone4=1234', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
    expect([(await direct(1)).statusCode, (await direct(2)).statusCode, (await direct(3)).statusCode, (await direct(4)).statusCode]).toEqual([404, 404, 404, 429]);
    // Through the listed proxy, the address it saw counts, whatever the client put before it.
    const proxied = (claimed: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/public/tracking/EA999999995CN?phone4=1234', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': `${claimed}, 198.51.100.77` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await proxied(`192.0.2.${i}`)).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
  });

  // @fastify/rate-limit counts IPv6 by /64 already; this keeps it so, as sign-in does (src/domain/client-address.ts).
  it('counts an IPv6 client by its /64, so it cannot take a fresh address from its own block for every request', async () => {
    const t = await newTestApp(ctx, { env: { ...trustBalancer, SONGDA_PUBLIC_RATE_LIMIT: '3' } });
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await viaBalancer(t, 'EA999999995CN', '1234', `2001:db8:7:8::${i}`)).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
    expect((await viaBalancer(t, 'EA999999995CN', '1234', '2001:db8:7:9::1')).statusCode).toBe(404);
  });
});

describe('SONGDA_TRUST_PROXY', () => {
  const base = { SONGDA_DB: 'sqlite:/tmp/x.db', SONGDA_DATA_KEY: '5e'.repeat(32) };
  it('refuses true and hop counts, saying to list the proxies', () => {
    for (const blanket of ['true', '1', '3']) {
      expect(() => loadConfig({ ...base, SONGDA_TRUST_PROXY: blanket }), blanket).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, SONGDA_TRUST_PROXY: blanket }), blanket).toThrow(/SONGDA_TRUST_PROXY: .*list the load balancers' addresses or CIDRs/);
    }
    expect(loadConfig({ ...base, SONGDA_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).trustProxy).toBe('10.0.0.5,10.1.0.0/16');
  });
});
