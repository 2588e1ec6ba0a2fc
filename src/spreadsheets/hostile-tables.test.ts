import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { escapeXml, sheetXml, workbookOf, zipOf } from '../../test/xlsx-files.js';
import { AppError } from '../errors.js';
import { type ReadTableOptions, type TableRow, readTable } from './read-table.js';
import { type TableLimits, type TableWork, noWork } from './table-limits.js';
import { columnName } from './xlsx-rows.js';

const KiB = 1024;
const MiB = 1024 * KiB;
/** The most a reader inflates past a limit before it notices: one inflated chunk, and one compressed slice. */
const SLACK = 128 * KiB;

/** Reads the whole table; answers the rows, or the AppError it was refused with, and the work done. */
async function attempt(bytes: Buffer, limits: Partial<TableLimits> = {}, extra: Omit<ReadTableOptions, 'limits' | 'work'> & { cancelled?: () => boolean } = {}) {
  const work: TableWork = noWork();
  try {
    const table = await readTable({ bytes, filename: 'list.xlsx', cancelled: extra.cancelled }, { limits, work });
    const rows: TableRow[] = [table.header];
    for await (const row of table.rows) rows.push(row);
    return { rows, work };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { error: err, work };
  }
}

/** The refusal: a 4xx AppError whose message matches. */
function refused(result: Awaited<ReturnType<typeof attempt>>, status: number, message: RegExp): TableWork {
  expect(result.rows, 'the file was read').toBeUndefined();
  expect(result.error!.status).toBe(status);
  expect(result.error!.message).toMatch(message);
  return result.work;
}

const header = ['姓名', '手机号'];

