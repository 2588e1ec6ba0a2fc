import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { createUser } from '../../src/modules/users/user.service.js';
import { type TestApp, createSite, newTestApp, newTrackingNo, nextSequence, storedItem, unitInput } from '../factories.js';
import { listCsv, listRow, partnerInput, programInput, recipientRows, uploadList } from '../factories-programs.js';
import { addressIn, countyWithOffice, createPartner, createTestProgram, newPhone, postInvitations, publicSubmit, storedRequest } from '../factories-requests.js';
import { describeEachDialect } from '../test-db.js';

/**
 * Each hostile character as it travels in JSON: an escape, so the lone surrogate arrives as one
 * (a JSON encoder in a test would never produce it).
 */
const HOSTILE = [
  ['NUL', '\\u0000', 'control character U+0000'],
  ['a right-to-left override', '\\u202e', 'U+202E'],
  ['a lone surrogate', '\\ud800', 'lone UTF-16 surrogate'],
] as const;

/** Where the bad character goes in a body: JSON.stringify leaves this marker alone, then it is swapped for the raw escape. */
const MARK = '@@hostile@@';

function postRaw(t: TestApp, url: string, body: unknown, escape: string, role: 'admin' | 'operator' | null = 'admin'): Promise<LightMyRequestResponse> {
  const json = JSON.stringify(body).replace(MARK, escape);
  return t.request('POST', url, { body: json, role, headers: { 'content-type': 'application/json' } });
}

/** A per-element answer refusing element 0 for `field`, with the message naming the field and the character. */
function expectRefused(res: LightMyRequestResponse, field: string, what: string): void {
  expect(res.statusCode, res.body).toBe(200);
  const [answer] = res.json() as { index: number; field?: string; error?: string }[];
  expect(answer).toEqual({ index: 0, field, error: expect.stringContaining(`${field}: character `) });
  expect(answer!.error).toContain(what);
}

/** A whole-request refusal: 400 invalid_request naming `body.<field>`. */
function expectBadRequest(res: LightMyRequestResponse, field: string, what: string): void {
  expect(res.statusCode, res.body).toBe(400);
  const { error } = res.json() as { error: { code: string; message: string; details?: { field: string }[] } };
  expect(error.code).toBe('invalid_request');
  expect(error.message).toContain(`body.${field}: character `);
  expect(error.message).toContain(what);
  expect(error.details?.[0]?.field).toBe(field);
}

