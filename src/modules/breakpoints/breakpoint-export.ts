// Files of offending items for people who open them in Excel: CSV (UTF-8 with a BOM, so Excel reads
// Chinese correctly) and XLSX. Both are written while the pages are read, never held whole.
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { offsetMsAt } from '../../domain/local-day.js';
import type { BreakpointType } from './breakpoint.table.js';

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

/** The zh-CN names operators use (DESIGN §5). */
export const BREAKPOINT_TYPE_LABELS: Record<BreakpointType, string> = {
  MISSING_ACCEPTANCE: '收寄未扫描',
  MISSING_INBOUND: '进口未扫描',
  MISSING_OUTBOUND: '出口未扫描',
  MISSING_OUT_FOR_DELIVERY: '下段未扫描',
  SILENT_IN_TRANSIT: '在途无信息',
  SILENT_AT_OFFICE: '解车未下段',
  NO_DELIVERY_RESULT: '当班未反馈投递信息',
  SILENT_HELD: '入库未出库',
};

type Cell = string | number | Date | null;

export interface Column<T> {
  header: string;
  width: number;
  value(item: T, timeZone: string): Cell;
  /** An instant: a date cell in XLSX, local "YYYY-MM-DD HH:mm:ss" in CSV. */
  instant?: boolean;
}

export const OFFENDING_COLUMNS: readonly Column<OffendingItem>[] = [
  { header: '邮件号', width: 16, value: (i) => i.trackingNo },
  { header: '断点类型', width: 28, value: (i) => i.type },
  { header: '断点说明', width: 14, value: (i) => BREAKPOINT_TYPE_LABELS[i.type] },
  { header: '责任单位代码', width: 14, value: (i) => i.responsibleUnit },
  { header: '责任单位', width: 28, value: (i) => i.responsibleUnitName },
  { header: '站点序号', width: 10, value: (i) => i.visit },
  { header: '断点时间', width: 20, value: (i, tz) => localWallTime(i.openedAt, tz), instant: true },
  { header: '最后事件', width: 20, value: (i) => i.lastEventCode },
  { header: '最后事件时间', width: 20, value: (i, tz) => (i.lastEventAt === null ? null : localWallTime(i.lastEventAt, tz)), instant: true },
  { header: '最后事件单位代码', width: 16, value: (i) => i.lastEventSite },
  { header: '最后事件单位', width: 28, value: (i) => i.lastEventSiteName },
];

/**
 * The local wall time of an instant as a Date whose UTC fields read as that local time: what Excel
 * shows for a date cell (Excel dates have no zone).
 */
export function localWallTime(ms: number, timeZone: string): Date {
  return new Date(ms + offsetMsAt(ms, timeZone));
}

const formatWallTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

export const offendingCsv = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string) => tableCsv(OFFENDING_COLUMNS, pages, timeZone);
export const offendingXlsx = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string) => tableXlsx(OFFENDING_COLUMNS, '断点邮件', pages, timeZone);

/** Rows as CSV, UTF-8 with a BOM (so Excel reads Chinese), written page by page as the client reads. */
export function tableCsv<T>(columns: readonly Column<T>[], pages: AsyncIterable<readonly T[]>, timeZone: string): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${columns.map((c) => csvField(c.header)).join(',')}\r\n`;
    for await (const page of pages) {
      let chunk = '';
      for (const item of page) {
        chunk += `${columns.map((c) => csvField(c.value(item, timeZone))).join(',')}\r\n`;
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
export function tableXlsx<T>(columns: readonly Column<T>[], sheetName: string, pages: AsyncIterable<readonly T[]>, timeZone: string): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    ...(c.instant ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const write = async () => {
    for await (const page of pages) {
      for (const item of page) sheet.addRow(columns.map((c) => c.value(item, timeZone))).commit();
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
