// Idempotency-Key on the four writes partners' systems retry (docs/decisions/0023-idempotency-keys.md):
// each route is driven through the same checks, with the store counted before and after.
import { PassThrough } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import type { PersonalDataCipher } from '../../src/domain/personal-data.js';
import { hashToken } from '../../src/modules/auth/api-token.service.js';
import { CLAIM_LEASE_MS, KEY_LIFE_MS } from '../../src/http/idempotency.js';
import { asUser, newUser, signedIn } from '../factories-console.js';
import { newPartnerToken } from '../factories-partners.js';
import { listCsv, listRow } from '../factories-programs.js';
import { addressIn, countyWithOffice, createTestProgram, newPhone, postRequests, testCipher } from '../factories-requests.js';
import { FIXED_NOW, type TestApp, createSite, newTestApp, nextSequence } from '../factories.js';
import { type TestDbContext, describeEachDialect } from '../test-db.js';

/** One request of a route, as bytes: the same `variant` gives the same request (a multipart body gets a new boundary each time). */
interface Sent {
  url: string;
  contentType: string;
  payload: Buffer;
}

interface RouteUnderTest {
  /** The route's rows that the request adds to (in the program or of the partner it concerns). */
  count(): Promise<number>;
  request(variant: number): Sent;
  /** A partner's credential the route serves, if it serves partners. */
  partnerToken?: string;
}

interface RouteCase {
  name: string;
  setUp(t: TestApp): Promise<RouteUnderTest>;
}

const json = (url: string, body: unknown): Sent => ({ url, contentType: 'application/json', payload: Buffer.from(JSON.stringify(body)) });

