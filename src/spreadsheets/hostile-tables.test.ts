import { crc32 } from 'node:zlib';
import fc from 'fast-check';
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
    const bytes = Buffer.from(`姓名,手机号\n张三${','.repeat(1_000_000)}\n`);
    await expect(readTable({ bytes }, { work }).then(async (t) => { for await (const _ of t.rows); })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/the CSV file cannot be read: line 2 has more than 16384 cells/),
    });
    // Checked as the line is fed, slice by slice (64 Ki characters): never the million cells of the line.
    expect(work.cells).toBeLessThanOrEqual(2 + 16_384 + 64 * KiB);
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

describe('property: a mutated or truncated file is refused with a 4xx or read correctly, within bounded work', () => {
  // Low limits, so that a mutation can reach them in a small file.
  const limits: Partial<TableLimits> = { maxColumns: 64, maxRowChars: 4 * KiB, maxCellChars: 512, maxMarkupChars: 256, ratioGraceBytes: 16 * KiB, maxInflateRatio: 50, maxSharedStrings: 200 };
  const char = fc.constantFrom(...'张三李四宜昌市夷陵区烈士遗属aZ09&<>"\'.,;-'.split(''));
  const text = fc.array(char, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(''));
  const table = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(text, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }));
  const expectedRows = (rows: readonly (readonly string[])[]) => rows.map((cells, i) => ({ rowNumber: i + 1, cells }));

  /** Markup and text that break a sheet, or push it past a bound, when put anywhere in it. */
  const hostile = fc.constantFrom('<row r="9">', '</row>', '<c r="ZZZZ1">', '<c r="BM1"><v>1</v></c>', '<c', '<row r="1048577"/>', '<!--', '<![CDATA[', '"', '<t>', '</sheetData>', `<t>${'x'.repeat(600)}</t>`, '<v>9999</v>', '&#99999999;', '<!DOCTYPE x>');
  const xlsxMutation = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('cut-sheet' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('cut-strings' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('cut-zip' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: hostile }),
  );

  function workbookFor(rows: readonly (readonly string[])[], shared: boolean, mutation: { kind: string; at?: number; bit?: number; text?: string }): Buffer {
    let sheet: string;
    let strings: string | undefined;
    if (shared) {
      const all = rows.flat();
      strings = `<sst>${all.map((t) => `<si><t>${escapeXml(t)}</t></si>`).join('')}</sst>`;
      let i = 0;
      sheet = `<worksheet><sheetData>${rows.map((cells, r) => `<row r="${r + 1}">${cells.map((_, c) => `<c r="${String.fromCharCode(65 + c)}${r + 1}" t="s"><v>${i++}</v></c>`).join('')}</row>`).join('')}</sheetData></worksheet>`;
    } else {
      sheet = sheetXml(rows);
    }
    const at = (length: number) => (mutation.at ?? 0) % length;
    if (mutation.kind === 'cut-sheet') sheet = sheet.slice(0, at(sheet.length));
    if (mutation.kind === 'cut-strings' && strings) strings = strings.slice(0, at(strings.length));
    if (mutation.kind === 'insert') sheet = sheet.slice(0, at(sheet.length)) + mutation.text + sheet.slice(at(sheet.length));
    const bytes = workbookOf(sheet, strings);
    if (mutation.kind === 'cut-zip') return bytes.subarray(0, at(bytes.length));
    if (mutation.kind === 'flip') bytes[at(bytes.length)]! ^= 1 << mutation.bit!;
    return bytes;
  }

  it('XLSX', async () => {
    await fc.assert(
      fc.asyncProperty(table, fc.boolean(), xlsxMutation, async (rows, shared, mutation) => {
        const bytes = workbookFor(rows, shared, mutation);
        const result = await attempt(bytes, limits);
        if (result.error) {
          expect([400, 413, 415]).toContain(result.error.status);
        } else if (mutation.kind === 'insert') {
          // Inserted markup may make another table that is still well formed; it is read within the limits.
          expect(result.rows.length).toBeGreaterThan(0);
          for (const row of result.rows) expect(row.cells.length).toBeLessThanOrEqual(limits.maxColumns!);
        } else {
          // Cut, flipped or whole: what is read is the table as written, never a part of it.
          expect(result.rows).toEqual(expectedRows(rows));
        }
        expect(result.work.cells).toBeLessThanOrEqual(limits.maxColumns! * (rows.length + 2));
        // Each of the five parts inflates at most to its grace size or its ratio, plus one chunk.
        expect(result.work.inflatedBytes).toBeLessThanOrEqual(5 * (limits.ratioGraceBytes! + 16 * KiB) + limits.maxInflateRatio! * bytes.length);
      }),
      { numRuns: 400 },
    );
  });

  const toCsv = (rows: readonly (readonly string[])[]) => rows.map((r) => r.map((v) => (/[",;\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\r\n');
  const csvHostile = fc.constantFrom(','.repeat(100), '"', '\n', '\r', '\0', '""', '\uFEFF', 'x'.repeat(5_000), '\t', ';');
  const csvMutation = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: csvHostile }),
  );

  it('CSV', async () => {
    const csvLimits: Partial<TableLimits> = { maxColumns: 16, maxRowChars: 1 * KiB };
    await fc.assert(
      fc.asyncProperty(table, csvMutation, async (body, mutation) => {
        // A header as lists have one: the delimiter is guessed from it.
        const rows = [body[0]!.map((_, i) => `列${i}`), ...body];
        let text = toCsv(rows);
        if (mutation.kind === 'cut') text = text.slice(0, mutation.at % text.length);
        if (mutation.kind === 'insert') text = text.slice(0, mutation.at % text.length) + mutation.text + text.slice(mutation.at % text.length);
        const bytes = Buffer.from(text);
        const work = noWork();
        try {
          const table = await readTable({ bytes }, { limits: csvLimits, work });
          const read = [table.header];
          for await (const row of table.rows) read.push(row);
          if (mutation.kind === 'none') expect(read).toEqual(expectedRows(rows));
          for (const row of read) expect(row.cells.length).toBeLessThanOrEqual(csvLimits.maxColumns!);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          expect(mutation.kind).not.toBe('none');
          expect([400, 413]).toContain(err.status);
        }
        // A cell needs a delimiter or a line of its own.
        expect(work.cells).toBeLessThanOrEqual(bytes.length + 1);
      }),
      { numRuns: 400 },
    );
  });
});