describeEachDialect('free text at the edge: refused characters and NFC', (ctx) => {
  it.each(HOSTILE)('refuses %s in a unit name and stores nothing', async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const unit = unitInput({ name: `夷陵${MARK}揽投部` });
    expectRefused(await postRaw(t, '/api/v1/units', [unit], escape), 'name', what);
    expect(await t.db.selectFrom('units').select('code').where('code', '=', unit.code).executeTakeFirst()).toBeUndefined();
  });

  it.each(HOSTILE)('refuses %s in a partner name and stores nothing', async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const partner = partnerInput({ name: `宜昌市退役军人事务局${MARK}` });
    expectRefused(await postRaw(t, '/api/v1/partners', [partner], escape), 'name', what);
    expect(await t.db.selectFrom('partners').select('code').where('code', '=', partner.code).executeTakeFirst()).toBeUndefined();
  });

  it.each(HOSTILE)('refuses %s in a program name or document type and stores nothing', async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const sponsor = await createPartner(t.db);
    const named = programInput(sponsor, { name: `优待证${MARK}寄递` });
    const typed = programInput(sponsor, { documentType: `优待证${MARK}` });
    expectRefused(await postRaw(t, '/api/v1/programs', [named], escape), 'name', what);
    expectRefused(await postRaw(t, '/api/v1/programs', [typed], escape), 'documentType', what);
    expect(await t.db.selectFrom('programs').select('code').where('code', 'in', [named.code, typed.code]).execute()).toEqual([]);
  });

  it.each(HOSTILE)("refuses %s in an agency request's name or address and stores nothing", async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const url = `/api/v1/programs/${program.code}/requests`;
    expectRefused(await postRaw(t, url, [{ name: `王${MARK}建国`, phone: newPhone(), address: addressIn(county) }], escape, 'operator'), 'name', what);
    expectRefused(await postRaw(t, url, [{ name: '王建国', phone: newPhone(), address: `${addressIn(county)}${MARK}` }], escape, 'operator'), 'address', what);
    expect(await t.db.selectFrom('requests').select('id').where('program_code', '=', program.code).execute()).toEqual([]);
  });

  it.each(HOSTILE)("refuses %s in a citizen's name or address with 400 naming the field, and keeps the link unused", async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const { invitations } = await postInvitations(t, program.code, { count: 1 });
    const url = `/api/v1/public/requests/${invitations[0]!.token}`;
    expectBadRequest(await postRaw(t, url, { phone: newPhone(), address: addressIn(county), name: `王${MARK}建国` }, escape, null), 'name', what);
    expectBadRequest(await postRaw(t, url, { phone: newPhone(), address: `${MARK}${addressIn(county)}`, name: '王建国' }, escape, null), 'address', what);
    expect(await t.db.selectFrom('requests').select('id').where('program_code', '=', program.code).execute()).toEqual([]);
    expect(await t.db.selectFrom('invitations').select('used_at').where('id', '=', invitations[0]!.id).executeTakeFirstOrThrow()).toEqual({ used_at: null });
  });

  it.each(HOSTILE)("refuses %s in an item's destination address and stores nothing", async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const trackingNo = newTrackingNo();
    const res = await postRaw(t, '/api/v1/items', [{ trackingNo, destination: { divisionCode: '420506', address: `小溪塔街道${MARK}1号` } }], escape);
    expectRefused(res, 'destination.address', what);
    expect(await storedItem(t.db, trackingNo)).toBeUndefined();
  });

  it.each(HOSTILE)('refuses %s in the partner or unit code a consignment names, as a malformed code, and stores nothing', async (_, escape) => {
    const t = await newTestApp(ctx);
    const partner = await createPartner(t.db, { kind: 'card_factory' });
    const office = await createSite(t);
    const item = newTrackingNo();
    expect((await t.request('POST', '/api/v1/items', { body: [{ trackingNo: item }] })).statusCode).toBe(200);
    for (const [field, body] of [
      ['fromPartner', { fromPartner: `${partner}${MARK}`, toUnit: office, items: [item] }],
      ['toUnit', { fromPartner: partner, toUnit: `${office}${MARK}`, items: [item] }],
      ['toPartner', { fromPartner: partner, toPartner: `${partner}${MARK}`, items: [item] }],
    ] as const) {
      const res = await postRaw(t, '/api/v1/consignments', body, escape);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message).toContain(`body.${field}: must be 1–32 letters`);
    }
    expect(await t.db.selectFrom('consignments').select('tracking_no').where('from_partner', 'like', `${partner}%`).execute()).toEqual([]);
  });

  it.each(HOSTILE.map(([name, escape, what]) => [name, JSON.parse(`"${escape}"`) as string, what] as const))(
    "refuses %s in a console user's display name and stores no user",
    async (_, char, what) => {
      const t = await newTestApp(ctx);
      const username = `clerk${nextSequence()}`;
      const attempt = createUser(t.db, { username, role: 'viewer', password: 'a long enough password', displayName: `张${char}三` }, t.now);
      await expect(attempt).rejects.toMatchObject({ code: 'invalid_request', details: { field: 'displayName' }, message: expect.stringContaining(what) });
      expect(await t.db.selectFrom('users').select('username').where('username', '=', username).executeTakeFirst()).toBeUndefined();
    },
  );

  it('stores a decomposed accent in NFC and trims ideographic spaces, keeping CJK, middle dots and inner spaces as typed', async () => {
    const t = await newTestApp(ctx);
    const unit = unitInput({ name: '　Sainte-Rose\u0301 揽投部　' });
    expect((await postRaw(t, '/api/v1/units', [unit], '')).json()).toEqual([{ index: 0, code: unit.code, created: true }]);
    expect(await t.db.selectFrom('units').select('name').where('code', '=', unit.code).executeTakeFirstOrThrow()).toEqual({ name: 'Sainte-Ros\u00e9 揽投部' });

    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    const address = `${addressIn(county)}　3\u0301栋`;
    const [result] = (await postRaw(t, `/api/v1/programs/${program.code}/requests`, [{ name: '阿卜杜·热合曼', phone: newPhone(), address }], '', 'operator')).json() as { requestId: string }[];
    expect(await storedRequest(t.db, result!.requestId)).toMatchObject({ name: '阿卜杜·热合曼', address: address.normalize('NFC') });
  });
});

