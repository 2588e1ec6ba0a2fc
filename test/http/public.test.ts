import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { signInvitationToken } from '../../src/modules/invitations/invitation-token.js';
import { FIXED_NOW, HOUR, type TestApp, createSite, ndjson, newTestApp, shanghai, storedItem } from '../factories.js';
import {
  DAY,
  addressIn,
  countyWithOffice,
  createTestProgram,
  freshCounty,
  listRecipient,
  newIdNumber,
  newPhone,
  postInvitations,
  publicSubmit,
  storedCharges,
  storedInvitation,
  storedRequest,
  testCipher,
  writeState,
} from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const publicGet = (t: TestApp, path: string) => t.request('GET', `/api/v1/public${path}`, { role: null });

/** A veterans program with a delivery office, a listed recipient without address, and one invitation bound to them. */
async function boundInvitation(t: TestApp) {
  const program = await createTestProgram(t.db, { documentType: '优待证' });
  const { county, office } = await countyWithOffice(t);
  const recipient = await listRecipient(t.db, program.code, { name: '王建国', category: 'disabled_veteran' });
  const { invitations } = await postInvitations(t, program.code, { recipients: [recipient.idNumber] });
  return { program, county, office, recipient, invitation: invitations[0]! };
}

describeEachDialect('citizen QR flow and public routes', (ctx) => {
  it('runs the whole flow: invitation → public page data → request → tracking number → item, charges, office → tracking', async () => {
    const t = await newTestApp(ctx);
    const { program, county, office, recipient, invitation } = await boundInvitation(t);
    const phone = newPhone();

    const page = await publicGet(t, `/invitations/${invitation.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toEqual({
      programCode: program.code,
      programName: program.name,
      documentType: '优待证',
      recipient: { name: '王*国', idNumber: `${recipient.idNumber.slice(0, 6)}********${recipient.idNumber.slice(14)}` },
      divisionCode: null,
      documentNo: null,
      expiresAt: '2026-12-21T12:00:00.000+08:00',
      expired: false,
      used: false,
      asks: { name: false, idNumber: false },
    });

    const address = addressIn(county);
    const submitted = await publicSubmit(t, invitation.token, { phone, address, program: program.code });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const answer = submitted.json();
    expect(answer).toEqual({ requestId: expect.any(String), programName: program.name, status: 'mailed', trackingNo: expect.stringMatching(/^EA\d{9}CN$/) });

    expect(await storedItem(t.db, answer.trackingNo)).toMatchObject({ program_code: program.code, dest_division_code: county.code, dest_address: address });
    expect(await storedRequest(t.db, answer.requestId)).toMatchObject({
      source: 'qr',
      invitation_id: invitation.id,
      recipient_id: recipient.id,
      name: recipient.name,
      category: 'disabled_veteran',
      delivery_office: office,
      phone_masked: `${phone.slice(0, 3)}****${phone.slice(7)}`,
      status: 'mailed',
    });
    // Disabled veteran on a veterans program: 1000 × 80 %, plus the donation.
    expect((await storedCharges(t.db, answer.trackingNo)).map((c) => [c.payer, c.postage_fen, c.donation_fen])).toEqual([[program.sponsor, 800, 10]]);
    expect(await storedInvitation(t.db, invitation.id)).toMatchObject({ used_at: FIXED_NOW, request_id: answer.requestId });
    expect((await publicGet(t, `/invitations/${invitation.token}`)).json()).toMatchObject({ used: true, expired: false });

    // The scans come later in the day: an app whose clock is then (scans from the future are refused).
    const later = await newTestApp(ctx, { now: FIXED_NOW + 5 * HOUR });
    const scans = await later.request('POST', '/api/v1/scans', {
      ndjson: ndjson([
        { trackingNo: answer.trackingNo, code: 'ACCEPTED', at: shanghai(FIXED_NOW + HOUR), site: office, operator: 'clerk-1' },
        { trackingNo: answer.trackingNo, code: 'OUT_FOR_DELIVERY', at: '2026-11-21T05:30:00Z', site: office, operator: 'courier-7' },
      ]),
    });
    expect(scans.json(), scans.body).toMatchObject({ accepted: 2 });
    const tracking = await publicGet(later, `/tracking/${answer.trackingNo}?phone4=${phone.slice(-4)}`);
    expect(tracking.statusCode).toBe(200);
    const officeName = (await t.db.selectFrom('units').select('name').where('code', '=', office).executeTakeFirstOrThrow()).name;
    expect(tracking.json()).toEqual({
      trackingNo: answer.trackingNo,
      programName: program.name,
      status: 'OUT_FOR_DELIVERY',
      recipient: { name: '王*国', phone: `${phone.slice(0, 3)}****${phone.slice(7)}` },
      destination: county.fullName,
      events: [
        { code: 'ACCEPTED', at: '2026-11-21T13:00:00.000+08:00', siteName: officeName, reason: null },
        { code: 'OUT_FOR_DELIVERY', at: '2026-11-21T13:30:00.000+08:00', siteName: officeName, reason: null },
      ],
    });
    expect(tracking.body).not.toContain('courier-7');
    expect(tracking.body).not.toContain(address);
  });

  describe('every misuse of a token is refused and changes nothing', () => {
    async function expectRefused(t: TestApp, token: string, body: object, status: number, code: string, invitationId: string) {
      const before = await writeState(t.db);
      const res = await publicSubmit(t, token, { phone: newPhone(), address: addressIn(freshCounty()), ...body });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(await writeState(t.db)).toEqual(before);
      return { res, invitation: await storedInvitation(t.db, invitationId) };
    }

    it('expired: 410, from an app whose clock is past the expiry; the page data says expired', async () => {
      const issuing = await newTestApp(ctx);
      const { invitation } = await boundInvitation(issuing);
      const later = await newTestApp(ctx, { now: FIXED_NOW + 30 * DAY });
      const { invitation: row } = await expectRefused(later, invitation.token, {}, 410, 'invitation_expired', invitation.id);
      expect(row.used_at).toBeNull();
      expect((await publicGet(later, `/invitations/${invitation.token}`)).json()).toMatchObject({ expired: true, used: false });
    });

    it('used twice: 409 the second time; the first request stands alone', async () => {
      const t = await newTestApp(ctx);
      const { county, invitation } = await boundInvitation(t);
      const first = await publicSubmit(t, invitation.token, { phone: newPhone(), address: addressIn(county) });
      expect(first.statusCode).toBe(201);
      const { invitation: row } = await expectRefused(t, invitation.token, {}, 409, 'invitation_used', invitation.id);
      expect(row.request_id).toBe(first.json().requestId);
    });

    it('forged signature, tampered payload, malformed: 400 invitation_invalid', async () => {
      const t = await newTestApp(ctx);
      const { invitation } = await boundInvitation(t);
      const [payload, signature] = invitation.token.split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const tampered = Buffer.from(JSON.stringify({ ...claims, e: claims.e + 365 * DAY })).toString('base64url');
      const forged = `${payload}.${Buffer.alloc(32, 7).toString('base64url')}`;
      for (const token of [forged, `${tampered}.${signature}`, `${payload}.${signature.slice(0, -2)}`, 'not-a-token', `${payload}.${signature}.x`]) {
        const { invitation: row } = await expectRefused(t, token, {}, 400, 'invitation_invalid', invitation.id);
        expect(row.used_at).toBeNull();
        expect((await publicGet(t, `/invitations/${token}`)).statusCode).toBe(400);
      }
    });

    it('another program: 409 invitation_other_program, on the page data too', async () => {
      const t = await newTestApp(ctx);
      const { invitation } = await boundInvitation(t);
      const other = await createTestProgram(t.db);
      const { invitation: row } = await expectRefused(t, invitation.token, { program: other.code }, 409, 'invitation_other_program', invitation.id);
      expect(row.used_at).toBeNull();
      const page = await publicGet(t, `/invitations/${invitation.token}?program=${other.code}`);
      expect(page.statusCode).toBe(409);
      expect(page.json().error.code).toBe('invitation_other_program');
    });

    it('a well-signed token naming no invitation: 404 invitation_not_found', async () => {
      const t = await newTestApp(ctx);
      const { program, invitation } = await boundInvitation(t);
      const unknown = signInvitationToken(testCipher, { invitationId: '0123456789ab-9', programCode: program.code, documentNo: null, expiresAt: FIXED_NOW + DAY });
      await expectRefused(t, unknown, {}, 404, 'invitation_not_found', invitation.id);
      expect((await publicGet(t, `/invitations/${unknown}`)).json().error.code).toBe('invitation_not_found');
    });

    it('bad input: 400 naming the field, and the link stays good', async () => {
      const t = await newTestApp(ctx);
      const { county, invitation } = await boundInvitation(t);
      const badPhone = await expectRefused(t, invitation.token, { phone: '12345' }, 400, 'invalid_request', invitation.id);
      expect(badPhone.res.json().error.details).toEqual([{ field: 'phone', message: expect.stringContaining('11 digits') }]);
      const vague = await expectRefused(t, invitation.token, { address: '和平路 1 号' }, 400, 'invalid_request', invitation.id);
      expect(vague.res.json().error.details).toEqual([{ field: 'address', message: expect.any(String) }]);
      expect(vague.invitation.used_at).toBeNull();
      expect((await publicSubmit(t, invitation.token, { phone: newPhone(), address: addressIn(county) })).statusCode).toBe(201);
    });
  });

  it('lets only one of two simultaneous submissions of a link through', async () => {
    const t = await newTestApp(ctx);
    const { county, invitation } = await boundInvitation(t);
    const before = await writeState(t.db);

    const answers = await Promise.all([0, 1].map(() => publicSubmit(t, invitation.token, { phone: newPhone(), address: addressIn(county) })));

    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.statusCode === 409)!.json().error.code).toBe('invitation_used');
    const after = await writeState(t.db);
    expect(after.requests).toBe(before.requests + 1);
    expect(after.items).toBe(before.items + 1);
  });

  it('asks for name (and ID when the program checks IDs) through a document link, placing the address from its text', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { documentType: '驾驶证', requirements: { recipientOnly: true, idCheck: true } });
    const { county, office } = await countyWithOffice(t);
    const { invitations } = await postInvitations(t, program.code, { documents: ['JSZ-88001234'] });
    const token = invitations[0]!.token;

    expect((await publicGet(t, `/invitations/${token}`)).json()).toMatchObject({ recipient: null, documentNo: '********1234', asks: { name: true, idNumber: true } });
    const noName = await publicSubmit(t, token, { phone: newPhone(), address: addressIn(county) });
    expect(noName.json().error.details).toEqual([{ field: 'name', message: expect.any(String) }]);
    const noId = await publicSubmit(t, token, { phone: newPhone(), address: addressIn(county), name: '刘五' });
    expect(noId.json().error.details).toEqual([{ field: 'idNumber', message: expect.any(String) }]);

    const idNumber = newIdNumber();
    const ok = await publicSubmit(t, token, { phone: newPhone(), address: addressIn(county), name: '刘五', idNumber, category: 'martyr_family' });
    expect(ok.statusCode).toBe(400); // a citizen cannot claim a category
    const done = await publicSubmit(t, token, { phone: newPhone(), address: addressIn(county), name: '刘五', idNumber });
    expect(done.statusCode, done.body).toBe(201);
    const row = await storedRequest(t.db, done.json().requestId);
    expect(row).toMatchObject({ recipient_id: null, document_no: 'JSZ-88001234', name: '刘五', category: 'ordinary', division_code: county.code, delivery_office: office });
    expect(testCipher.open(row.id_sealed!)).toBe(idNumber);
  });

  it('answers a link to a county without a delivery office with a waiting request, and uses the link', async () => {
    const t = await newTestApp(ctx);
    const { invitation } = await boundInvitation(t);
    const remote = freshCounty();
    const before = await writeState(t.db);
    const res = await publicSubmit(t, invitation.token, { phone: newPhone(), address: addressIn(remote), divisionCode: remote.code });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'waiting', statusReason: expect.stringContaining(remote.code) });
    expect(res.json()).not.toHaveProperty('trackingNo');
    expect(await writeState(t.db)).toEqual({ ...before, requests: before.requests + 1 });
    expect((await storedInvitation(t.db, invitation.id)).used_at).toBe(FIXED_NOW);
  });

  it('tracks for the right phone digits only; wrong digits answer exactly like an unknown number', async () => {
    const t = await newTestApp(ctx);
    const { county, invitation } = await boundInvitation(t);
    const phone = '13912345678';
    const { trackingNo } = (await publicSubmit(t, invitation.token, { phone, address: addressIn(county) })).json();
    const registered = (await t.request('POST', '/api/v1/items', { body: [{}] })).json()[0].trackingNo;

    // Mailed, not yet scanned: the item is there, with no events.
    const mailed = await publicGet(t, `/tracking/${trackingNo}?phone4=5678`);
    expect(mailed.statusCode).toBe(200);
    expect(mailed.json()).toMatchObject({ trackingNo, events: [] });
    const wrong = await publicGet(t, `/tracking/${trackingNo}?phone4=5679`);
    const unknown = await publicGet(t, '/tracking/EA999999995CN?phone4=5678');
    const notRequested = await publicGet(t, `/tracking/${registered}?phone4=5678`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toEqual(unknown.json());
    expect(notRequested.json()).toEqual(unknown.json());
    expect((await publicGet(t, `/tracking/${trackingNo}`)).statusCode).toBe(400);
    expect((await publicGet(t, `/tracking/EA123CN?phone4=5678`)).statusCode).toBe(400);
  });

  it('rate-limits the public routes per client with 429, and leaves the authenticated API alone', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_PUBLIC_RATE_LIMIT: '3' } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await publicGet(t, '/tracking/EA999999995CN?phone4=1234')).statusCode);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await publicGet(t, '/invitations/anything');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
    for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/v1/units', { role: 'viewer' })).statusCode).toBe(200);
  });

  it('needs no token, and a bearer token changes nothing', async () => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    expect(site).toBeTruthy();
    const bare = await publicGet(t, '/invitations/not-a-token');
    const withToken = await t.request('GET', '/api/v1/public/invitations/not-a-token', { role: 'viewer' });
    expect([bare.statusCode, withToken.statusCode]).toEqual([400, 400]);
    expect(bare.json().error.code).toBe('invitation_invalid');
  });
});

describe('SONGDA_PUBLIC_URL and SONGDA_PUBLIC_RATE_LIMIT', () => {
  const base = { SONGDA_DB: 'sqlite:/tmp/x.db', SONGDA_DATA_KEY: '5e'.repeat(32) };
  it('default to the local port and 30 a minute', () => {
    expect(loadConfig({ ...base, SONGDA_PORT: '9000' })).toMatchObject({ publicUrl: 'http://localhost:9000', publicRateLimitPerMinute: 30 });
  });
  it('take an http(s) base without a trailing slash', () => {
    expect(loadConfig({ ...base, SONGDA_PUBLIC_URL: 'https://songda.example.cn/wx/' }).publicUrl).toBe('https://songda.example.cn/wx');
  });
  it('refuse what is not an http(s) URL, naming the setting', () => {
    for (const bad of ['songda.example.cn', 'ftp://songda.example.cn', 'https://songda.example.cn/?a=1']) {
      expect(() => loadConfig({ ...base, SONGDA_PUBLIC_URL: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ...base, SONGDA_PUBLIC_URL: bad })).toThrow(/SONGDA_PUBLIC_URL/);
    }
    expect(() => loadConfig({ ...base, SONGDA_PUBLIC_RATE_LIMIT: '0' })).toThrow(/SONGDA_PUBLIC_RATE_LIMIT/);
  });
});

describeEachDialect('public routes in the API documentation', (ctx) => {
  it('are listed without the bearer requirement', async () => {
    const t = await newTestApp(ctx);
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/public/tracking/{trackingNo}', '/api/v1/programs/{code}/requests', '/api/v1/programs/{code}/report']));
    const invitationPage = paths.find((p) => p.startsWith('/api/v1/public/invitations/'))!;
    expect(doc.paths[invitationPage].get.security).toEqual([]);
    expect(doc.paths['/api/v1/programs/{code}/requests'].post.security).toBeUndefined();
  });
});
