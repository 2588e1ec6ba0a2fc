import { expect, it } from 'vitest';
import { FIXED_NOW, HOUR, type TestApp, newTestApp, shanghai } from '../factories.js';
import { type DoorItem, delivered, postDeliveries } from '../factories-deliveries.js';
import { asPartner, createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { addressIn, countyWithOffice, createTestProgram, newIdNumber, newPhone, postRequests } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const DAY = shanghai(FIXED_NOW).slice(0, 10);

/** A bank activation program and `n` of its items out for delivery at one office. */
async function bankProgram(t: TestApp, bank: string, n: number): Promise<DoorItem[]> {
  const program = await createTestProgram(t.db, { payerMode: 'bank', requirements: { recipientOnly: false, idCheck: false, activationBank: bank } });
  const { county, office } = await countyWithOffice(t);
  const mailed = await postRequests(
    t,
    program.code,
    Array.from({ length: n }, () => ({ name: '张三丰', phone: newPhone(), address: addressIn(county), idNumber: newIdNumber() })),
  );
  const items = mailed.map((m) => ({ trackingNo: m.trackingNo!, office, program: program.code, idNumber: '' }));
  const scans = items.flatMap(({ trackingNo }) => [
    { trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 5 * HOUR), site: office },
    { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(FIXED_NOW - 3 * HOUR), site: office },
  ]);
  expect((await t.request('POST', '/api/v1/scans', { role: 'operator', body: scans })).json()).toMatchObject({ rejected: [] });
  return items;
}

const activation = (result: string, bankStaff = '银行柜员 王五') => ({ activation: { result, bankStaff } });
type Page = { rows: { trackingNo: string; status: string; bank: string; deliveredAt: string | null; latest: { source: string; result: string } | null }[]; nextCursor: string | null };