describeEachDialect('keys and filters: a NUL (which PostgreSQL cannot take) or a bidi control is a 400 naming the parameter', (ctx) => {
  it.each([
    ['NUL', '%00', 'U+0000'],
    ['a right-to-left override', '%E2%80%AE', 'U+202E'],
  ])('refuses %s in codes, ids and filters before any query', async (_, escaped, what) => {
    const t = await newTestApp(ctx);
    for (const [method, url, part] of [
      ['GET', `/api/v1/audit?actor=${escaped}`, 'querystring.actor'],
      ['GET', `/api/v1/audit?action=a${escaped}`, 'querystring.action'],
      ['GET', `/api/v1/audit?subject=${escaped}`, 'querystring.subject'],
      ['POST', `/api/v1/programs/PG${escaped}/requests`, 'params.code'],
      ['POST', `/api/v1/programs/PG${escaped}/invitations`, 'params.code'],
      ['GET', `/api/v1/requests/${escaped}`, 'params.id'],
      ['GET', `/api/v1/consignments/EA${escaped}`, 'params.trackingNo'],
      ['GET', `/api/v1/offices/U${escaped}/reconciliation?date=2026-11-20`, 'params.code'],
    ] as const) {
      const res = await t.request(method, url, method === 'POST' ? { body: url.endsWith('requests') ? [] : { count: 1 } } : {});
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message, url).toContain(`${part}: character `);
      expect((res.json() as { error: { message: string } }).error.message, url).toContain(what);
    }
  });

  it.each(HOSTILE)('refuses %s in the username at sign-in with 400, as no username can hold it', async (_, escape, what) => {
    const t = await newTestApp(ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: JSON.stringify({ username: MARK, password: 'a long enough password' }).replace(MARK, `zhang${escape}`),
      headers: { 'content-type': 'application/json', 'x-songda-csrf': '1' },
    });
    expectBadRequest(res, 'username', what);
  });

  it.each(HOSTILE)("rejects the scan line whose operator or reason holds %s, and stores only the clean line", async (_, escape) => {
    const t = await newTestApp(ctx);
    const site = await createSite(t);
    const [bad, worse, good] = [newTrackingNo(), newTrackingNo(), newTrackingNo()];
    const line = (trackingNo: string, extra: Record<string, string>) => JSON.stringify({ trackingNo, code: 'ACCEPTED', at: '2026-11-21T10:00:00+08:00', site, ...extra }).replace(MARK, escape);
    const res = await t.request('POST', '/api/v1/scans', { ndjson: [line(bad, { operator: `李${MARK}四` }), line(worse, { reason: `${MARK}` }), line(good, { operator: '李四' })].join('\n') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ line: 1, field: 'operator' }, { line: 2, field: 'reason' }] });
    expect(await t.db.selectFrom('scan_events').select('tracking_no').where('tracking_no', 'in', [bad, worse, good]).execute()).toEqual([{ tracking_no: good }]);
  });
});

