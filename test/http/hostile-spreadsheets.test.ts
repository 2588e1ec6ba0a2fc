import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { type TestApp, countRows, newTestApp, nextSequence } from '../factories.js';
import { LIST_HEADER, createProgram, listRow, recipientRows, uploadList } from '../factories-programs.js';
import { describeEachDialect } from '../test-db.js';
import { escapeXml, sheetXml, workbookOf } from '../xlsx-files.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POST /units/import with the file as the raw body, as `curl --data-binary` sends it. */
function uploadUnits(t: TestApp, bytes: Buffer, query = '') {
  return t.request('POST', `/api/v1/units/import${query}`, { role: 'operator', body: bytes, headers: { 'content-type': XLSX_TYPE } });
}

/** A recipient list as a worksheet: the header and rows of listRow(). */
function recipientSheet(rows: number): string {
  return sheetXml([[...LIST_HEADER], ...Array.from({ length: rows }, () => LIST_HEADER.map((f) => listRow()[f] ?? ''))]);
}

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

describeEachDialect('hostile spreadsheets are refused with a 4xx naming the problem, and nothing is stored', (ctx) => {
  it('a 356-byte workbook with a cell at column ZZZZZZZ (a dry run of units): 400, before any cell is padded', async () => {
    const t = await newTestApp(ctx);
    const sheet = `<worksheet><sheetData><row r="1">${cell('A1', 'code')}${cell('B1', 'name')}${cell('C1', 'kind')}${cell('D1', 'divisionCode')}</row><row r="2">${cell('A2', `ZZ${nextSequence()}`)}<c r="ZZZZZZZ2"><v>1</v></c></row></sheetData></worksheet>`;
    const before = await countRows(t.db, 'units');

    const res = await uploadUnits(t, workbookOf(sheet), '?dryRun=true');

    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/row 2: cell ZZZZZZZ2 is beyond column XFD, the last a worksheet can have/) });
    expect(await countRows(t.db, 'units')).toBe(before);
  });

  it('a recipient list cut short after whole rows: 400 "truncated", never the rows before the cut as the whole list', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const whole = recipientSheet(3);
    const cut = whole.slice(0, whole.indexOf('<row r="4"'));

    const res = await uploadList(t, code, workbookOf(cut), { filename: '名单.xlsx', contentType: XLSX_TYPE });

    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/^名单\.xlsx: the XLSX workbook cannot be read: the worksheet ends before its rows do \(no <\/sheetData>\): the file is cut short/);
    const zh = await uploadList(t, code, workbookOf(cut), { filename: '名单.xlsx', contentType: XLSX_TYPE, language: 'zh-CN' });
    expect(zh.json().error.message).toBe('名单.xlsx：无法读取该 XLSX 工作簿：工作表在其各行结束之前就结束了（没有 </sheetData>）：文件不完整（被截断）');
    expect(await recipientRows(t, code)).toEqual([]);
  });

  it('a recipient list whose row never closes, followed by megabytes: 413 at the row limit', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const whole = recipientSheet(2);
    // Filler that does not compress, in comments (which are skipped), so that neither the ratio nor a cell limit stops it first.
    const filler = Array.from({ length: 300 }, () => `<!--${randomBytes(7_500).toString('base64')}-->`).join('');
    const hostile = `${whole.slice(0, whole.indexOf('</row><row r="3"'))}${filler}`;

    const res = await uploadList(t, code, workbookOf(hostile), { filename: '名单.xlsx', contentType: XLSX_TYPE, dryRun: true });

    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/row 2 runs on for more than 2097152 characters without closing/) });
    expect(await recipientRows(t, code)).toEqual([]);
  });

  it('shared strings inflating more than 200 times their size (a ZIP bomb): 413 naming the part', async () => {
    const t = await newTestApp(ctx);
    const sheet = `<worksheet><sheetData><row r="1">${['A', 'B', 'C', 'D'].map((c, i) => `<c r="${c}1" t="s"><v>${i}</v></c>`).join('')}</row></sheetData></worksheet>`;
    const bomb = `<sst><si><t>code</t></si><si><t>name</t></si><si><t>kind</t></si><si><t>divisionCode</t></si><si><t>${' '.repeat(8 * 1024 * 1024)}</t></si></sst>`;

    const res = await uploadUnits(t, workbookOf(sheet, bomb));

    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().error.message).toMatch(/the shared strings \(xl\/sharedStrings\.xml\) inflates more than 200 times its compressed size/);
  });

  it('a CSV line of 20,000 cells: 400 naming the line', async () => {
    const t = await newTestApp(ctx);
    const code = await createProgram(t);
    const r = listRow();
    const csv = `${LIST_HEADER.join(',')}\r\n${[r.name, r.idNumber, r.phone, r.category, r.address].join(',')}${','.repeat(20_000)}\r\n`;

    const res = await uploadList(t, code, csv);

    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toMatch(/the CSV file cannot be read: line 2 has more than 16384 cells/);
    const zh = await uploadList(t, code, csv, { language: 'zh-CN' });
    expect(zh.json().error.message).toBe('list.csv：无法读取该 CSV 文件：第 2 行超过 16384 个单元格，即电子表格一行最多的单元格数');
    expect(await recipientRows(t, code)).toEqual([]);
  });
});
