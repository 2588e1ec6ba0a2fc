import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type Column, YUAN_FORMAT } from './table-column.js';
import { streamedWorkbook, writeTableSheet, zipIntake } from './table-xlsx.js';

interface Row {
  no: number;
  fen: number;
}

const COLUMNS: readonly Column<Row>[] = [
  { header: 'export.visit', width: 8, value: (r) => r.no },
  { header: 'export.trackingNo', width: 12, value: (r) => r.fen / 100, numFmt: YUAN_FORMAT },
];

async function* pagesOf(count: number, pageSize: number): AsyncGenerator<Row[]> {
  for (let start = 1; start <= count; start += pageSize) {
    yield Array.from({ length: Math.min(pageSize, count - start + 1) }, (_, i) => ({ no: start + i, fen: (start + i) * 101 }));
  }
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('writeTableSheet', () => {
  it('goes on in a sheet named "name (2)" when a sheet is full, header repeated, totals in bold after the last row', async () => {
    const file = streamedWorkbook((book) => writeTableSheet(book, 'export.sheetOffending', COLUMNS, pagesOf(9, 4), 'UTC', 'en', { rowsPerSheet: 5, totals: ['Total', 45.45] }));
    const workbook = await load(await buffer(file));

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Offending items', 'Offending items (2)', 'Offending items (3)']);
    const [first, second, third] = workbook.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(first.rowCount).toBe(5);
    expect(second.rowCount).toBe(5);
    for (const sheet of workbook.worksheets) {
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Visit', 'Tracking no.']);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    }
    expect(first.getColumn(1).values.slice(2)).toEqual([1, 2, 3, 4]);
    expect(second.getColumn(1).values.slice(2)).toEqual([5, 6, 7, 8]);
    expect((third.getRow(2).values as unknown[]).slice(1)).toEqual([9, 9.09]);
    expect(third.getRow(2).getCell(2).numFmt).toBe(YUAN_FORMAT);
    expect((third.getRow(3).values as unknown[]).slice(1)).toEqual(['Total', 45.45]);
    expect(third.getRow(3).getCell(1).font?.bold).toBe(true);
    expect(third.rowCount).toBe(3);
  });

  it('puts the totals on a sheet of their own when the last one is full', async () => {
    const file = streamedWorkbook((book) => writeTableSheet(book, 'export.sheetOffending', COLUMNS, pagesOf(8, 3), 'UTC', 'en', { rowsPerSheet: 5, totals: ['Total', 36.36] }));
    const workbook = await load(await buffer(file));
    expect(workbook.worksheets.map((s) => s.rowCount)).toEqual([5, 5, 2]);
    expect((workbook.worksheets[2]!.getRow(2).values as unknown[]).slice(1)).toEqual(['Total', 36.36]);
  });

  it('stops reading pages, and lets the source close, when the client goes away', async () => {
    let read = 0;
    let closed = false;
    async function* pages(): AsyncGenerator<Row[]> {
      try {
        for (let page = 0; page < 1_000; page++) {
          read += 1;
          yield Array.from({ length: 1_000 }, (_, i) => ({ no: page * 1_000 + i, fen: i }));
        }
      } finally {
        closed = true;
      }
    }
    const file = streamedWorkbook((book) => writeTableSheet(book, 'export.sheetOffending', COLUMNS, pages(), 'UTC', 'en'));
    await new Promise<void>((resolve) => {
      file.once('data', () => {
        file.destroy();
        resolve();
      });
    });
    for (let turns = 0; !closed && turns < 1_000; turns++) await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
    expect(read).toBeLessThan(1_000);
  });
});

describe('zipIntake', () => {
  it('finds where ExcelJS hands a sheet to the zip, so the writer can wait for deflate', async () => {
    let found: unknown;
    const file = streamedWorkbook(async (book) => {
      const sheet = book.workbook.addWorksheet('s');
      sheet.addRow(['a']).commit();
      found = zipIntake(sheet);
      sheet.commit();
    });
    await buffer(file);
    expect(found).toBeDefined();
  });

  it('holds the source back until the zip has compressed what was written', async () => {
    let out = 0;
    let outWhenLastPulled = -1;
    const count = 60;
    async function* pages(): AsyncGenerator<Row[]> {
      for (let page = 0; page < count; page++) {
        if (page === count - 1) outWhenLastPulled = out;
        await new Promise((resolve) => setImmediate(resolve));
        yield Array.from({ length: 1_000 }, (_, i) => ({ no: page * 1_000 + i, fen: i * 7 }));
      }
    }
    const file = streamedWorkbook((book) => writeTableSheet(book, 'export.sheetOffending', COLUMNS, pages(), 'UTC', 'en'));
    file.on('data', (chunk: Buffer) => (out += chunk.length));
    await new Promise((resolve) => file.on('end', resolve));
    // Unchecked, deflate falls behind and most of the file comes out after the last page is read.
    expect(outWhenLastPulled / out).toBeGreaterThan(0.8);
  });
});
