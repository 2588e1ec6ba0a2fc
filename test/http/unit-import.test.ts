import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expect, it } from 'vitest';
import { FIXED_NOW, MINUTE, type TestApp, countRows, createSite, newTestApp, newTrackingNo, nextSequence, shanghai } from '../factories.js';
import { describeEachDialect } from '../test-db.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart/form-data body with one file part, as a browser's form sends it. */
function multipart(bytes: Uint8Array, filename: string, contentType: string, field = 'file'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----songda${nextSequence()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(t: TestApp, bytes: Uint8Array, filename: string, options: { contentType?: string; query?: string; role?: 'admin' | 'operator' | 'viewer'; field?: string } = {}) {
  const { payload, headers } = multipart(bytes, filename, options.contentType ?? 'text/csv', options.field);
  return t.request('POST', `/api/v1/units/import${options.query ?? ''}`, { role: options.role ?? 'operator', body: payload, headers });
}

const csv = (rows: readonly (readonly string[])[]) => rows.map((r) => r.join(',')).join('\r\n');

async function unitRow(t: TestApp, code: string) {
  return t.db.selectFrom('units').select(['code', 'name', 'kind', 'division_code', 'city_code', 'parent_code', 'end_of_shift']).where('code', '=', code).executeTakeFirst();
}

describeEachDialect('POST /api/v1/units/import', (ctx) => {
  it('imports a CSV with Chinese headers and kinds row by row: new, changed and rejected rows, each named by row and column', async () => {
    const t = await newTestApp(ctx);
    const known = await createSite(t, { kind: 'counter', divisionCode: '420506' });
    const n = nextSequence();
    const [centre, office, bad1, bad2] = [`IMPC${n}`, `IMPD${n}`, `IMPX${n}`, `IMPY${n}`];
    const file = csv([
      ['单位代码', '单位名称', '单位类型', '区划代码', '上级单位代码', '收班时间', '备注'],
      [office, '夷陵区揽投部', '揽投部', '420506', centre, '20:30', 'parent comes later in the file'],
      [centre, '宜昌邮区中心', '邮区中心', '420500', '', '', ''],
      [known, '夷陵营业部（新址）', 'counter', '420506', '', '', ''],
      [bad1, '无效区划', '揽投部', '999999', '', '', ''],
      [bad2, '类型不明', '快递柜', '420506', '', '', ''],
      [office, '重复的行', '揽投部', '420506', '', '', ''],
      ['', '没有代码', '营业网点', '420506', '', '', ''],
      [`IMPZ${n}`, '收班时间不对', '揽投部', '420506', '', '25:00', ''],
    ]);
    const res = await upload(t, Buffer.from(file, 'utf8'), 'units.csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      imported: 2,
      updated: 1,
      rejectedRows: 5,
      rejected: [
        { row: 5, column: '区划代码', message: 'unknown GB/T 2260 division code 999999' },
        { row: 6, column: '单位类型', message: expect.stringContaining('kind: "快递柜" is not a unit kind') },
        { row: 7, column: '单位代码', message: `code: ${office} is already given in row 2; row 2 is kept` },
        { row: 8, column: '单位代码', message: expect.stringContaining('code: must be 1–32 letters') },
        { row: 9, column: '收班时间', message: expect.stringContaining('endOfShift: must be local time HH:MM') },
      ],
    });
    expect(await unitRow(t, office)).toEqual({ code: office, name: '夷陵区揽投部', kind: 'delivery_office', division_code: '420506', city_code: '420500', parent_code: centre, end_of_shift: '20:30' });
    expect(await unitRow(t, centre)).toMatchObject({ kind: 'processing_centre', division_code: '420500', parent_code: null, end_of_shift: null });
    expect(await unitRow(t, known)).toMatchObject({ name: '夷陵营业部（新址）', kind: 'counter' });
    expect(await unitRow(t, bad1)).toBeUndefined();
    expect(await unitRow(t, bad2)).toBeUndefined();

    // The new units are sites scans may name at once.
    const scan = await t.request('POST', '/api/v1/scans', { role: 'operator', body: [{ trackingNo: newTrackingNo(), code: 'AT_DELIVERY_OFFICE', site: office, at: shanghai(FIXED_NOW - 10 * MINUTE) }] });
    expect(scan.json()).toMatchObject({ accepted: 1, rejected: [] });
  });

  it('answers a dry run exactly as the import would, and stores nothing', async () => {
    const t = await newTestApp(ctx);
    const known = await createSite(t, { kind: 'counter', name: '原名' });
    const fresh = `DRY${nextSequence()}`;
    const file = Buffer.from(csv([['code', 'name', 'kind', 'divisionCode'], [fresh, '新网点', 'counter', '420506'], [known, '改名', 'counter', '420506'], [`BAD${nextSequence()}`, '坏', 'counter', '000000']]), 'utf8');
    const before = await countRows(t.db, 'units');
    const dry = await upload(t, file, 'units.csv', { query: '?dryRun=true' });
    expect(dry.statusCode, dry.body).toBe(200);
    const expected = { imported: 1, updated: 1, rejectedRows: 1, rejected: [{ row: 4, column: 'divisionCode', message: 'unknown GB/T 2260 division code 000000' }] };
    expect(dry.json()).toEqual(expected);
    expect(await countRows(t.db, 'units')).toBe(before);
    expect(await unitRow(t, known)).toMatchObject({ name: '原名' });
    expect(await unitRow(t, fresh)).toBeUndefined();

    const real = await upload(t, file, 'units.csv', { query: '?dryRun=false' });
    expect(real.json()).toEqual(expected);
    expect(await countRows(t.db, 'units')).toBe(before + 1);
    expect(await unitRow(t, known)).toMatchObject({ name: '改名' });
  });

  it('reads CSV saved in GBK and XLSX workbooks', async () => {
    const t = await newTestApp(ctx);
    const [gbk, xlsx] = [`GBK${nextSequence()}`, `XLS${nextSequence()}`];
    const gbkFile = iconv.encode(csv([['单位代码', '单位名称', '单位类型', '区划代码'], [gbk, '江岸区揽投部', '揽投部', '420102']]), 'gbk');
    const fromGbk = await upload(t, gbkFile, 'units-gbk.csv');
    expect(fromGbk.json()).toEqual({ imported: 1, updated: 0, rejectedRows: 0, rejected: [] });
    expect(await unitRow(t, gbk)).toMatchObject({ name: '江岸区揽投部', kind: 'delivery_office', city_code: '420100' });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('网点');
    sheet.addRow(['Code', 'Name', 'Kind', 'Division Code', 'End of shift']);
    // A division code typed as a number, as Excel keeps it.
    sheet.addRow([xlsx, '西陵营业部', '营业网点', 420502, '21:30']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const fromXlsx = await upload(t, bytes, 'units.xlsx', { contentType: XLSX_TYPE });
    expect(fromXlsx.json()).toEqual({ imported: 1, updated: 0, rejectedRows: 0, rejected: [] });
    expect(await unitRow(t, xlsx)).toMatchObject({ name: '西陵营业部', kind: 'counter', division_code: '420502', end_of_shift: '21:30' });
  });

  it('refuses a file it cannot use as a whole, with the reason, and a caller who may not change units', async () => {
    const t = await newTestApp(ctx);
    const before = await countRows(t.db, 'units');
    const noKind = await upload(t, Buffer.from(csv([['单位代码', '单位名称', '区划代码'], ['NOKIND1', '某单位', '420506']]), 'utf8'), 'units.csv');
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().error.message).toContain('has no column kind (单位类型)');
    const twice = await upload(t, Buffer.from(csv([['code', '单位代码', 'name', 'kind', 'divisionCode']]), 'utf8'), 'units.csv');
    expect(twice.json().error.message).toContain('columns "code" and "单位代码" both give code (单位代码)');
    const empty = await upload(t, Buffer.alloc(0), 'units.csv');
    expect(empty.statusCode).toBe(400);
    const wrongField = await upload(t, Buffer.from('code,name\n', 'utf8'), 'units.csv', { field: 'list' });
    expect(wrongField.json().error.message).toContain('the multipart field "file", not "list"');
    const json = await t.request('POST', '/api/v1/units/import', { role: 'operator', body: { code: 'X' } });
    expect(json.statusCode).toBe(415);
    const viewer = await upload(t, Buffer.from(csv([['code', 'name', 'kind', 'divisionCode'], ['VIEW1', '只读', 'counter', '420506']]), 'utf8'), 'units.csv', { role: 'viewer' });
    expect(viewer.statusCode).toBe(403);
    const badFlag = await upload(t, Buffer.from('code\n', 'utf8'), 'units.csv', { query: '?dryRun=maybe' });
    expect(badFlag.json().error.message).toContain('querystring.dryRun');
    expect(await countRows(t.db, 'units')).toBe(before);
  });
});