async function listOf(t: TestApp, token: string | null, query: string): Promise<string[]> {
  const res = token === null ? await t.request('GET', `/api/v1/activations?${query}`, { role: 'viewer' }) : await asPartner(t, token, 'GET', `/api/v1/activations?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as Page).rows.map((r) => `${r.trackingNo}:${r.status}`);
}

describeEachDialect('bank activations and the program’s last mile', (ctx) => {
  it('lists a bank its own programs’ tasks by status, records a deferred one later keeping the door’s result, and refuses another bank’s item', async () => {
    const t = await newTestApp(ctx);
    const bankA = (await createLabelledPartner(t.db, 'BANKA', 'bank')).code;
    const bankB = (await createLabelledPartner(t.db, 'BANKB', 'bank')).code;
    const [deferred, activated, notYet, failedFirst, plain] = await bankProgram(t, bankA, 5);
    const [otherBank] = await bankProgram(t, bankB, 1);
    const at = shanghai(FIXED_NOW - HOUR);
    // failedFirst: a failed attempt, then delivered the same day.
    expect(await postDeliveries(t, [delivered(failedFirst!, { outcome: 'failed', receivedBy: undefined, reason: 'RECIPIENT_ABSENT', at: shanghai(FIXED_NOW - 2 * HOUR) })])).toMatchObject({ accepted: 1 });
    await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: failedFirst!.trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(FIXED_NOW - 90 * 60_000), site: failedFirst!.office }] });
    expect(
      await postDeliveries(t, [
        delivered(deferred!, activation('deferred')),
        delivered(activated!, activation('activated')),
        delivered(failedFirst!, activation('activated')),
        delivered(otherBank!, activation('declined')),
      ]),
    ).toMatchObject({ accepted: 4, rejected: [] });
    // A plain scan: delivered, no result (and a MISSING_PROOF for the office).
    await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: plain!.trackingNo, code: 'DELIVERED', at, site: plain!.office }] });

    const tokenA = (await newPartnerToken(t, bankA)).token;
    const tokenB = (await newPartnerToken(t, bankB)).token;
    const sorted = (items: [DoorItem | undefined, string][]) => items.map(([i, s]) => `${i!.trackingNo}:${s}`).sort();
    expect(await listOf(t, tokenA, '')).toEqual(sorted([[deferred, 'deferred'], [activated, 'activated'], [notYet, 'pending'], [failedFirst, 'activated'], [plain, 'pending']]));
    expect(await listOf(t, tokenA, 'status=pending')).toEqual(sorted([[notYet, 'pending'], [plain, 'pending']]));
    expect(await listOf(t, tokenA, 'status=deferred')).toEqual(sorted([[deferred, 'deferred']]));
    expect(await listOf(t, tokenB, '')).toEqual(sorted([[otherBank, 'declined']]));
    // The programs' sponsor is no bank: it has no tasks.
    const sponsor = (await t.db.selectFrom('programs').select('sponsor').where('code', '=', deferred!.program).executeTakeFirstOrThrow()).sponsor;
    expect(await listOf(t, (await newPartnerToken(t, sponsor)).token, '')).toEqual([]);
    // Staff read any bank's; a bank's credential cannot ask for another's.
    expect(await listOf(t, null, `bank=${bankB}`)).toEqual(sorted([[otherBank, 'declined']]));
    expect(await listOf(t, tokenA, `bank=${bankB}`)).toEqual((await listOf(t, tokenA, '')));
    // Paged by tracking number, without repeating or skipping.
    const first = (await asPartner(t, tokenA, 'GET', '/api/v1/activations?limit=2')).json() as Page;
    const second = (await asPartner(t, tokenA, 'GET', `/api/v1/activations?limit=2&cursor=${first.nextCursor}`)).json() as Page;
    const third = (await asPartner(t, tokenA, 'GET', `/api/v1/activations?limit=2&cursor=${second.nextCursor}`)).json() as Page;
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => `${r.trackingNo}:${r.status}`)).toEqual(await listOf(t, tokenA, ''));
    expect(third.nextCursor).toBeNull();

    const later = { result: 'activated', at: shanghai(FIXED_NOW - 10 * 60_000), staff: '银行柜员 赵六' };
    const recorded = await asPartner(t, tokenA, 'POST', `/api/v1/activations/${deferred!.trackingNo}`, later);
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toEqual({
      trackingNo: deferred!.trackingNo,
      status: 'activated',
      history: [
        { source: 'door', result: 'deferred', at, staff: '银行柜员 王五' },
        { source: 'bank', result: 'activated', at: later.at, staff: '银行柜员 赵六' },
      ],
    });
    // Sent again: stored once.
    expect((await asPartner(t, tokenA, 'POST', `/api/v1/activations/${deferred!.trackingNo}`, later)).json()).toMatchObject({ history: [{}, {}] });
    expect(await listOf(t, tokenA, 'status=deferred')).toEqual([]);
    const audit = await t.db.selectFrom('audit_log').select('subject').where('action', '=', 'activation.record').execute();
    expect(audit.map((a) => a.subject)).toContain(deferred!.trackingNo);

    const ask = (token: string, item: DoorItem, body: Record<string, unknown>) => asPartner(t, token, 'POST', `/api/v1/activations/${item.trackingNo}`, body);
    expect((await ask(tokenA, otherBank!, later)).statusCode).toBe(404);
    expect((await ask(tokenB, deferred!, later)).statusCode).toBe(404);
    expect((await ask(tokenA, notYet!, later)).statusCode).toBe(409);
    const early = await ask(tokenA, activated!, { ...later, at: shanghai(FIXED_NOW - 2 * HOUR) });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await ask(tokenA, activated!, { result: 'maybe', at: later.at, staff: 'x' })).statusCode).toBe(400);
    // Staff may record on a bank's behalf; a viewer may not.
    expect((await t.request('POST', `/api/v1/activations/${plain!.trackingNo}`, { role: 'operator', body: { ...later, result: 'declined' } })).statusCode).toBe(200);
    expect((await t.request('POST', `/api/v1/activations/${plain!.trackingNo}`, { role: 'viewer', body: later })).statusCode).toBe(403);

    // The program's last mile, after all that: 4 of 5 mailed items had an attempt, 3 of them delivered the first time;
    // of the 4 delivered, 3 activated (one after the door), 1 declined.
    const lastMile = await t.request('GET', `/api/v1/programs/${deferred!.program}/report/last-mile?from=${DAY}&to=${DAY}`, { role: 'viewer' });
    expect(lastMile.statusCode, lastMile.body).toBe(200);
    expect(lastMile.json()).toEqual({
      programCode: deferred!.program,
      from: DAY,
      to: DAY,
      timeZone: 'Asia/Shanghai',
      mailed: 5,
      attempted: 4,
      firstAttemptDelivered: 3,
      firstAttemptRate: 3 / 4,
      delivered: 4,
      activationBank: bankA,
      activation: { activated: 3, declined: 1, deferred: 0, pending: 0 },
      activationRate: 3 / 4,
    });
  });

  it('gives a program without an activation bank no activation figures, and counts a failed attempt with no delivery as attempted', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { requirements: { recipientOnly: false, idCheck: false } });
    const { county, office } = await countyWithOffice(t);
    const [a, b] = await postRequests(t, program.code, [
      { name: '张三丰', phone: newPhone(), address: addressIn(county) },
      { name: '李四', phone: newPhone(), address: addressIn(county) },
    ]);
    const scans = [a!, b!].flatMap(({ trackingNo }) => [
      { trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW - 5 * HOUR), site: office },
      { trackingNo, code: 'OUT_FOR_DELIVERY', at: shanghai(FIXED_NOW - 3 * HOUR), site: office },
    ]);
    scans.push({ trackingNo: a!.trackingNo!, code: 'DELIVERY_FAILED', at: shanghai(FIXED_NOW - 2 * HOUR), site: office, reason: 'REFUSED' } as (typeof scans)[number]);
    scans.push({ trackingNo: b!.trackingNo!, code: 'DELIVERED', at: shanghai(FIXED_NOW - 2 * HOUR), site: office });
    expect((await t.request('POST', '/api/v1/scans', { role: 'operator', body: scans })).json()).toMatchObject({ rejected: [] });
    const res = await t.request('GET', `/api/v1/programs/${program.code}/report/last-mile?from=${DAY}&to=${DAY}`, { role: 'viewer' });
    expect(res.json()).toMatchObject({ mailed: 2, attempted: 2, firstAttemptDelivered: 1, firstAttemptRate: 0.5, delivered: 1, activationBank: null, activation: null, activationRate: null });
    // No MISSING_PROOF: the program asks no proof.
    expect(await t.db.selectFrom('breakpoints').select('type').where('type', '=', 'MISSING_PROOF').where('tracking_no', '=', b!.trackingNo!).execute()).toEqual([]);
  });
});
