// Files of offending items for people who open them in Excel: CSV and XLSX, both written while the
// pages are read, never held whole.
import type { BreakpointType } from './breakpoint.table.js';
import { type Column, INSTANT_FORMAT, localWallTime } from '../../export/table-column.js';
import { tableCsv } from '../../export/table-csv.js';
import { XLSX_CONTENT_TYPE, tableXlsx } from '../../export/table-xlsx.js';
import type { Lang } from '../../i18n/lang.js';
import { termOf } from '../../i18n/glossary.js';

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

export const OFFENDING_COLUMNS: readonly Column<OffendingItem>[] = [
  { header: 'export.trackingNo', width: 16, value: (i) => i.trackingNo },
  { header: 'export.type', width: 28, value: (i) => i.type },
  { header: 'export.typeName', width: 14, value: (i, _tz, lang) => breakpointTypeName(i.type, lang) },
  { header: 'export.unitCode', width: 14, value: (i) => i.responsibleUnit },
  { header: 'export.unit', width: 28, value: (i) => i.responsibleUnitName },
  { header: 'export.visit', width: 10, value: (i) => i.visit },
  { header: 'export.openedAt', width: 20, value: (i, tz) => localWallTime(i.openedAt, tz), numFmt: INSTANT_FORMAT },
  { header: 'export.lastEvent', width: 20, value: (i) => i.lastEventCode },
  { header: 'export.lastEventAt', width: 20, value: (i, tz) => (i.lastEventAt === null ? null : localWallTime(i.lastEventAt, tz)), numFmt: INSTANT_FORMAT },
  { header: 'export.lastEventSiteCode', width: 16, value: (i) => i.lastEventSite },
  { header: 'export.lastEventSite', width: 28, value: (i) => i.lastEventSiteName },
];

export const offendingCsv = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string, lang: Lang) => tableCsv(OFFENDING_COLUMNS, pages, timeZone, lang);
export const offendingXlsx = (pages: AsyncIterable<readonly OffendingItem[]>, timeZone: string, lang: Lang) => tableXlsx(OFFENDING_COLUMNS, 'export.sheetOffending', pages, timeZone, lang);

export const EXPORT_CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: XLSX_CONTENT_TYPE,
} as const;

/** e.g. breakpoint-items_2026-11-01_2026-11-07_U42.csv; the parts are validated, so plain ASCII. */
export function offendingFilename(query: { from: string; to: string; group?: string | undefined }, format: 'csv' | 'xlsx'): string {
  return `breakpoint-items_${query.from}_${query.to}${query.group === undefined ? '' : `_${query.group}`}.${format}`;
}