function multipartList(url: string, csv: string): Sent {
  const boundary = `----songda${nextSequence()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="list.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  return { url, contentType: `multipart/form-data; boundary=${boundary}`, payload: Buffer.from(`${head}${csv}\r\n--${boundary}--\r\n`) };
}

async function countRows(t: TestApp, table: 'items' | 'requests' | 'consignments' | 'recipients', column: string, value: string): Promise<number> {
  const row = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where(column as never, '=', value as never).executeTakeFirstOrThrow();
  return Number(row.n);
}

const CASES: RouteCase[] = [
  {
    name: 'POST /items',
    async setUp(t) {
      // Allocated numbers: every run of the route makes new items, so a second run shows in the count.
      const origin = await createSite(t, { kind: 'counter' });
      return {
        count: () => countRows(t, 'items', 'origin_unit', origin),
        request: (variant) => json('/api/v1/items', [{ originUnit: origin, destination: { divisionCode: '420506', address: `夷陵区东湖大道${variant}号` } }]),
      };
    },
  },
  {
    name: 'POST /programs/:code/requests',
    async setUp(t) {
      const program = await createTestProgram(t.db);
      const { county } = await countyWithOffice(t);
      const people = Array.from({ length: 4 }, () => ({ name: `申请人${nextSequence()}`, phone: newPhone(), address: addressIn(county) }));
      return {
        count: () => countRows(t, 'requests', 'program_code', program.code),
        request: (variant) => json(`/api/v1/programs/${program.code}/requests`, [people[variant]]),
        partnerToken: (await newPartnerToken(t, program.sponsor)).token,
      };
    },
  },
  {
    name: 'POST /consignments',
    async setUp(t) {
      // The program's sponsor hands over a bag of its own program's items.
      const program = await createTestProgram(t.db);
      const { county, office } = await countyWithOffice(t);
      const mailed = await postRequests(t, program.code, Array.from({ length: 4 }, () => ({ name: `申请人${nextSequence()}`, phone: newPhone(), address: addressIn(county) })));
      const items = mailed.map((m) => m.trackingNo!);
      expect(items.every(Boolean), JSON.stringify(mailed)).toBe(true);
      return {
        count: () => countRows(t, 'consignments', 'from_partner', program.sponsor),
        request: (variant) => json('/api/v1/consignments', { fromPartner: program.sponsor, toUnit: office, items: [items[variant]] }),
        partnerToken: (await newPartnerToken(t, program.sponsor)).token,
      };
    },
  },
  {
    name: 'POST /programs/:code/recipients/import',
    async setUp(t) {
      const program = await createTestProgram(t.db);
      const lists = Array.from({ length: 4 }, () => listCsv([listRow()]));
      return {
        count: () => countRows(t, 'recipients', 'program_code', program.code),
        request: (variant) => multipartList(`/api/v1/programs/${program.code}/recipients/import`, lists[variant]!),
        partnerToken: (await newPartnerToken(t, program.sponsor)).token,
      };
    },
  },
];

function send(t: TestApp, sent: Sent, token: string, key?: string): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': sent.contentType };
  if (key !== undefined) headers['idempotency-key'] = key;
  return t.app.inject({ method: 'POST', url: sent.url, payload: sent.payload, headers });
}

const keyRows = (t: TestApp, key: string) => t.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).execute();
const newKey = () => `order-${nextSequence()}-${'x'.repeat(20)}`;

/** A clock the test moves, for the 24 hours of a key. */
function movableClock() {
  let now = FIXED_NOW;
  return { read: () => now, advance: (ms: number) => (now += ms) };
}

describeEachDialect('Idempotency-Key', (ctx: TestDbContext) => {
  for (const route of CASES) {
    it(`${route.name}: without a key, the same request twice runs twice (what the key is there to prevent)`, async () => {
      const t = await newTestApp(ctx);
      const r = await route.setUp(t);
      const before = await r.count();
      const keys = await t.db.selectFrom('idempotency_keys').selectAll().execute();
      const first = await send(t, r.request(0), t.tokens.admin);
      expect([200, 201], first.body).toContain(first.statusCode);
      const second = await send(t, r.request(0), t.tokens.admin);
      // The route's own answer to a second run: new items, a request or a bag refused as already there, a list's row updated.
      expect(second.body).not.toBe(first.body);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      if (route.name === 'POST /items') expect(await r.count()).toBe(before + 2);
      expect(await t.db.selectFrom('idempotency_keys').selectAll().execute()).toEqual(keys);
    });

    it(`${route.name}: the same key and request again is answered the first answer, replayed, and stores nothing (admin and partner)`, async () => {
      const t = await newTestApp(ctx);
      const r = await route.setUp(t);
      for (const token of [t.tokens.admin, ...(r.partnerToken ? [r.partnerToken] : [])]) {
        const key = newKey();
        const variant = token === t.tokens.admin ? 0 : 1;
        const before = await r.count();
        const first = await send(t, r.request(variant), token, key);
        expect([200, 201], first.body).toContain(first.statusCode);
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        expect(await r.count()).toBe(before + 1);

        const again = await send(t, r.request(variant), token, key);
        expect(again.statusCode).toBe(first.statusCode);
        expect(again.body).toBe(first.body);
        expect(again.headers['content-type']).toBe(first.headers['content-type']);
        expect(again.headers['idempotent-replayed']).toBe('true');
        expect(await r.count()).toBe(before + 1);
        const rows = await keyRows(t, key);
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ status_code: first.statusCode, body: first.body, created_at: FIXED_NOW, expires_at: FIXED_NOW + KEY_LIFE_MS });
      }
    });

    it(`${route.name}: the same key with another body is 422 idempotency_key_reused, in the reader's language, and runs nothing`, async () => {
      const t = await newTestApp(ctx);
      const r = await route.setUp(t);
      const key = newKey();
      await send(t, r.request(0), t.tokens.admin, key);
      const before = await r.count();
      const reused = await send(t, r.request(1), t.tokens.admin, key);
      expect(reused.statusCode, reused.body).toBe(422);
      expect(reused.json().error).toEqual({ code: 'idempotency_key_reused', message: expect.stringMatching(/^this Idempotency-Key was already used/) });
      expect(reused.headers['idempotent-replayed']).toBeUndefined();
      expect(await r.count()).toBe(before);
      expect(await keyRows(t, key)).toHaveLength(1);
    });

    it(`${route.name}: another credential's same key is its own`, async () => {
      const t = await newTestApp(ctx);
      const r = await route.setUp(t);
      const key = newKey();
      const others = r.partnerToken ? [r.partnerToken] : [t.tokens.operator];
      await send(t, r.request(0), t.tokens.admin, key);
      const before = await r.count();
      // Another body, so that the route would run it even without keys.
      const other = await send(t, r.request(1), others[0]!, key);
      expect([200, 201], other.body).toContain(other.statusCode);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(await r.count()).toBe(before + 1);
      expect(await keyRows(t, key)).toHaveLength(2);
    });

    it(`${route.name}: 24 hours after its first use the key is as if never used`, async () => {
      const clock = movableClock();
      const t = await newTestApp(ctx, { clock: clock.read });
      const r = await route.setUp(t);
      const key = newKey();
      await send(t, r.request(0), t.tokens.admin, key);
      clock.advance(KEY_LIFE_MS - 1);
      expect((await send(t, r.request(0), t.tokens.admin, key)).headers['idempotent-replayed']).toBe('true');
      clock.advance(1);
      // Another body too: a stale key refuses nothing.
      const before = await r.count();
      const fresh = await send(t, r.request(1), t.tokens.admin, key);
      expect([200, 201], fresh.body).toContain(fresh.statusCode);
      expect(fresh.headers['idempotent-replayed']).toBeUndefined();
      expect(await r.count()).toBe(before + 1);
      expect(await keyRows(t, key)).toEqual([expect.objectContaining({ created_at: FIXED_NOW + KEY_LIFE_MS, body: fresh.body })]);
    });

    it(`${route.name}: while the first request with a key runs, a second is 409 idempotency_key_in_flight; once answered, it is replayed`, async () => {
      const t = await newTestApp(ctx);
      const r = await route.setUp(t);
      const key = newKey();
      const sent = r.request(0);
      // The first request's body arrives slowly: half now, the rest once the second has been answered.
      const upload = new PassThrough();
      const slow = t.app.inject({ method: 'POST', url: sent.url, payload: upload, headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': sent.contentType, 'idempotency-key': key } });
      upload.write(sent.payload.subarray(0, 10));
      await waitFor(async () => (await keyRows(t, key)).length === 1);
      const before = await r.count();
      const second = await send(t, sent, t.tokens.admin, key);
      expect(second.statusCode, second.body).toBe(409);
      expect(second.json().error).toEqual({ code: 'idempotency_key_in_flight', message: expect.stringMatching(/^a request with this Idempotency-Key is still being processed/) });
      upload.end(sent.payload.subarray(10));
      const first = await slow;
      expect([200, 201], first.body).toContain(first.statusCode);
      expect(await r.count()).toBe(before + 1);
      const third = await send(t, r.request(0), t.tokens.admin, key);
      expect(third.headers['idempotent-replayed']).toBe('true');
      expect(third.body).toBe(first.body);
      expect(await r.count()).toBe(before + 1);
    });
  }

  it('a signed-in console user has keys of its own, apart from its tokens', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[0]!.setUp(t);
    const user = await newUser(t, 'operator');
    const cookie = await signedIn(t, user);
    const key = newKey();
    const sent = r.request(0);
    const post = () => asUser(t, cookie, 'POST', sent.url, { body: JSON.parse(sent.payload.toString()), headers: { 'idempotency-key': key } });
    const first = await post();
    expect(first.statusCode, first.body).toBe(200);
    const again = await post();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect((await send(t, sent, t.tokens.operator, key)).headers['idempotent-replayed']).toBeUndefined();
    expect((await keyRows(t, key)).map((k) => k.credential)).toContain(`user:${user.username}`);
  });

  it('a claim whose request never answered (a crashed server) lapses after five minutes', async () => {
    const clock = movableClock();
    const t = await newTestApp(ctx, { clock: clock.read });
    const r = await CASES[0]!.setUp(t);
    const key = newKey();
    const actor = await t.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(t.tokens.admin)).executeTakeFirstOrThrow();
    // The row a request leaves when its server dies between claim and answer.
    const credential = `token:${actor.id}`;
    await t.db.insertInto('idempotency_keys').values({ credential, key, claim: 'dead', fingerprint: null, status_code: null, content_type: null, body: null, created_at: FIXED_NOW, expires_at: FIXED_NOW + CLAIM_LEASE_MS }).execute();
    const held = await send(t, r.request(0), t.tokens.admin, key);
    expect(held.statusCode, held.body).toBe(409);
    clock.advance(CLAIM_LEASE_MS);
    const taken = await send(t, r.request(0), t.tokens.admin, key);
    expect(taken.statusCode, taken.body).toBe(200);
    expect(await keyRows(t, key)).toEqual([expect.objectContaining({ credential, status_code: 200, created_at: FIXED_NOW + CLAIM_LEASE_MS })]);
  });

  it('an upload the client gives up on lets the key go at once', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[3]!.setUp(t);
    const key = newKey();
    const sent = r.request(0);
    const upload = new PassThrough();
    const cut = t.app.inject({ method: 'POST', url: sent.url, payload: upload, headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': sent.contentType, 'idempotency-key': key } });
    upload.write(sent.payload.subarray(0, 10));
    await waitFor(async () => (await keyRows(t, key)).length === 1);
    upload.destroy(new Error('the connection dropped'));
    await cut.catch(() => undefined);
    await waitFor(async () => (await keyRows(t, key)).length === 0);
    const whole = await send(t, sent, t.tokens.admin, key);
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keys past their time are swept when another key is claimed, whoever they belonged to', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[0]!.setUp(t);
    const row = { claim: 'c', fingerprint: 'f', status_code: 200, content_type: 'application/json', body: '[]' };
    await t.db
      .insertInto('idempotency_keys')
      .values([
        { credential: 'token:gone', key: 'old', ...row, created_at: FIXED_NOW - KEY_LIFE_MS, expires_at: FIXED_NOW },
        { credential: 'token:gone', key: 'young', ...row, created_at: FIXED_NOW - KEY_LIFE_MS + 1, expires_at: FIXED_NOW + 1 },
      ])
      .execute();
    expect((await send(t, r.request(0), t.tokens.admin, newKey())).statusCode).toBe(200);
    const left = await t.db.selectFrom('idempotency_keys').select('key').where('credential', '=', 'token:gone').execute();
    expect(left).toEqual([{ key: 'young' }]);
  });

  it('a 5xx answer is not kept: the same key and request run again, and the success is kept', async () => {
    const failing = failingCipher(testCipher);
    const t = await newTestApp(ctx, { cipher: failing.cipher });
    for (const route of [CASES[1]!, CASES[3]!]) {
      const r = await route.setUp(t);
      const key = newKey();
      failing.fail = true;
      const broken = await send(t, r.request(0), t.tokens.admin, key);
      expect(broken.statusCode, `${route.name}: ${broken.body}`).toBe(500);
      expect(await keyRows(t, key)).toEqual([]);
      failing.fail = false;
      const before = await r.count();
      const ok = await send(t, r.request(0), t.tokens.admin, key);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['idempotent-replayed']).toBeUndefined();
      expect(await r.count()).toBe(before + 1);
      expect(await keyRows(t, key)).toEqual([expect.objectContaining({ status_code: 200 })]);
    }
  });

  it('a request refused before the route ran (its body failed the schema) lets the key go; one the route refused is kept', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[2]!.setUp(t);
    const key = newKey();
    const invalid = await send(t, json('/api/v1/consignments', { fromPartner: 'X' }), t.tokens.admin, key);
    expect(invalid.statusCode).toBe(400);
    expect(await keyRows(t, key)).toEqual([]);
    const ok = await send(t, r.request(0), t.tokens.admin, key);
    expect(ok.statusCode, ok.body).toBe(201);

    // The route refuses an item already in an unopened bag: a refusal of what the request said, kept.
    const other = newKey();
    const refused = await send(t, r.request(0), t.tokens.admin, other);
    expect(refused.statusCode, refused.body).toBe(400);
    const again = await send(t, r.request(0), t.tokens.admin, other);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(refused.body);
  });

  it('a multipart upload is the same request whatever its boundary, and another with another query', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[3]!.setUp(t);
    const key = newKey();
    const first = r.request(0);
    const second = r.request(0);
    expect(second.contentType).not.toBe(first.contentType);
    expect((await send(t, first, t.tokens.admin, key)).statusCode).toBe(200);
    expect((await send(t, second, t.tokens.admin, key)).headers['idempotent-replayed']).toBe('true');
    const dryRun = await send(t, { ...second, url: `${second.url}?dryRun=true` }, t.tokens.admin, key);
    expect(dryRun.statusCode).toBe(422);
  });

  it('a malformed key is 400 naming the header, before anything runs; 255 printable characters are a key', async () => {
    const t = await newTestApp(ctx);
    const r = await CASES[0]!.setUp(t);
    const before = await r.count();
    for (const key of ['', 'x'.repeat(256), '订单-1', 'tab\there']) {
      const res = await send(t, r.request(0), t.tokens.admin, key);
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().error).toEqual({ code: 'invalid_request', message: expect.stringContaining('Idempotency-Key'), details: { field: 'Idempotency-Key' } });
    }
    expect(await r.count()).toBe(before);
    const longest = `${' ~'.repeat(127)}!`;
    expect((await send(t, r.request(0), t.tokens.admin, longest)).statusCode).toBe(200);
    expect(await keyRows(t, longest)).toHaveLength(1);
  });

  it('the API description gives the four routes the header and their 409 and 422 answers', async () => {
    const t = await newTestApp(ctx);
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; responses: Record<string, unknown> }>>;
    };
    const ops = Object.entries(spec.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
    const idempotent = ops.filter(({ op }) => op.parameters?.some((p) => p.in === 'header' && p.name === 'idempotency-key'));
    expect(idempotent.map((o) => o.name).sort()).toEqual(['POST /api/v1/consignments', 'POST /api/v1/items', 'POST /api/v1/programs/{code}/recipients/import', 'POST /api/v1/programs/{code}/requests']);
    for (const { op } of idempotent) {
      expect(op.parameters!.find((p) => p.name === 'idempotency-key')!.required ?? false).toBe(false);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['409', '422']));
    }
  });
});

/** Waits until `done` holds, checking again after a short pause: a condition, never a time limit on the code under test. */
async function waitFor(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition never held');
}

/** The data key's cipher, failing to seal while `fail` is set: a key store out of reach, as a server error. */
function failingCipher(inner: PersonalDataCipher): { cipher: PersonalDataCipher; fail: boolean } {
  const control = { fail: false, cipher: { ...inner } };
  control.cipher.seal = (plain: string) => {
    if (control.fail) throw new Error('the data key is out of reach');
    return inner.seal(plain);
  };
  return control;
}
