import { randomBytes } from 'node:crypto';
import { expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../src/app.js';
import { type DataKeyRing, type PersonalDataCipher, createPersonalDataCipher, dataKeyId, tokenKeyOf } from '../src/domain/personal-data.js';
import { readInvitationToken } from '../src/modules/invitations/invitation-token.js';
import { importRecipients } from '../src/modules/recipients/import-recipients.js';
import { fillRecipientPhoneHashes } from '../src/modules/recipients/fill-phone-hashes.js';
import { recipientIdHash, recipientPhoneHash } from '../src/modules/recipients/recipient.service.js';
import { insertWebhookEndpoint } from '../src/modules/webhooks/webhook-endpoint.repository.js';
import { resealPersonalData } from '../src/reseal-personal-data.js';
import { FIXED_NOW, TEST_DATA_KEY, newTestApp, newToken, testConfig } from './factories.js';
import { listCsv, listRow } from './factories-programs.js';
import { addressIn, countyWithOffice, createTestProgram, newIdNumber, newPhone, postInvitations, postRequests, testCipher } from './factories-requests.js';
import { type TestDbContext, describeEachDialect } from './test-db.js';

const OLD_KEY = Buffer.from(TEST_DATA_KEY, 'hex');

/** Recipients, requests and an invitation, all sealed and hashed under the old key by the app as it runs today. */
async function sealedUnderOldKey(ctx: TestDbContext) {
  const t = await newTestApp(ctx);
  const program = await createTestProgram(t.db);
  const listed = [listRow(), listRow(), listRow()];
  await importRecipients({ store: ctx.handle, cipher: testCipher }, program.code, { bytes: Buffer.from(listCsv(listed)) }, 'all', { dryRun: false, now: FIXED_NOW });
  const { county } = await countyWithOffice(t);
  const unlisted = { name: '李四', idNumber: newIdNumber(), phone: newPhone(), address: addressIn(county) };
  const requests = await postRequests(t, program.code, [{ idNumber: listed[0]!.idNumber }, unlisted]);
  const { invitations } = await postInvitations(t, program.code, { recipients: [listed[1]!.idNumber], expiresInDays: 30 });
  return { t, program, listed, unlisted, requests, invitation: invitations[0]! };
}

async function sealedValues(ctx: TestDbContext) {
  const recipients = await ctx.handle.db.selectFrom('recipients').select(['id_sealed', 'phone_sealed']).execute();
  const requests = await ctx.handle.db.selectFrom('requests').select(['id_sealed', 'phone_sealed']).execute();
  return [...recipients, ...requests].flatMap((r) => [r.id_sealed, r.phone_sealed]).filter((v): v is string => v !== null);
}

/** The app as `songda serve` builds it, with the given cipher in place of the one from the key file. */
async function appWith(ctx: TestDbContext, cipher: PersonalDataCipher) {
  const app = await buildApp({ config: testConfig(ctx), store: ctx.handle, clock: () => FIXED_NOW, logger: false, cipher });
  onTestFinished(() => app.close());
  const admin = await newToken(ctx.handle.db, 'admin');
  return (method: 'GET' | 'POST', url: string, body?: object) => app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(body ? { payload: body } : {}) });
}