describeEachDialect('free text in spreadsheet imports', (ctx) => {
  async function programWithCounty(t: TestApp) {
    const program = await createTestProgram(t.db);
    const { county } = await countyWithOffice(t);
    return { program, county };
  }

  it('refuses a recipient row whose name or address holds NUL, a bidi override or a lost character, naming the column; keeps the good row', async () => {
    const t = await newTestApp(ctx);
    const { program, county } = await programWithCounty(t);
    const good = listRow({ name: '欧阳娜娜', address: addressIn(county) });
    const rows = [
      good,
      listRow({ name: '王\u0000建国', address: addressIn(county) }),
      listRow({ name: '王建国', address: `${addressIn(county)}\u202e` }),
      listRow({ name: '王\ufffd国', address: addressIn(county) }),
    ];
    const res = await uploadList(t, program.code, listCsv(rows));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 1,
      rejectedRows: 3,
      rejected: [
        { row: 3, column: 'name', message: expect.stringContaining('U+0000') },
        { row: 4, column: 'address', message: expect.stringContaining('U+202E') },
        { row: 5, column: 'name', message: expect.stringContaining('U+FFFD') },
      ],
    });
    expect((await recipientRows(t, program.code)).map((r) => r.name)).toEqual(['欧阳娜娜']);
  });

  it('refuses a name whose bytes were not valid UTF-8 (decoded as U+FFFD) and a lone surrogate in a UTF-16 file', async () => {
    const t = await newTestApp(ctx);
    const { program, county } = await programWithCounty(t);
    const row = listRow({ name: '王XX国', address: addressIn(county) });
    const text = listCsv([row]);
    const [before, after] = text.split('XX') as [string, string];
    // A BOM says UTF-8, so the stray byte 0xFF is decoded as U+FFFD instead of the file being read as GBK.
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(before, 'utf8'), Buffer.from([0xff]), Buffer.from(after, 'utf8')]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(before, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(after, 'utf16le')]);
    for (const file of [utf8, utf16]) {
      const res = await uploadList(t, program.code, file);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ imported: 0, rejectedRows: 1, rejected: [{ row: 2, column: 'name' }] });
    }
    expect(await recipientRows(t, program.code)).toEqual([]);
  });

  it("refuses a NUL, a lone surrogate or a bidi override that an XLSX cell spells with OOXML's _xHHHH_ escape, and folds its line break", async () => {
    const t = await newTestApp(ctx);
    const { program, county } = await programWithCounty(t);
    const rows = [
      listRow({ name: '王_x0000_建国', address: addressIn(county) }),
      listRow({ name: '王_xD800_国', address: addressIn(county) }),
      listRow({ name: '王建国', address: `${addressIn(county)}_x202E_` }),
      listRow({ name: '司马_x000A_相如', address: addressIn(county) }),
    ];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号', '手机号', '类别', '地址']);
    for (const r of rows) sheet.addRow([r.name, r.idNumber, r.phone, r.category, r.address]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const res = await uploadList(t, program.code, xlsx, { filename: '名单.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      imported: 1,
      rejectedRows: 3,
      rejected: [
        { row: 2, column: '姓名', message: expect.stringContaining('U+0000') },
        { row: 3, column: '姓名', message: expect.stringContaining('lone UTF-16 surrogate') },
        { row: 4, column: '地址', message: expect.stringContaining('U+202E') },
      ],
    });
    expect((await recipientRows(t, program.code)).map((r) => r.name)).toEqual(['司马 相如']);
  });

  it('stores imported names in NFC and turns the line breaks of an address cell into spaces', async () => {
    const t = await newTestApp(ctx);
    const { program, county } = await programWithCounty(t);
    const street = addressIn(county);
    const res = await uploadList(t, program.code, listCsv([listRow({ name: 'Jose\u0301', address: `${street}\r\n3栋` })]));
    expect(res.json()).toMatchObject({ imported: 1, rejectedRows: 0 });
    expect(await recipientRows(t, program.code)).toMatchObject([{ name: 'Jos\u00e9', address: `${street} 3栋` }]);
  });

  it('refuses a unit row whose name holds a bidi override, naming the column, and stores the rest', async () => {
    const t = await newTestApp(ctx);
    const n = nextSequence();
    const file = ['code,name,kind,divisionCode', `TX${n}A,夷陵\u202e揽投部,delivery_office,420506`, `TX${n}B,"西陵\n揽投部",delivery_office,420502`].join('\r\n');
    const boundary = `----songda${n}`;
    const payload = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="units.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`, 'utf8');
    const res = await t.request('POST', '/api/v1/units/import', { body: payload, role: 'operator', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, rejectedRows: 1, rejected: [{ row: 2, column: 'name', message: expect.stringContaining('U+202E') }] });
    const stored = await t.db.selectFrom('units').select(['code', 'name']).where('code', 'like', `TX${n}%`).execute();
    expect(stored).toEqual([{ code: `TX${n}B`, name: '西陵 揽投部' }]);
  });
});
