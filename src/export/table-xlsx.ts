// XLSX files for people who open them in Excel, written with ExcelJS's streaming writer while the
// pages are read: a sheet's rows go out as they are added, never held whole.
import { EventEmitter } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { Lang } from '../i18n/lang.js';
import { type MessageKey, t } from '../i18n/message.js';
import { drainedOrClosed } from './back-pressure.js';
import { type Cell, type Column, heading } from './table-column.js';

/** What an XLSX answer's Content-Type says. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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
  const write = async () => {
    // ExcelJS is loaded with the first workbook asked for, not with the server (src/load-on-first-call.ts).
    const { default: exceljs } = await import('exceljs');
    const book: StreamedWorkbook = { workbook: new exceljs.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false }), out };
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
 * Hazard: every sheet added before must be committed: the zip takes one sheet at a time, so waiting
 * for this one's XML to be taken would wait for ever behind a sheet still open.
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
  const addRow = (values: Cell[]): ExcelJS.Row => {
    if (rows === rowsPerSheet) {
      sheet.commit();
      sheetNo += 1;
      sheet = addTableSheet(book, t(lang, 'export.sheetContinued', { name: heading(lang, sheetName), n: sheetNo }), columns, lang);
      rows = 1;
    }
    rows += 1;
    return sheet.addRow(values);
  };
  for await (const page of pages) {
    for (const item of page) addRow(columns.map((c) => c.value(item, timeZone, lang))).commit();
    // Read the next page only once the zip has compressed what is written and the client has taken
    // it; otherwise the whole file would pile up in one buffer or the other.
    const intake = zipIntake(sheet);
    if (intake?._writableState.needDrain) await drainedOrClosed(intake, book.out);
    if (book.out.writableNeedDrain) await drainedOrClosed(book.out);
    if (book.out.destroyed) return; // the client went away
  }
  if (options.totals) {
    const totals = addRow([...options.totals]);
    totals.font = { bold: true };
    totals.commit();
  }
  sheet.commit();
}

/** The stream through which a sheet's XML enters the zip (see zipIntake). */
interface ZipIntake extends EventEmitter {
  _writableState: { needDrain: boolean };
}

/**
 * Hazard: ExcelJS writes a sheet's XML into the zip without ever waiting (its StreamBuf ignores
 * back-pressure), and archiver takes it through a PassThrough (readable-stream 2) that buffers all
 * the XML deflate, on the thread pool, has not yet compressed. Rows added faster than that pile up
 * there, out of sight of `out`: a million rows would be held in memory. This reaches into both
 * libraries for that PassThrough; if an upgrade moves it, the result is undefined, which the tests
 * check (table-xlsx.test.ts), rather than memory quietly growing again.
 */
export function zipIntake(sheet: ExcelJS.Worksheet): ZipIntake | undefined {
  const intake = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0];
  if (!(intake instanceof EventEmitter)) return undefined;
  return typeof (intake as Partial<ZipIntake>)._writableState?.needDrain === 'boolean' ? (intake as ZipIntake) : undefined;
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