describeEachDialect('key rotation re-seals everything', (ctx) => {
  it('leaves no value under the old key; values open to the same text; ID lookups and invitations still work', async () => {
    const { program, listed, unlisted, requests, invitation } = await sealedUnderOldKey(ctx);
    const newKey = randomBytes(32);
    const rotating = createPersonalDataCipher({ current: newKey, previous: OLD_KEY });

    const done = await resealPersonalData(ctx.handle, rotating, { batchRows: 2 });

    expect(done).toEqual({ recipients: 3, requests: 2, webhookSecrets: 0 });
    const values = await sealedValues(ctx);
    expect(values).toHaveLength(3 * 2 + 2 * 2);
    for (const v of values) expect(v.startsWith(`v2.${dataKeyId(newKey)}.`)).toBe(true);
    // After the old key is retired: the new key alone opens and finds everything.
    const retired: DataKeyRing = { current: newKey, retiredTokenKeys: [{ keyId: dataKeyId(OLD_KEY), tokenKey: tokenKeyOf(OLD_KEY), until: FIXED_NOW + 31 * 86_400_000 }] };
    const after = createPersonalDataCipher(retired);
    for (const r of listed) {
      const row = await ctx.handle.db.selectFrom('recipients').selectAll().where('name', '=', r.name).executeTakeFirstOrThrow();
      expect([after.open(row.id_sealed), after.open(row.phone_sealed)]).toEqual([r.idNumber, r.phone]);
      expect(row.id_hash).toBe(recipientIdHash(after, r.idNumber));
      expect(row.phone_hash).toBe(recipientPhoneHash(after, r.phone));
    }
    const byDetails = await ctx.handle.db.selectFrom('requests').selectAll().where('id', '=', requests[1]!.requestId!).executeTakeFirstOrThrow();
    expect([after.open(byDetails.id_sealed!), after.open(byDetails.phone_sealed)]).toEqual([unlisted.idNumber, unlisted.phone]);
    expect([byDetails.id_hash, byDetails.phone_hash]).toEqual([recipientIdHash(after, unlisted.idNumber), after.lookupHash('phone', unlisted.phone)]);
    const bound = await ctx.handle.db.selectFrom('invitations').select('recipient_id_hash').where('id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(bound.recipient_id_hash).toBe(recipientIdHash(after, listed[1]!.idNumber));

    // The link printed before the rotation still verifies, and the app finds its recipient.
    expect(readInvitationToken(after, invitation.token)?.invitationId).toBe(invitation.id);
    const request = await appWith(ctx, after);
    const shown = await request('GET', `/api/v1/public/invitations/${invitation.token}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json().recipient).toMatchObject({ name: expect.stringMatching(/^收\*+\d$/) });
    // Lookups by ID number: a listed recipient is found, and a person already requested is refused.
    const lookup = await request('POST', `/api/v1/programs/${program.code}/invitations`, { recipients: [listed[2]!.idNumber] });
    expect(lookup.statusCode, lookup.body).toBe(201);
    const again = await request('POST', `/api/v1/programs/${program.code}/requests`, [unlisted]);
    expect(again.json()[0]).toMatchObject({ field: 'idNumber', error: expect.stringContaining('已申请并已寄出') });
  });
});

describeEachDialect('key rotation while serving', (ctx) => {
  it('serves data sealed under either key mid-rotation, and resumes an interrupted rotation', async () => {
    const { program, listed, unlisted, requests, invitation } = await sealedUnderOldKey(ctx);
    const newKey = randomBytes(32);
    const ring = createPersonalDataCipher({ current: newKey, previous: OLD_KEY });
    const interrupted = resealPersonalData(ctx.handle, ring, {
      batchRows: 1,
      onBatch: () => {
        throw new Error('interrupted');
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    const values = await sealedValues(ctx);
    const underNew = values.filter((v) => v.startsWith(`v2.${dataKeyId(newKey)}.`));
    expect(underNew.length).toBeGreaterThan(0);
    expect(underNew.length).toBeLessThan(values.length);

    // A server on the key ring: reveals, finds and verifies whatever key the row is under.
    const request = await appWith(ctx, ring);
    for (const r of listed) {
      const row = await ctx.handle.db.selectFrom('recipients').select('id').where('name', '=', r.name).executeTakeFirstOrThrow();
      const shown = await request('GET', `/api/v1/recipients/${row.id}?reveal=true`);
      expect(shown.statusCode, shown.body).toBe(200);
      expect(shown.json()).toMatchObject({ idNumber: r.idNumber, phone: r.phone });
    }
    const found = await request('POST', `/api/v1/programs/${program.code}/invitations`, { recipients: listed.map((r) => r.idNumber) });
    expect(found.statusCode, found.body).toBe(201);
    expect((await request('GET', `/api/v1/public/invitations/${invitation.token}`)).statusCode).toBe(200);
    const again = await request('POST', `/api/v1/programs/${program.code}/requests`, [unlisted, { idNumber: listed[0]!.idNumber }]);
    // The one mailed is refused; the one waiting for an address is completed, not made twice.
    expect(again.json()).toMatchObject([{ field: 'idNumber' }, { requestId: requests[0]!.requestId }]);
    // A list import meanwhile updates the listed recipients, whatever key their hash is under.
    const csv = listCsv(listed.map((r) => listRow({ name: r.name, idNumber: r.idNumber, phone: newPhone() })));
    const imported = await importRecipients({ store: ctx.handle, cipher: ring }, program.code, { bytes: Buffer.from(csv) }, 'all', { dryRun: false, now: FIXED_NOW });
    expect(imported).toMatchObject({ imported: 0, updated: 3 });

    // Run again, the rotation finishes what is left.
    await resealPersonalData(ctx.handle, ring, { batchRows: 1 });
    for (const v of await sealedValues(ctx)) expect(v.startsWith(`v2.${dataKeyId(newKey)}.`)).toBe(true);
    const after = createPersonalDataCipher(newKey);
    const rows = await ctx.handle.db.selectFrom('recipients').select(['id_hash', 'id_sealed']).where('program_code', '=', program.code).execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.id_hash).toBe(recipientIdHash(after, after.open(row.id_sealed)));
  });
});

describeEachDialect('key rotation re-seals webhook secrets', (ctx) => {
  it('re-seals webhook endpoints’ signing secrets, the previous one of a rotation too, so they still sign once the old key is retired', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const endpoint = (id: string, previous: string | null) => ({
      id,
      partner: program.sponsor,
      url: 'https://example.cn/hooks',
      description: null,
      events: '["item.status_changed"]',
      enabled: 1,
      disabled_reason: null,
      secret_sealed: testCipher.seal(`whsec_current_${id}`),
      previous_secret_sealed: previous === null ? null : testCipher.seal(previous),
      previous_secret_expires_at: previous === null ? null : FIXED_NOW + 86_400_000,
      failing_since: null,
      created_at: FIXED_NOW,
      updated_at: FIXED_NOW,
    });
    await insertWebhookEndpoint(t.db, endpoint('ep_rotated', 'whsec_before_rotation'));
    await insertWebhookEndpoint(t.db, endpoint('ep_plain', null));
    const newKey = randomBytes(32);

    const done = await resealPersonalData(ctx.handle, createPersonalDataCipher({ current: newKey, previous: OLD_KEY }), { batchRows: 1 });

    expect(done.webhookSecrets).toBe(2);
    const after = createPersonalDataCipher({ current: newKey });
    const rows = await t.db.selectFrom('webhook_endpoints').select(['id', 'secret_sealed', 'previous_secret_sealed']).where('id', 'in', ['ep_rotated', 'ep_plain']).orderBy('id').execute();
    for (const r of rows) expect([r.secret_sealed, r.previous_secret_sealed ?? `v2.${dataKeyId(newKey)}.`].every((v) => v.startsWith(`v2.${dataKeyId(newKey)}.`))).toBe(true);
    expect(rows.map((r) => [r.id, after.open(r.secret_sealed), r.previous_secret_sealed === null ? null : after.open(r.previous_secret_sealed)])).toEqual([
      ['ep_plain', 'whsec_current_ep_plain', null],
      ['ep_rotated', 'whsec_current_ep_rotated', 'whsec_before_rotation'],
    ]);
  });
});

describeEachDialect('recipients listed before phone hashes were kept', (ctx) => {
  it('get their phone hash from the server, once, and a rotation re-hashes it with the rest', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const phones = [newPhone(), newPhone(), newPhone()];
    await importRecipients({ store: ctx.handle, cipher: testCipher }, program.code, { bytes: Buffer.from(listCsv(phones.map((phone) => listRow({ phone })))) }, 'all', { dryRun: false, now: FIXED_NOW });
    // As migration 0015 leaves the rows listed before it.
    await ctx.handle.db.updateTable('recipients').set({ phone_hash: null }).execute();

    expect(await fillRecipientPhoneHashes(ctx.handle, testCipher)).toBe(3);
    expect(await fillRecipientPhoneHashes(ctx.handle, testCipher)).toBe(0);
    const hashes = async () => (await ctx.handle.db.selectFrom('recipients').select('phone_hash').execute()).map((r) => r.phone_hash).sort();
    expect(await hashes()).toEqual(phones.map((p) => recipientPhoneHash(testCipher, p)).sort());

    await ctx.handle.db.updateTable('recipients').set({ phone_hash: null }).where('id', '=', (await ctx.handle.db.selectFrom('recipients').select('id').executeTakeFirstOrThrow()).id).execute();
    const newKey = randomBytes(32);
    await resealPersonalData(ctx.handle, createPersonalDataCipher({ current: newKey, previous: OLD_KEY }));
    const after = createPersonalDataCipher(newKey);
    expect(await hashes()).toEqual(phones.map((p) => recipientPhoneHash(after, p)).sort());
  });
});
