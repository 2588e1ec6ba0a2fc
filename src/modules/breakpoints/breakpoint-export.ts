// Files of offending items for people who open them in Excel: CSV (UTF-8 with a BOM, so Excel reads
// Chinese correctly) and XLSX. Both are written while the pages are read, never held whole.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { offsetMsAt } from '../../domain/local-day.js';
import type { BreakpointType } from './breakpoint.table.js';
import type { Lang } from '../../i18n/lang.js';
import { termOf } from '../../i18n/glossary.js';
import { Message, type MessageKey, render } from '../../i18n/message.js';

export interface OffendingItem {
  trackingNo: string;
  type: BreakpointType;
  responsibleUnit: string;
  responsibleUnitName: string | null;
  visit: number;
  openedAt: number;
  lastEventCode: string | null;
  lastEventAt: number | null;
  lastEventSite: string | null;
  lastEventSiteName: string | null;
}

/** A break-point type's name in the reader's language, from the glossary the console uses too (DESIGN §5). */
export const breakpointTypeName = (type: BreakpointType, lang: Lang) => termOf('bpType', type, lang === 'en' ? 'en' : 'zh');

type Cell = string | number | Date | null;

/** A column heading or sheet name (a catalog key without parameters) in the reader's language. */
const heading = (lang: Lang, key: MessageKey) => render(lang, new Message(key));

export interface Column<T> {
  header: MessageKey;
  width: number;
  value(item: T, timeZone: string, lang: Lang): Cell;
  /** An instant: a date cell in XLSX, local "YYYY-MM-DD HH:mm:ss" in CSV. */
  instant?: boolean;
}

export const OFFENDING_COLUMNS: readonly Column<OffendingItem>[] = [
  { header: 'export.trackingNo', width: 16, value: (i) => i.trackingNo },
  { header: 'export.type', width: 28, value: (i) => i.type },
  { header: 'export.typeName', width: 14, value: (i, _tz, lang) => breakpointTypeName(i.type, lang) },
  { header: 'export.unitCode', width: 14, value: (i) => i.responsibleUnit },
  { header: 'export.unit', width: 28, value: (i) => i.responsibleUnitName },
  { header: 'export.visit', width: 10, value: (i) => i.visit },
  { header: 'export.openedAt', width: 20, value: (i, tz) => localWallTime(i.openedAt, tz), instant: true },
  { header: 'export.lastEvent', width: 20, value: (i) => i.lastEventCode },
  { header: 'export.lastEventAt', width: 20, value: (i, tz) => (i.lastEventAt === null ? null : localWallTime(i.lastEventAt, tz)), instant: true },
  { header: 'export.lastEventSiteCode', width: 16, value: (i) => i.lastEventSite },
  { header: 'export.lastEventSite', width: 28, value: (i) => i.lastEventSiteName },
];

/**
 * The local wall time of an instant as a Date whose UTC fields read as that local time: what Excel
 * shows for a date cell (Excel dates have no zone).
 */
export function localWallTime(ms: number, timeZone: string): Date {
  return new Date(ms + offsetMsAt(ms, timeZone));
}

const formatWallTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export const offendingCsv = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string, lang: Lang) => tableCsv(OFFENDING_COLUMNS, pages, timeZone, lang);
export const offendingXlsx = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string, lang: Lang) => tableXlsx(OFFENDING_COLUMNS, 'export.sheetOffending', pages, timeZone, lang);

/** Rows as CSV, UTF-8 with a BOM (so Excel reads Chinese), written page by page as the client reads. */
export function tableCsv<T>(columns: readonly Column<T>[], pages: AsyncIterable<readonly T[]>, timeZone: string, lang: Lang): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${columns.map((c) => csvField(heading(lang, c.header))).join(',')}\r\n`;
    for await (const page of pages) {
      let chunk = '';
      for (const item of page) {
        chunk += `${columns.map((c) => csvField(c.value(item, timeZone, lang))).join(',')}\r\n`;
      }
      yield chunk;
    }
  }
  // Readable.from pulls the next page only when the client has taken the previous one.
  return Readable.from(lines());
}

function csvField(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return formatWallTime(value);
  if (typeof value === 'number') return String(value);
  // A cell starting with = + - @ is run as a formula by spreadsheet programs; unit names are typed by
  // people, so such text is quoted as text (OWASP "CSV injection").
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as one XLSX sheet with a frozen header row, written page by page as the client reads. */
export function tableXlsx<T>(columns: readonly Column<T>[], sheetName: MessageKey, pages: AsyncIterable<readonly T[]>, timeZone: string, lang: Lang): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(heading(lang, sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: heading(lang, c.header),
    key: `c${i}`,
    width: c.width,
    ...(c.instant ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const write = async () => {
    for await (const page of pages) {
      for (const item of page) sheet.addRow(columns.map((c) => c.value(item, timeZone, lang))).commit();
      // Read the next page only once the client has taken what is written (the zip writer would
      // otherwise buffer the whole file).
      if (out.writableNeedDrain) await drainedOrClosed(out);
      if (out.destroyed) return; // the client went away
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

async function drainedOrClosed(stream: PassThrough): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })]);
  } finally {
    done.abort(); // removes the listener still waiting
  }
}

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** e.g. breakpoint-items_2026-11-01_2026-11-07_U42.csv; the parts are validated, so plain ASCII. */
export function offendingFilename(query: { from: string; to: string; group?: string | undefined }, format: 'csv' | 'xlsx'): string {
  return `breakpoint-items_${query.from}_${query.to}${query.group === undefined ? '' : `_${query.group}`}.${format}`;
}
