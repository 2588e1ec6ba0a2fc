// XLSX files for people who open them in Excel, written with ExcelJS's streaming writer while the
// pages are read: a sheet's rows go out as they are added, never held whole.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Lang } from '../i18n/lang.js';
import { type MessageKey, t } from '../i18n/message.js';
import { drainedOrClosed } from './back-pressure.js';
import { type Cell, type Column, heading } from './table-column.js';

/** Rows a worksheet holds in Excel, its header included; Excel drops the rest when it opens the file. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** A workbook whose zip goes to `out` as it is written. */
export interface StreamedWorkbook {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly out: PassThrough;
}

/**
 * A workbook `fill` writes sheet after sheet, streamed as it goes. Nothing more is written once the
 * client has gone (`out` destroyed); an error of `fill` ends the stream with that error.
 */
export function streamedWorkbook(fill: (book: StreamedWorkbook) => Promise<void>): Readable {
  const out = new PassThrough();
  const book: StreamedWorkbook = { workbook: new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false }), out };
  const write = async () => {
    await fill(book);
    if (!out.destroyed) await book.workbook.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

export interface TableSheetOptions {
  /** A last row in bold, e.g. the totals. */
  totals?: readonly Cell[];
  /** Rows per sheet, header included; more go on to a sheet named "name (2)", and so on. */
  rowsPerSheet?: number;
}

/**
 * Rows as sheets with a frozen bold header row, written page by page as the client reads. A table
 * longer than Excel's limit continues on further sheets rather than being cut when it is opened.
 */
export async function writeTableSheet<T>(
  book: StreamedWorkbook,
  sheetName: MessageKey,
  columns: readonly Column<T>[],
  pages: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
  timeZone: string,
  lang: Lang,
  options: TableSheetOptions = {},
): Promise<void> {
  const rowsPerSheet = options.rowsPerSheet ?? EXCEL_MAX_ROWS;
  let sheetNo = 1;
  let sheet = addTableSheet(book, heading(lang, sheetName), columns, lang);
  let rows = 1;
  for await (const page of pages) {
    for (const item of page) {
      if (rows === rowsPerSheet) {
        sheet.commit();
        sheetNo += 1;
        sheet = addTableSheet(book, t(lang, 'export.sheetContinued', { name: heading(lang, sheetName), n: sheetNo }), columns, lang);
        rows = 1;
      }
      sheet.addRow(columns.map((c) => c.value(item, timeZone, lang))).commit();
      rows += 1;
    }
    // Read the next page only once the client has taken what is written (the zip writer would
    // otherwise buffer the whole file).
    if (book.out.writableNeedDrain) await drainedOrClosed(book.out);
    if (book.out.destroyed) return; // the client went away
  }
  if (options.totals) {
    const totals = sheet.addRow([...options.totals]);
    totals.font = { bold: true };
    totals.commit();
  }
  sheet.commit();
}

function addTableSheet<T>(book: StreamedWorkbook, name: string, columns: readonly Column<T>[], lang: Lang): ExcelJS.Worksheet {
  const sheet = book.workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: heading(lang, c.header),
    key: `c${i}`,
    width: c.width,
    ...(c.numFmt === undefined ? {} : { style: { numFmt: c.numFmt } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return sheet;
}

/** Rows as a one-sheet XLSX file with a frozen header row, written page by page as the client reads. */
export function tableXlsx<T>(columns: readonly Column<T>[], sheetName: MessageKey, pages: AsyncIterable<readonly T[]>, timeZone: string, lang: Lang): Readable {
  return streamedWorkbook((book) => writeTableSheet(book, sheetName, columns, pages, timeZone, lang));
}