describe('an XLSX past a bound is refused before the costly work', () => {
  it('a cell beyond column XFD (the 16,384th) is refused, naming it; XFD itself is read', async () => {
    const row = (ref: string) => workbookOf(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="${ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`);

    const atXfd = await attempt(row('XFD1'));
    expect(atXfd.rows![0]!.cells).toHaveLength(16_384);
    expect(atXfd.rows![0]!.cells[16_383]).toBe('x');

    const work = refused(await attempt(row('XFE1')), 400, /list\.xlsx: .*row 1: cell XFE1 is beyond column XFD/);
    expect(work.cells).toBe(1);
    // The 356-byte workbook of the report: before, about 8 billion cells were padded.
    const bytes = row('ZZZZZZZ1');
    expect(bytes.length).toBeLessThan(1024);
    expect(refused(await attempt(bytes), 400, /cell ZZZZZZZ1 is beyond column XFD/).cells).toBe(1);
  });

  it('a row of more cells than columns, without references, is refused at the 16,385th', async () => {
    const cells = '<c t="inlineStr"><is><t>a</t></is></c>'.repeat(16_385);
    const work = refused(await attempt(workbookOf(`<worksheet><sheetData><row r="1">${cells}</row></sheetData></worksheet>`)), 400, /row 1: cell XFE1 is beyond column XFD/);
    expect(work.cells).toBe(16_384);
    expect(columnName(16_384)).toBe('XFE');
  });

  it('a row numbered past Excel\'s last row is refused', async () => {
    refused(await attempt(workbookOf('<worksheet><sheetData><row r="99999999999"><c r="A1"><v>1</v></c></row></sheetData></worksheet>')), 400, /numbered "99999999999"; rows run from 1 to 1048576/);
  });

  it('a row that never closes is refused once it passes the row limit, not after the whole sheet', async () => {
    // The report's file: a <row> that never closes, then megabytes of filler; before, it was read to the end and answered as empty.
    const sheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c>${' '.repeat(4 * MiB)}</sheetData></worksheet>`;
    const work = refused(await attempt(workbookOf(sheet), { maxRowChars: 64 * KiB, maxInflateRatio: 10_000 }), 413, /row 2 runs on for more than 65536 characters without closing/);
    expect(work.inflatedBytes).toBeLessThan(64 * KiB + SLACK);
  });

  it('a tag that never closes is refused at the markup limit', async () => {
    const sheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr" ${'x="1" '.repeat(MiB / 6)}`;
    const work = refused(await attempt(workbookOf(sheet), { maxInflateRatio: 10_000 }), 400, /the worksheet: a tag runs on for more than 16384 characters/);
    expect(work.inflatedBytes).toBeLessThan(16 * KiB + SLACK);
  });

  it('a cell holding more text than a spreadsheet cell can is refused', async () => {
    const sheet = `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${'长'.repeat(300 * KiB)}</t></is></c></row></sheetData></worksheet>`;
    refused(await attempt(workbookOf(sheet)), 413, /row 1: cell A1 holds more than 262144 characters/);
  });

  it('rows that are not closed before the next begins, or a cell before the next, are refused', async () => {
    refused(await attempt(workbookOf('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><row r="2"></row></sheetData></worksheet>')), 400, /row 1 never closes before the next row starts/);
    refused(await attempt(workbookOf('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v><c r="B1"><v>2</v></c></row></sheetData></worksheet>')), 400, /row 1: cell A1 never closes before the next cell/);
  });

  it('a worksheet cut short is refused, and told apart from one that has no data rows', async () => {
    const whole = sheetXml([header, ['张三', '13800000000'], ['李四', '13900000000']]);
    const headerOnly = await attempt(workbookOf(sheetXml([header])));
    expect(headerOnly.rows).toEqual([{ rowNumber: 1, cells: header }]);
    refused(await attempt(workbookOf('<worksheet><sheetData/></worksheet>')), 400, /the file has no rows/);

    // Cut after a whole row (before, the rows read so far passed as the whole list) …
    refused(await attempt(workbookOf(whole.slice(0, whole.indexOf('<row r="3"')))), 400, /list\.xlsx: .*ends before its rows do \(no <\/sheetData>\): the file is cut short/);
    // … inside a row, inside a tag, and before the rows start.
    refused(await attempt(workbookOf(whole.slice(0, whole.indexOf('李四')))), 400, /row 3 never closes: the worksheet is cut short/);
    refused(await attempt(workbookOf(whole.slice(0, whole.indexOf('<row r="3"') + 4))), 400, /the worksheet ends inside a tag: the file is truncated/);
    refused(await attempt(workbookOf(whole.slice(0, whole.indexOf('<sheetData>')))), 400, /the worksheet has no sheetData/);
  });

  it('a damaged entry is refused by its checksum, not read as something else', async () => {
    const xml = sheetXml([header, ['张三', '13800000000']]);
    const damaged = xml.replace('张三', '张四');
    const bytes = zipOf([
      { name: 'xl/worksheets/sheet1.xml', data: damaged, crc: crc32(Buffer.from(xml)) },
    ]);
    refused(await attempt(bytes), 400, /the worksheet \(xl\/worksheets\/sheet1\.xml\) is damaged: its checksum does not match/);
  });

  it('a cell naming a shared string the workbook does not have is refused', async () => {
    const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row></sheetData></worksheet>';
    refused(await attempt(workbookOf(sheet, '<sst><si><t>姓名</t></si></sst>')), 400, /row 1: cell B1 names shared string 7, but the workbook has 1/);
  });
});

describe('shared strings are read as a stream, within bounds', () => {
  const sheet = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>';
  const sst = (items: string) => `<sst count="2">${items}</sst>`;

  it('past the inflated-size limit: refused once the limit is passed', async () => {
    const items = Array.from({ length: 40_000 }, (_, i) => `<si><t>${i} 湖北省宜昌市夷陵区</t></si>`).join('');
    const work = refused(await attempt(workbookOf(sheet, sst(items)), { maxSharedStringsBytes: 256 * KiB, maxInflateRatio: 10_000 }), 413, /the shared strings \(xl\/sharedStrings\.xml\) inflates to more than 262144 bytes/);
    expect(work.inflatedBytes).toBeLessThan(256 * KiB + SLACK);
  });

  it('past the compression ratio (a ZIP bomb): refused past the grace size, with the default limits', async () => {
    // 0.3 MB inflating to 300 MiB in the report; here 5 KB to 4 MiB.
    const bomb = sst(`<si><t>姓名</t></si><si><t>${'a'.repeat(4 * MiB)}</t></si>`);
    const bytes = workbookOf(sheet, bomb);
    expect(bytes.length).toBeLessThan(10 * KiB);
    const work = refused(await attempt(bytes), 413, /the shared strings \(xl\/sharedStrings\.xml\) inflates? more than 200 times its compressed size/);
    expect(work.inflatedBytes).toBeLessThan(1 * MiB + SLACK);
  });

  it('an entry whose directory claims too much is refused before anything is inflated', async () => {
    const bytes = workbookOf(sheet, { data: sst('<si><t>姓名</t></si><si><t>手机号</t></si>'), declaredSize: 0xfffffff0 });
    const work = refused(await attempt(bytes), 413, /the shared strings .* inflates? to more than 64 MiB/);
    // Only the workbook's two small parts were inflated.
    expect(work.inflatedBytes).toBeLessThan(400);
  });

  it('more entries than the limit: refused at the first too many', async () => {
    const items = Array.from({ length: 11 }, (_, i) => `<si><t>${i}</t></si>`).join('');
    refused(await attempt(workbookOf(sheet, sst(items)), { maxSharedStrings: 10 }), 413, /the shared strings hold more than 10 entries/);
  });

  it('cut short: refused, never read as fewer strings', async () => {
    refused(await attempt(workbookOf(sheet, '<sst><si><t>姓名</t></si><si><t>手机')), 400, /the shared strings end after 1 entries, before their last one does/);
    refused(await attempt(workbookOf(sheet, '<sst><si><t>姓名</t></si><si><t>手机号</t></si>')), 400, /the shared strings end after 2 entries/);
  });

  it('read correctly when whole: rich runs joined, phonetic runs left out, escapes decoded', async () => {
    const result = await attempt(workbookOf(sheet, sst(`<si><r><t>姓</t></r><r><t>名 &amp;</t></r><rPh><t>せい</t></rPh></si><si><t>${escapeXml('<手机号>')}</t></si>`)));
    expect(result.rows).toEqual([{ rowNumber: 1, cells: ['姓名 &', '<手机号>'] }]);
  });
});

describe('a CSV past a bound is refused', () => {
  it('a line of more cells than a spreadsheet row can have (empty cells too)', async () => {
    const work: TableWork = noWork();
    const bytes = Buffer.from(`姓名,手机号\n张三${','.repeat(20_000)}\n`);
    await expect(readTable({ bytes }, { work }).then(async (t) => { for await (const _ of t.rows); })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/the CSV file cannot be read: line 2 has more than 16384 cells/),
    });
    expect(work.cells).toBeLessThanOrEqual(2 + 16_384);
  });

  it('a record that runs on past the row limit (a quote never closed in a long file)', async () => {
    const bytes = Buffer.from(`姓名,手机号\n张三,"13800000000\n${'李四,13900000000\n'.repeat(10_000)}`);
    await expect(readTable({ bytes }, { limits: { maxRowChars: 64 * KiB } }).then(async (t) => { for await (const _ of t.rows); })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/row 2 runs on past line \d+ for more than 65536 characters: a quote \(\"\) is probably never closed/),
    });
  });
});

it('stops reading when the client has gone', async () => {
  const rows = Array.from({ length: 2_000 }, (_, i) => [`张${i}`, `${13800000000 + i}`]);
  let asked = 0;
  const cancelled = () => ++asked > 1;
  refused(await attempt(workbookOf(sheetXml([header, ...rows])), {}, { cancelled }), 400, /the upload was abandoned/);
  const csv = Buffer.from([header, ...rows].map((r) => r.join(',')).join('\n'));
  asked = 0;
  await expect(readTable({ bytes: csv, cancelled }).then(async (t) => { for await (const _ of t.rows); })).rejects.toThrow(/the upload was abandoned/);
});