it('reads a long CSV over many turns of the event loop, so that other requests are answered meanwhile', async () => {
  const text = [header, ...Array.from({ length: 20_000 }, (_, i) => [`张${i}`, `${13800000000 + i}`])].map((r) => r.join(',')).join('\n');
  let turns = 0;
  let reading = true;
  const turn = () => {
    if (!reading) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  const table = await readTable({ bytes: Buffer.from(text) });
  let rows = 0;
  for await (const _ of table.rows) rows++;
  reading = false;
  expect(rows).toBe(20_000);
  // One turn at least for each slice the parser is fed (64 Ki characters).
  expect(turns).toBeGreaterThanOrEqual(Math.floor(text.length / (64 * 1024)));
});

it('keeps a character outside the BMP whole where the CSV is cut into slices for the parser', async () => {
  // 𠀀 (U+20000) is two UTF-16 code units; the parser is fed 64 Ki code units at a time.
  const head = '姓名,地址\n';
  const text = `${head}${'a'.repeat(64 * 1024 - head.length - 1)}𠀀,宜昌\n张三,夷陵\n`;
  const table = await readTable({ bytes: Buffer.from(text) });
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  expect(rows[0]!.cells[0]!.endsWith('𠀀')).toBe(true);
  expect(rows).toHaveLength(2);
});

it('reads a long worksheet over many turns of the event loop, stored or deflated', async () => {
  const sheet = sheetXml([header, ...Array.from({ length: 20_000 }, (_, i) => [`张${i}`, `${13800000000 + i}`])]);
  for (const method of [0, 8] as const) {
    let turns = 0;
    let reading = true;
    const turn = () => {
      if (!reading) return;
      turns++;
      setImmediate(turn);
    };
    setImmediate(turn);
    const result = await attempt(workbookOf({ data: sheet, method }));
    reading = false;
    expect(result.rows).toHaveLength(20_001);
    // The reader takes 64 KiB of the file at a time.
    expect(turns, `method ${method}`).toBeGreaterThanOrEqual(Math.floor(Buffer.byteLength(sheet) / (64 * 1024)));
  }
});
