import { expect, it } from 'vitest';
import { isValidS10 } from '../../src/domain/s10.js';
import { recipientIdHash } from '../../src/modules/recipients/recipient.service.js';
import { FIXED_NOW, newTestApp, storedItem } from '../factories.js';
import {
  addressIn,
  countyWithOffice,
  createPartner,
  createTestProgram,
  freshCounty,
  listRecipient,
  newIdNumber,
  newPhone,
  postRequests,
  storedCharges,
  storedRequest,
  testCipher,
  withWrongCheckChar,
  writeState,
} from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

describeEachDialect('POST /api/v1/programs/:code/requests', (ctx) => {
  it('mails a request for a listed recipient: S10 item with program and destination, sealed data copied from the list, one charge row', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { documentType: '驾驶证', requirements: { recipientOnly: true, idCheck: true } });
    const { county, office } = await countyWithOffice(t);
    const recipient = await listRecipient(t.db, program.code, { address: addressIn(county), divisionCode: county.code });

    const [result] = await postRequests(t, program.code, [{ idNumber: recipient.idNumber, weightGrams: 120 }]);

    expect(result).toEqual({ index: 0, requestId: expect.any(String), status: 'mailed', trackingNo: expect.stringMatching(/^EA\d{9}CN$/) });
    expect(isValidS10(result!.trackingNo!)).toBe(true);
    expect(await storedItem(t.db, result!.trackingNo!)).toMatchObject({
      program_code: program.code,
      dest_division_code: county.code,
      dest_address: recipient.address,
      weight_grams: 120,
      status: 'CREATED',
      created_at: FIXED_NOW,
    });
    const listed = await t.db.selectFrom('recipients').selectAll().where('id', '=', recipient.id).executeTakeFirstOrThrow();
    expect(await storedRequest(t.db, result!.requestId!)).toMatchObject({
      program_code: program.code,
      source: 'api',
      recipient_id: recipient.id,
      name: recipient.name,
      id_hash: listed.id_hash,
      id_sealed: listed.id_sealed,
      id_masked: listed.id_masked,
      phone_sealed: listed.phone_sealed,
      phone_masked: listed.phone_masked,
      phone_hash: testCipher.lookupHash('phone', recipient.phone),
      category: 'ordinary',
      division_code: county.code,
      delivery_office: office,
      status: 'mailed',
      status_reason: null,
      tracking_no: result!.trackingNo,
    });
    // Not a veterans program: full same-province postage, no donation, paid by the sponsor.
    expect(await storedCharges(t.db, result!.trackingNo!)).toEqual([
      { tracking_no: result!.trackingNo, payer: program.sponsor, program_code: program.code, postage_fen: 1000, discount_fen: 0, donation_fen: 0, created_at: FIXED_NOW },
    ]);
  });

  it('mails a request with details for someone not listed, sealing ID and phone, and shows only masked data', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { documentType: '身份证', requirements: { recipientOnly: false, idCheck: true } });
    const { county, office } = await countyWithOffice(t);
    const idNumber = newIdNumber();
    const phone = newPhone();

    const [result] = await postRequests(t, program.code, [{ name: '李四', idNumber, phone: `+86 ${phone}`, address: addressIn(county), documentNo: 'SFZ-001' }]);

    expect(result).toMatchObject({ index: 0, status: 'mailed' });
    const row = await storedRequest(t.db, result!.requestId!);
    expect(row).toMatchObject({ recipient_id: null, name: '李四', document_no: 'SFZ-001', division_code: county.code, delivery_office: office, category: 'ordinary' });
    expect(testCipher.open(row.id_sealed!)).toBe(idNumber);
    expect(testCipher.open(row.phone_sealed)).toBe(phone);
    expect(row.id_hash).toBe(recipientIdHash(testCipher, idNumber));
    expect(row.phone_hash).toBe(testCipher.lookupHash('phone', phone));

    const view = await t.request('GET', `/api/v1/requests/${result!.requestId}`, { role: 'viewer' });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      id: result!.requestId,
      programCode: program.code,
      source: 'api',
      status: 'mailed',
      trackingNo: result!.trackingNo,
      recipient: { name: '李四', idNumber: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`, phone: `${phone.slice(0, 3)}****${phone.slice(7)}`, category: 'ordinary', listed: false },
      divisionCode: county.code,
      divisionName: county.fullName,
      deliveryOffice: office,
      charges: [{ payer: program.sponsor, postageFen: 1000, donationFen: 0 }],
      createdAt: '2026-11-21T12:00:00.000+08:00',
    });
    expect(view.body).not.toContain(idNumber);
    expect(view.body).not.toContain(phone);
  });

  it('answers each bad element with its field, never repeating an ID number, and stores only the good ones', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { requirements: { recipientOnly: true, idCheck: true } });
    const { county } = await countyWithOffice(t);
    const other = freshCounty();
    const listed = await listRecipient(t.db, program.code, { address: addressIn(county), divisionCode: county.code });
    const badId = withWrongCheckChar(newIdNumber());
    const unlisted = newIdNumber();
    const details = { name: '张三', idNumber: newIdNumber(), phone: newPhone(), address: addressIn(county) };
    const before = await writeState(t.db);

    const results = await postRequests(t, program.code, [
      { idNumber: badId },
      { idNumber: unlisted },
      details,
      { ...details, idNumber: newIdNumber(), phone: '12345' },
      { ...details, idNumber: newIdNumber(), address: addressIn(county), divisionCode: '999999' },
      { ...details, idNumber: newIdNumber(), address: addressIn(county), divisionCode: other.code },
      { name: '赵六', phone: newPhone(), address: addressIn(county) },
      { idNumber: listed.idNumber, name: '别人' },
      { idNumber: listed.idNumber, category: 'martyr_family' },
      { ...details, idNumber: newIdNumber(), colour: 'red' },
      'not an object',
      { ...details, idNumber: newIdNumber(), category: 'general' },
      { phone: newPhone() },
    ]);

    expect(results).toHaveLength(13);
    expect(results[0]).toMatchObject({ index: 0, field: 'idNumber', error: expect.stringContaining('check character') });
    expect(results[0]!.error).not.toContain(badId.slice(0, 17));
    expect(results[1]).toMatchObject({ index: 1, field: 'idNumber', error: expect.stringContaining(`recipient list of program ${program.code}`) });
    expect(results[2]).toMatchObject({ index: 2, status: 'mailed' });
    expect(results[3]).toMatchObject({ index: 3, field: 'phone' });
    expect(results[4]).toMatchObject({ index: 4, field: 'divisionCode', error: expect.stringContaining('999999') });
    expect(results[5]).toMatchObject({ index: 5, field: 'divisionCode', error: expect.stringContaining('disagrees') });
    expect(results[6]).toMatchObject({ index: 6, field: 'idNumber', error: expect.stringContaining('checks the recipient') });
    expect(results[7]).toMatchObject({ index: 7, field: 'name', error: expect.stringContaining('differs') });
    expect(results[8]).toMatchObject({ index: 8, field: 'category', error: expect.stringContaining('differs') });
    expect(results[9]).toMatchObject({ index: 9, error: expect.stringContaining('colour') });
    expect(results[10]).toMatchObject({ index: 10, error: expect.any(String) });
    expect(results[11]).toMatchObject({ index: 11, field: 'category', error: expect.stringContaining('general') });
    expect(results[12]).toMatchObject({ index: 12, field: 'name' });
    for (const r of results.filter((r) => r.index !== 2)) expect(r).not.toHaveProperty('requestId');

    const after = await writeState(t.db);
    expect(after.requests).toBe(before.requests + 1);
    expect(after.items).toBe(before.items + 1);
  });

  it('keeps a request waiting, with no item and no number consumed, when it has no address or its county no delivery office', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const noOffice = freshCounty();
    const withoutAddress = await listRecipient(t.db, program.code);
    const before = await writeState(t.db);

    const results = await postRequests(t, program.code, [
      { idNumber: withoutAddress.idNumber },
      { name: '钱七', phone: newPhone(), address: addressIn(noOffice) },
    ]);

    expect(results[0]).toEqual({ index: 0, requestId: expect.any(String), status: 'waiting', statusReason: expect.stringContaining('no deliverable address') });
    expect(results[1]).toEqual({ index: 1, requestId: expect.any(String), status: 'waiting', statusReason: `no delivery office serves county ${noOffice.code} (${noOffice.fullName})` });
    expect(await storedRequest(t.db, results[1]!.requestId!)).toMatchObject({ status: 'waiting', tracking_no: null, delivery_office: null, division_code: noOffice.code });
    const after = await writeState(t.db);
    expect(after).toEqual({ ...before, requests: before.requests + 2 });
  });

  it('completes a waiting request when the address comes, then refuses a third request for the same recipient', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county, office } = await countyWithOffice(t);
    const recipient = await listRecipient(t.db, program.code);
    const [waiting] = await postRequests(t, program.code, [{ idNumber: recipient.idNumber }]);
    expect(waiting).toMatchObject({ status: 'waiting' });

    const [completed] = await postRequests(t, program.code, [{ idNumber: recipient.idNumber, address: addressIn(county), phone: '13800001111' }]);

    expect(completed).toEqual({ index: 0, requestId: waiting!.requestId, status: 'mailed', trackingNo: expect.any(String) });
    expect(await storedRequest(t.db, waiting!.requestId!)).toMatchObject({ status: 'mailed', status_reason: null, delivery_office: office, phone_masked: '138****1111' });
    const count = await t.db.selectFrom('requests').select((eb) => eb.fn.countAll().as('n')).where('program_code', '=', program.code).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);

    const [third] = await postRequests(t, program.code, [{ idNumber: recipient.idNumber, address: addressIn(county) }]);
    expect(third).toMatchObject({ index: 0, field: 'idNumber', error: expect.stringContaining('already requested and mailed') });
  });

  it('refuses the same recipient or document twice in one call', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const person = { name: '孙八', idNumber: newIdNumber(), phone: newPhone(), address: addressIn(county) };

    const results = await postRequests(t, program.code, [
      person,
      { ...person, phone: newPhone() },
      { name: '周九', phone: newPhone(), address: addressIn(county), documentNo: 'DOC-1' },
      { name: '吴十', phone: newPhone(), address: addressIn(county), documentNo: 'DOC-1' },
    ]);

    expect(results.map((r) => r.status ?? r.field)).toEqual(['mailed', 'idNumber', 'mailed', 'documentNo']);
    expect(results[1]!.error).toContain('element 0');
    expect(results[3]!.error).toContain('element 2');
  });

  it('prices each discount: 85 % for card holders, 80 % for special categories, across provinces and with additional weight, plus the 10-fen donation', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { documentType: '优待证' });
    const { county } = await countyWithOffice(t, '420000');
    const { county: beijing } = await countyWithOffice(t, '110000');
    const special = await listRecipient(t.db, program.code, { category: 'combat_veteran', address: addressIn(county), divisionCode: county.code });
    const detail = (extra: object) => ({ name: '郑一', phone: newPhone(), idNumber: newIdNumber(), ...extra });

    const results = await postRequests(t, program.code, [
      detail({ address: addressIn(county) }),
      { idNumber: special.idNumber },
      detail({ address: addressIn(beijing) }),
      detail({ address: addressIn(county), weightGrams: 1200, category: '烈士遗属' }),
    ]);

    const charged = await Promise.all(results.map(async (r) => (await storedCharges(t.db, r.trackingNo!)).map((c) => [c.payer, c.postage_fen, c.donation_fen])));
    expect(charged).toEqual([
      [[program.sponsor, 850, 10]], // 1000 × 85 %
      [[program.sponsor, 800, 10]], // 1000 × 80 %
      [[program.sponsor, 1275, 10]], // cross-province 1500 × 85 %
      [[program.sponsor, 1120, 10]], // 1000 + 2 × 200 = 1400 × 80 %
    ]);
  });

  it('splits a multi-party program by shares so the charge rows sum to the total, and bills the bank or the recipient by payer mode', async () => {
    const t = await newTestApp(ctx);
    const [a, b, c, bank] = [await createPartner(t.db), await createPartner(t.db, { kind: 'bank' }), await createPartner(t.db, { kind: 'service_station' }), await createPartner(t.db, { kind: 'bank' })];
    const multi = await createTestProgram(t.db, { payerMode: 'multi_party', payerShares: [{ partner: a, share: 0.45 }, { partner: b, share: 0.35 }, { partner: c, share: 0.2 }] });
    const banked = await createTestProgram(t.db, { documentType: '社保卡', payerMode: 'bank', requirements: { recipientOnly: true, idCheck: false, activationBank: bank } });
    const selfPaid = await createTestProgram(t.db, { documentType: '录取通知书', payerMode: 'recipient' });
    const { county } = await countyWithOffice(t);
    const request = (weightGrams?: number) => ({ name: '冯二', phone: newPhone(), address: addressIn(county), ...(weightGrams ? { weightGrams } : {}) });

    const [split] = await postRequests(t, multi.code, [request(501)]);
    const [bankPaid] = await postRequests(t, banked.code, [request()]);
    const [recipientPaid] = await postRequests(t, selfPaid.code, [request()]);

    // 501 g: 1000 + 200 = 1200; 85 % = 1020 → 459 / 357 / 204; donation 10 → 5 / 3 / 2 (largest remainder).
    const rows = await storedCharges(t.db, split!.trackingNo!);
    expect(Object.fromEntries(rows.map((r) => [r.payer, [r.postage_fen, r.donation_fen]]))).toEqual({ [a]: [459, 5], [b]: [357, 3], [c]: [204, 2] });
    expect(rows.reduce((s, r) => s + r.postage_fen, 0)).toBe(1020);
    expect(rows.reduce((s, r) => s + r.donation_fen, 0)).toBe(10);
    expect((await storedCharges(t.db, bankPaid!.trackingNo!)).map((r) => [r.payer, r.postage_fen, r.donation_fen])).toEqual([[bank, 1000, 0]]);
    expect((await storedCharges(t.db, recipientPaid!.trackingNo!)).map((r) => [r.payer, r.postage_fen, r.donation_fen])).toEqual([['recipient', 1000, 0]]);
  });

  it('keeps requests waiting when the program names no payer', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db, { payerMode: 'bank' });
    const { county } = await countyWithOffice(t);
    const [result] = await postRequests(t, program.code, [{ name: '陈三', phone: newPhone(), address: addressIn(county) }]);
    expect(result).toMatchObject({ status: 'waiting', statusReason: expect.stringContaining('no payer') });
  });

  it('answers 404 for an unknown program or request, 403 for a viewer, 400 for a body that is not an array', async () => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    expect((await t.request('POST', '/api/v1/programs/NO-SUCH/requests', { body: [] })).json().error.code).toBe('not_found');
    expect((await t.request('GET', '/api/v1/requests/no-such-request')).statusCode).toBe(404);
    expect((await t.request('POST', `/api/v1/programs/${program.code}/requests`, { body: [], role: 'viewer' })).statusCode).toBe(403);
    const notArray = await t.request('POST', `/api/v1/programs/${program.code}/requests`, { body: { name: 'x' } });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().error.message).toContain('array');
  });
});
