import ExcelJS from 'exceljs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type TableRow, decodeCsv, guessDelimiter, readTable } from './read-table.js';
import { columnIndex, decodeXmlText } from './xlsx-rows.js';
import { zipOf } from '../../test/xlsx-files.js';
import { msg, render } from '../i18n/message.js';

async function readAll(bytes: Uint8Array, filename?: string): Promise<{ header: TableRow; rows: TableRow[]; format: string; encoding: string | null }> {
  const table = await readTable({ bytes, filename });
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  expect(table.fractionRead()).toBe(1);
  return { header: table.header, rows, format: table.format, encoding: table.encoding };
}

/** CSV as a spreadsheet writes it: a cell is quoted when it holds a delimiter, a quote or a line break. */
function toCsv(records: readonly (readonly string[])[], delimiter = ','): string {
  const quote = (v: string) => (v.includes(delimiter) || /["\r\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
  return records.map((r) => r.map(quote).join(delimiter)).join('\r\n');
}

describe('readTable: CSV', () => {
  it('numbers rows as a spreadsheet does: header row 1, blank lines counted but not returned', async () => {
    const { header, rows } = await readAll(Buffer.from('姓名,手机号\r\n张三,1\r\n\r\n,\r\n"李\r\n四",2\r\n王五,3'));
    expect(header).toEqual({ rowNumber: 1, cells: ['姓名', '手机号'] });
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['张三', '1'] },
      { rowNumber: 5, cells: ['李\r\n四', '2'] },
      { rowNumber: 6, cells: ['王五', '3'] },
    ]);
  });

  it('tells UTF-8 (with or without BOM), UTF-16 and GBK apart', () => {
    const text = '姓名,类别\n张三,烈士遗属\n';
    expect(decodeCsv(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeCsv(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('takes the delimiter the header uses: comma, tab or semicolon', async () => {
    expect(guessDelimiter('a\tb\tc\n1,2,3')).toBe('\t');
    expect(guessDelimiter('a;b\n')).toBe(';');
    expect(guessDelimiter('a')).toBe(',');
    const { header, rows } = await readAll(Buffer.from('姓名\t地址\n张三\t湖北省宜昌市,夷陵区\n'));
    expect(header.cells).toEqual(['姓名', '地址']);
    expect(rows[0]!.cells).toEqual(['张三', '湖北省宜昌市,夷陵区']);
  });

  it('reports a quote that is never closed as a problem of its row', async () => {
    const { rows } = await readAll(Buffer.from('a,b\n1,2\n3,"open\n4,5\n'));
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['1', '2'] },
      { rowNumber: 3, cells: [], problem: msg('csv.quoteNotClosed') },
    ]);
    expect(render('en', rows[1]!.problem!)).toContain('never closed');
    expect(render('zh-CN', rows[1]!.problem!)).toContain('没有闭合');
  });

  it('refuses an empty file and an .xls workbook', async () => {
    await expect(readTable({ bytes: Buffer.alloc(0) })).rejects.toThrow(/empty/);
    await expect(readTable({ bytes: Buffer.from('\n\n') })).rejects.toThrow(/no rows/);
    await expect(readTable({ bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]) })).rejects.toThrow(/\.xls/);
    await expect(readTable({ bytes: Buffer.from('a,b'), filename: 'list.xlsx' })).rejects.toThrow(/not an XLSX/);
  });

  it('gives back any table written as CSV, in UTF-8 or GBK, cell for cell', async () => {
    // Cells of Chinese, ASCII, quotes, delimiters and line breaks; GBK cannot encode everything, so
    // the GBK run keeps to characters it can.
    const cjk = fc.constantFrom(...'张三李四王五宜昌市夷陵区烈士遗属普通'.split(''));
    const ascii = fc.constantFrom(...'aZ09 ,;"\n\r-'.split(''));
    const cell = fc.array(fc.oneof(cjk, ascii), { maxLength: 12 }).map((cs) => cs.join(''));
    const table = fc.integer({ min: 1, max: 6 }).chain((width) =>
      fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 20 }).map((rows) => [
        Array.from({ length: width }, (_, i) => `列${i}`),
        ...rows,
      ]),
    );
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom('utf-8', 'gbk', 'utf-8-bom'), async (records, encoding) => {
        const text = toCsv(records);
        const bytes =
          encoding === 'gbk' ? iconv.encode(text, 'gbk') : encoding === 'utf-8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text);
        const { header, rows } = await readAll(bytes);
        expect(header).toEqual({ rowNumber: 1, cells: records[0] });
        // A row whose cells are all blank is left out; the others keep their place and numbers.
        const expected = records
          .slice(1)
          .map((cells, i) => ({ rowNumber: i + 2, cells }))
          .filter((r) => r.cells.some((c) => c.trim() !== ''));
        expect(rows).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe('readTable: XLSX', () => {
  it('reads the first worksheet as the sheet shows it, flagging numbers too large to be exact', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号', '手机号', '备注']);
    sheet.addRow(['张三', '11010519491231002X', 13812345678, { richText: [{ text: '富' }, { text: '文本' }] }]);
    sheet.addRow([]);
    sheet.addRow(['李四', 110105194912310020, { formula: 'C2', result: 13812345678 }, true]);
    sheet.getCell('A6').value = '只有一格';
    workbook.addWorksheet('说明').addRow(['不读这一页']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const { format, encoding, header, rows } = await readAll(bytes, 'list.xlsx');

    expect({ format, encoding }).toEqual({ format: 'xlsx', encoding: null });
    expect(header).toEqual({ rowNumber: 1, cells: ['姓名', '身份证号', '手机号', '备注'] });
    expect(rows).toEqual([
      { rowNumber: 2, cells: ['张三', '11010519491231002X', '13812345678', '富文本'] },
      { rowNumber: 4, cells: ['李四', '110105194912310020', '13812345678', 'TRUE'], inexact: [1] },
      { rowNumber: 6, cells: ['只有一格'] },
    ]);
  });

  it('keeps every Chinese character whole, wherever the inflated stream is cut', async () => {
    // ExcelJS's own streaming reader turns a character cut between two inflated chunks into U+FFFD.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    const expected: string[][] = [['姓名', '地址']];
    for (let i = 0; i < 5_000; i++) expected.push([`张三${i}`, `山西省太原市山西转型综合改革示范区人民路${i}号${'楼'.repeat(i % 7)}`]);
    for (const r of expected) sheet.addRow(r);
    const { header, rows } = await readAll(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect([header.cells, ...rows.map((r) => r.cells)]).toEqual(expected);
  });

  it('reads SpreadsheetML as other writers make it: prefixes, inline and rich strings, escapes, the first sheet by workbook order', async () => {
    const ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const bytes = zipOf({
      '[Content_Types].xml': '<Types/>',
      'xl/workbook.xml': `<x:workbook ${ns}><x:sheets><x:sheet name="名单" sheetId="2" r:id="rId7"/><x:sheet name="其他" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      'xl/_rels/workbook.xml.rels':
        '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
      'xl/sharedStrings.xml': '<sst><si><t>姓名</t></si><si><r><t>地</t></r><r><rPr><b/></rPr><t xml:space="preserve">址 </t></r></si><si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si><si/></sst>',
      'xl/worksheets/sheet1.xml': `<x:worksheet ${ns}><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>不读</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
      'xl/worksheets/sheet2.xml': `<x:worksheet ${ns}><x:dimension ref="A1:D4"/><x:sheetData>
        <x:row r="1" spans="1:4"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
        <x:row r="2"/>
        <x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>A &amp; B &lt;C&gt; &#x4E2D;&#25991;_x000D_</x:t></x:is></x:c><x:c r="C3" t="s"><x:v>2</x:v></x:c><x:c r="D3" t="b"><x:v>1</x:v></x:c></x:row>
        <x:row><x:c t="str"><x:f>A1</x:f><x:v>公式</x:v></x:c><x:c s="3"><x:v>13812345678</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c r="E4"/></x:row>
      </x:sheetData><x:rowBreaks count="1"><x:brk id="3"/></x:rowBreaks></x:worksheet>`,
    });

    const { header, rows } = await readAll(bytes, 'sdk.xlsx');

    expect(header).toEqual({ rowNumber: 1, cells: ['姓名', '地址 ', '', ''] });
    expect(rows).toEqual([
      { rowNumber: 3, cells: ['A & B <C> 中文\r', '', '東京', 'TRUE'] },
      { rowNumber: 4, cells: ['公式', '13812345678', '#N/A', '', ''] },
    ]);
  });

  it('decodes XML text and numbers columns', () => {
    expect(decodeXmlText('a_x005F_x000D_b')).toBe('a_x000D_b');
    expect(decodeXmlText('&quot;&apos;&#128512;')).toBe('"\'😀');
    expect(['A', 'Z', 'AA', 'AZ', 'BA', 'XFD'].map(columnIndex)).toEqual([0, 25, 26, 51, 52, 16_383]);
  });

  it('refuses a corrupt workbook with a clear error', async () => {
    const bytes = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]);
    const attempt = async () => {
      const table = await readTable({ bytes, filename: 'broken.xlsx' });
      for await (const _ of table.rows);
    };
    await expect(attempt()).rejects.toThrow(/broken\.xlsx: /);
  });
});
