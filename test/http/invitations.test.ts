import { PDFParse } from 'pdf-parse';
import { expect, it } from 'vitest';
import { hashToken } from '../../src/modules/auth/api-token.service.js';
import { readInvitationToken } from '../../src/modules/invitations/invitation-token.js';
import { recipientIdHash } from '../../src/modules/recipients/recipient.service.js';
import { FIXED_NOW, newTestApp } from '../factories.js';
import { DAY, createTestProgram, listRecipient, newIdNumber, postInvitations, storedInvitation, testCipher } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

const PUBLIC_URL = 'https://songda.example.cn/wx';

async function pdfText(pdf: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

describeEachDialect('invitations', (ctx) => {
  it('makes one signed link per listed recipient, per document and per count, in one batch', async () => {
    const t = await newTestApp(ctx, { env: { SONGDA_PUBLIC_URL: `${PUBLIC_URL}/` } });
    const program = await createTestProgram(t.db);
    const first = await listRecipient(t.db, program.code, { name: '王建国' });
    const second = await listRecipient(t.db, program.code);

    const created = await postInvitations(t, program.code, { recipients: [first.idNumber, second.idNumber.toLowerCase()], documents: ['LIC-0001'], count: 2, expiresInDays: 10 });

    expect(created.batch).toMatch(/^[0-9a-f]{12}$/);
    expect(created.sheet).toBe(`/api/v1/programs/${program.code}/invitations/sheet.pdf?batch=${created.batch}`);
    expect(created.expiresAt).toBe('2026-12-01T12:00:00.000+08:00');
    expect(created.invitations.map((i) => i.id)).toEqual([1, 2, 3, 4, 5].map((n) => `${created.batch}-${n}`));
    const [forFirst, , forDocument, unbound] = created.invitations;
    expect(forFirst).toMatchObject({ recipient: { name: '王*国', idNumber: `${first.idNumber.slice(0, 6)}********${first.idNumber.slice(14)}` }, documentNo: null, usedAt: null, requestId: null });
    expect(forDocument).toMatchObject({ recipient: null, documentNo: 'LIC-0001' });
    expect(unbound).toMatchObject({ recipient: null, documentNo: null });
    for (const invitation of created.invitations) {
      expect(invitation.url).toBe(`${PUBLIC_URL}/r/${invitation.token}`);
      expect(readInvitationToken(testCipher, invitation.token)).toEqual({
        invitationId: invitation.id,
        programCode: program.code,
        documentNo: invitation.documentNo,
        expiresAt: FIXED_NOW + 10 * DAY,
      });
    }
    expect(await storedInvitation(t.db, forFirst!.id)).toMatchObject({
      program_code: program.code,
      recipient_id_hash: recipientIdHash(testCipher, first.idNumber),
      document_no: null,
      expires_at: FIXED_NOW + 10 * DAY,
      used_at: null,
      created_at: FIXED_NOW,
    });
    expect(JSON.stringify(created)).not.toContain(first.idNumber);
  });

  it('refuses an empty body, a recipient not on the list and a repeated document, and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const listed = await listRecipient(t.db, program.code);
    const count = async () => Number((await t.db.selectFrom('invitations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();

    const empty = await t.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/recipients.*documents.*count/);

    const unlisted = await t.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: { recipients: [listed.idNumber, newIdNumber()] } });
    expect(unlisted.statusCode).toBe(400);
    expect(unlisted.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('recipients.1'), details: [{ field: 'recipients.1' }] });

    const repeated = await t.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: { documents: ['A-1', 'A-1'] } });
    expect(repeated.json().error.details).toEqual([{ field: 'documents.1', message: expect.stringContaining('documents.0') }]);

    const tooLong = await t.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: { count: 1, expiresInDays: 366 } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('expiresInDays');

    expect((await t.request('POST', '/api/v1/programs/NO-SUCH/invitations', { body: { count: 1 } })).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: { count: 1 }, role: 'viewer' })).statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it('serves each QR code as SVG and PNG', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { invitations } = await postInvitations(t, program.code, { count: 1 });
    const id = invitations[0]!.id;

    const svg = await t.request('GET', `/api/v1/invitations/${id}/qr.svg`, { role: 'viewer' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    const png = await t.request('GET', `/api/v1/invitations/${id}/qr.png`, { role: 'viewer' });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

    expect((await t.request('GET', `/api/v1/invitations/000000000000-1/qr.svg`)).statusCode).toBe(404);
    expect((await t.request('GET', `/api/v1/invitations/${id}/qr.svg`, { role: null })).statusCode).toBe(401);
  });

  it('prints a batch, or chosen invitations, as an A4 PDF with program name, masked recipient, document and expiry in Chinese', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { name: '宜昌市退役军人优待证寄递' });
    const recipient = await listRecipient(t.db, program.code, { name: '李秀英' });
    const created = await postInvitations(t, program.code, { recipients: [recipient.idNumber], documents: ['YDZ-2026-0042'], count: 12 });

    const sheet = await t.request('GET', created.sheet, { role: 'viewer', headers: { 'accept-language': 'zh-CN' } });

    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toBe('application/pdf');
    expect(sheet.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(sheet.rawPayload);
    expect(text).toContain('宜昌市退役军人优待证寄递');
    expect(text).toContain(`李*英 ${recipient.idNumber.slice(0, 6)}********${recipient.idNumber.slice(14)}`);
    expect(text).toContain('证件编号 YDZ-2026-0042');
    expect(text).toContain('有效期至 2026年12月21日 12:00');
    expect(text).toContain('第 2/2 页');
    expect(text).not.toContain(recipient.idNumber);
    expect(text).toContain('扫码填写邮寄地址');
    expect(text).toContain('不记名（由本人填写）');

    const english = await pdfText((await t.request('GET', created.sheet, { role: 'viewer', headers: { 'accept-language': 'en' } })).rawPayload);
    for (const words of ['scan to give a mailing address', 'page 2/2', 'Document no. YDZ-2026-0042', 'Valid until 2026-12-21 12:00', 'Not named (filled in by the holder)']) expect(english).toContain(words);
    expect(english).not.toMatch(/扫码|有效期至|证件编号|不记名/);

    const chosen = await t.request('GET', `/api/v1/programs/${program.code}/invitations/sheet.pdf?ids=${created.invitations[1]!.id}`);
    const chosenText = await pdfText(chosen.rawPayload);
    expect(chosenText).toContain('YDZ-2026-0042');
    expect(chosenText).not.toContain('李*英');

    expect((await t.request('GET', `/api/v1/programs/${program.code}/invitations/sheet.pdf`)).statusCode).toBe(400);
    expect((await t.request('GET', `/api/v1/programs/${program.code}/invitations/sheet.pdf?batch=000000000000`)).statusCode).toBe(404);
    // Another program's batch is not printed under this one.
    const other = await createTestProgram(t.db);
    expect((await t.request('GET', `/api/v1/programs/${other.code}/invitations/sheet.pdf?batch=${created.batch}`)).statusCode).toBe(404);
  });

  it('lists a batch with the links and whether each is used', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const created = await postInvitations(t, program.code, { documents: ['D-1', 'D-2'] });
    await t.db.updateTable('invitations').set({ used_at: FIXED_NOW, request_id: 'r-1' }).where('id', '=', created.invitations[0]!.id).execute();

    const res = await t.request('GET', `/api/v1/programs/${program.code}/invitations?batch=${created.batch}`, { role: 'viewer' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject([
      { id: created.invitations[0]!.id, documentNo: 'D-1', usedAt: '2026-11-21T12:00:00.000+08:00', requestId: 'r-1', url: created.invitations[0]!.url },
      { id: created.invitations[1]!.id, documentNo: 'D-2', usedAt: null, requestId: null },
    ]);
  });

  it('lists a program’s batches newest first, with who made each and how many are used, open and expired', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const first = await postInvitations(t, program.code, { documents: ['B-1', 'B-2', 'B-3'], expiresInDays: 1 });
    const later = await newTestApp(ctx, { now: FIXED_NOW + 3_600_000 });
    const second = await later.request('POST', `/api/v1/programs/${program.code}/invitations`, { body: { count: 2 }, role: 'admin' });
    expect(second.statusCode, second.body).toBe(201);
    await t.db.updateTable('invitations').set({ used_at: FIXED_NOW, request_id: 'r-1' }).where('id', '=', first.invitations[0]!.id).execute();
    // An older batch that no audit row describes (made before batches were audited) is listed with no maker.
    await t.db.insertInto('invitations').values({ id: 'abcdef012345-1', program_code: program.code, recipient_id_hash: null, document_no: null, expires_at: FIXED_NOW + 9 * DAY, used_at: null, request_id: null, created_at: FIXED_NOW - DAY }).execute();

    // Two days on: the first batch's unused links have lapsed.
    const res = await newTestApp(ctx, { now: FIXED_NOW + 2 * DAY }).then((at) => at.request('GET', `/api/v1/programs/${program.code}/invitation-batches`, { role: 'viewer' }));

    expect(res.statusCode, res.body).toBe(200);
    const operatorToken = await t.db.selectFrom('api_tokens').select('id').where('token_hash', '=', hashToken(t.tokens.operator)).executeTakeFirstOrThrow();
    expect(res.json()).toEqual([
      {
        batch: second.json().batch,
        createdAt: '2026-11-21T13:00:00.000+08:00',
        createdBy: expect.stringMatching(/^token:/),
        expiresAt: '2026-12-21T13:00:00.000+08:00',
        invitations: 2,
        used: 0,
        open: 2,
        expired: 0,
        sheet: `/api/v1/programs/${program.code}/invitations/sheet.pdf?batch=${second.json().batch}`,
      },
      { batch: first.batch, createdAt: '2026-11-21T12:00:00.000+08:00', createdBy: expect.stringMatching(/^token:/), expiresAt: '2026-11-22T12:00:00.000+08:00', invitations: 3, used: 1, open: 0, expired: 2, sheet: first.sheet },
      { batch: 'abcdef012345', createdAt: '2026-11-20T12:00:00.000+08:00', createdBy: null, expiresAt: '2026-11-30T12:00:00.000+08:00', invitations: 1, used: 0, open: 1, expired: 0, sheet: expect.any(String) },
    ]);
    expect(res.json()[1].createdBy).not.toBe(res.json()[0].createdBy);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'invitation.create').where('subject', '=', first.batch).execute();
    expect(audit).toEqual([expect.objectContaining({ at: FIXED_NOW, partner: program.sponsor, detail: JSON.stringify({ program: program.code, count: 3, expiresInDays: 1 }) })]);
    expect(audit[0]!.actor).toBe(`token:${operatorToken.id}`);

    const none = await createTestProgram(t.db);
    expect((await t.request('GET', `/api/v1/programs/${none.code}/invitation-batches`)).json()).toEqual([]);
    expect((await t.request('GET', '/api/v1/programs/NO-SUCH/invitation-batches')).statusCode).toBe(404);
  });
});
