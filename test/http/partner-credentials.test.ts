// Making partner credentials (API, command line, console users) and what each role of a program lets
// its partner see and do. The route-by-route walk is in partner-scope.test.ts.
import { expect, it } from 'vitest';
import { type TokenCommandArgs, runToken } from '../../src/cli/token-command.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { loadConfig } from '../../src/config.js';
import { createUser } from '../../src/modules/users/user.service.js';
import { asUser, signedIn } from '../factories-console.js';
import { asPartner, createLabelledPartner, newPartnerToken } from '../factories-partners.js';
import { FIXED_NOW, TEST_DATA_KEY, newTestApp, nextSequence } from '../factories.js';
import { addressIn, countyWithOffice, createTestProgram } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('partner credentials', (ctx) => {
  it('POST /tokens makes a partner token bound to an existing partner, refuses a missing, unknown or misplaced partner, and audits it for the partner', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'TOKA');
    const made = await t.request('POST', '/api/v1/tokens', { body: { role: 'partner', partner: code, name: '税务局系统' } });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ role: 'partner', partner: code, token: expect.stringMatching(/^sd_/) });
    const { id, token } = made.json() as { id: string; token: string };

    const unknown = await t.request('POST', '/api/v1/tokens', { body: { role: 'partner', partner: 'NOSUCHQ' } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toEqual({ error: { code: 'unknown_reference', message: 'partner: unknown partner NOSUCHQ', details: { field: 'partner' } } });
    for (const body of [{ role: 'partner' }, { role: 'viewer', partner: code }]) {
      const refused = await t.request('POST', '/api/v1/tokens', { body });
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json()).toMatchObject({ error: { code: 'invalid_request', details: { field: 'partner' } } });
    }
    expect(await t.db.selectFrom('api_tokens').select('partner').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ partner: code });

    // The partner reads the row of its token's making; another partner does not.
    const own = await asPartner(t, token, 'GET', '/api/v1/audit?action=token.create');
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as { rows: unknown[] }).rows).toEqual([expect.objectContaining({ subject: id, partner: code, actor: expect.stringMatching(/^token:/) })]);
    const other = await newPartnerToken(t, (await createLabelledPartner(t.db, 'TOKB')).code);
    expect((await asPartner(t, other.token, 'GET', '/api/v1/audit')).body).not.toContain(id);
  });

  it('songda token create --partner makes a partner token; --role partner alone or another role with --partner is refused', async () => {
    const t = await newTestApp(ctx);
    const { code } = await createLabelledPartner(t.db, 'CLIP');
    const config = loadConfig({ SONGDA_DB: ctx.target.url, SONGDA_DATA_KEY: TEST_DATA_KEY, SONGDA_LOG_LEVEL: 'silent' });
    const run = async (args: TokenCommandArgs) => {
      const lines: string[] = [];
      try {
        return { code: await runToken(config, ['create'], args, (line) => lines.push(line)), lines };
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        return { code: 2, lines, error: err.message };
      }
    };
    const made = await run({ partner: code, name: 'bank gateway' });
    expect(made.code, made.error).toBe(0);
    expect(made.lines[0]).toMatch(new RegExp(`^created partner token [0-9a-f]{16} for partner ${code} \\(shown once`));
    expect((await asPartner(t, made.lines[1]!, 'GET', '/api/v1/partners')).json()).toEqual([expect.objectContaining({ code })]);

    expect(await run({ role: 'partner' })).toMatchObject({ code: 2, error: '--role partner needs --partner CODE' });
    expect(await run({ role: 'viewer', partner: code })).toMatchObject({ code: 2, error: expect.stringContaining('leave out --role viewer') });
    expect(await run({ partner: 'NOSUCHQ' })).toMatchObject({ code: 2, error: 'partner: unknown partner NOSUCHQ' });
  });

  it('a console user bound to a partner signs in and sees only that partner’s programs', async () => {
    const t = await newTestApp(ctx);
    const mine = await createTestProgram(t.db);
    const theirs = await createTestProgram(t.db);
    const password = `correct horse ${nextSequence()}`;
    const username = `agency${nextSequence()}`;
    await createUser(t.db, { username, password, role: 'partner', partner: mine.sponsor }, FIXED_NOW);
    await expect(createUser(t.db, { username: `x${nextSequence()}`, password, role: 'partner', partner: 'NOSUCHQ' }, FIXED_NOW)).rejects.toMatchObject({ code: 'unknown_reference' });

    const cookie = await signedIn(t, { username, password, role: 'partner' });
    expect((await asUser(t, cookie, 'GET', '/api/v1/session')).json()).toEqual({ user: { username, role: 'partner', displayName: username, partner: mine.sponsor } });
    const programs = await asUser(t, cookie, 'GET', '/api/v1/programs');
    expect((programs.json() as { code: string }[]).map((p) => p.code)).toEqual([mine.code]);
    expect((await asUser(t, cookie, 'GET', `/api/v1/programs/${theirs.code}`)).statusCode).toBe(404);
    expect((await asUser(t, cookie, 'GET', '/api/v1/reports/overview')).statusCode).toBe(403);
  });

  it('an activation bank (not paying) sees the program and its requests, but only the sponsor may request for it', async () => {
    const t = await newTestApp(ctx);
    const { county } = await countyWithOffice(t);
    const bank = (await createLabelledPartner(t.db, 'BANK', 'bank')).code;
    const program = await createTestProgram(t.db, { payerMode: 'government', requirements: { recipientOnly: true, idCheck: false, activationBank: bank } });
    const bankToken = (await newPartnerToken(t, bank)).token;
    const sponsorToken = (await newPartnerToken(t, program.sponsor)).token;
    const request = [{ name: '张三', phone: '13912345678', address: addressIn(county) }];

    const bySponsor = await asPartner(t, sponsorToken, 'POST', `/api/v1/programs/${program.code}/requests`, request);
    expect(bySponsor.statusCode, bySponsor.body).toBe(200);
    const requestId = (bySponsor.json() as { requestId?: string }[])[0]!.requestId;
    expect(requestId, bySponsor.body).toEqual(expect.any(String));
    expect((await asPartner(t, bankToken, 'GET', `/api/v1/programs/${program.code}`)).statusCode).toBe(200);
    expect((await asPartner(t, bankToken, 'GET', `/api/v1/requests/${requestId}`)).statusCode).toBe(200);

    const byBank = await asPartner(t, bankToken, 'POST', `/api/v1/programs/${program.code}/requests`, request);
    expect(byBank.statusCode).toBe(404);
    expect(byBank.json()).toEqual({ error: { code: 'not_found', message: `program ${program.code} not found` } });
    const invitations = await asPartner(t, bankToken, 'POST', `/api/v1/programs/${program.code}/invitations`, { count: 1 });
    expect(invitations.statusCode).toBe(404);
  });

  it('an item’s page shows its partner only the consignments that partner sent', async () => {
    const t = await newTestApp(ctx);
    const { county, office } = await countyWithOffice(t);
    const program = await createTestProgram(t.db);
    const factory = (await createLabelledPartner(t.db, 'FACT', 'card_factory')).code;
    const mailed = await t.request('POST', `/api/v1/programs/${program.code}/requests`, { body: [{ name: '张三', phone: '13912345678', address: addressIn(county) }] });
    const trackingNo = (mailed.json() as { trackingNo?: string }[])[0]!.trackingNo;
    expect(trackingNo, mailed.body).toEqual(expect.any(String));
    const packed = await t.request('POST', '/api/v1/consignments', { body: { fromPartner: factory, toUnit: office, items: [trackingNo] } });
    expect(packed.statusCode, packed.body).toBe(201);
    const consignmentNo = (packed.json() as { trackingNo: string }).trackingNo;

    const sponsorToken = (await newPartnerToken(t, program.sponsor)).token;
    const asSponsor = await asPartner(t, sponsorToken, 'GET', `/api/v1/items/${trackingNo}`);
    expect(asSponsor.statusCode, asSponsor.body).toBe(200);
    expect(asSponsor.json()).toMatchObject({ trackingNo, consignments: [] });
    expect(asSponsor.body).not.toContain(consignmentNo);
    expect((await t.request('GET', `/api/v1/items/${trackingNo}`)).json()).toMatchObject({ consignments: [{ trackingNo: consignmentNo, fromPartner: factory }] });
  });
});
