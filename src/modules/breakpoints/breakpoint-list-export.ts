import type { Scope } from '../../domain/access-scope.js';
import type { Readable } from 'node:stream';
import { type Column, INSTANT_FORMAT, localWallTime } from '../../export/table-column.js';
import { tableCsv } from '../../export/table-csv.js';
import { tableXlsx } from '../../export/table-xlsx.js';
import { breakpointTypeName } from './breakpoint-export.js';
import type { Lang } from '../../i18n/lang.js';
import { render, t } from '../../i18n/message.js';
import { breakpointDetail } from '../../i18n/breakpoint-detail.js';
import { knowUnits } from '../units/unit.service.js';
import { type BreakpointReadDeps, breakpointListFilter } from './breakpoint-list.service.js';
import { listBreakpointPage } from './breakpoint-query.repository.js';
import type { TBreakpointExportQuery } from './breakpoint.schemas.js';
import type { BreakpointType } from './breakpoint.table.js';

interface ListedBreakpoint {
  trackingNo: string;
  type: BreakpointType;
  responsibleUnit: string;
  responsibleUnitName: string | null;
  visit: number;
  openedAt: number;
  closedAt: number | null;
  detail: string;
}

const LIST_COLUMNS: readonly Column<ListedBreakpoint>[] = [
  { header: 'export.trackingNo', width: 16, value: (b) => b.trackingNo },
  { header: 'export.type', width: 28, value: (b) => b.type },
  { header: 'export.typeName', width: 18, value: (b, _tz, lang) => breakpointTypeName(b.type, lang) },
  { header: 'export.unitCode', width: 14, value: (b) => b.responsibleUnit },
  { header: 'export.unit', width: 28, value: (b) => b.responsibleUnitName },
  { header: 'export.visit', width: 10, value: (b) => b.visit },
  { header: 'export.openedAt', width: 20, value: (b, tz) => localWallTime(b.openedAt, tz), numFmt: INSTANT_FORMAT },
  { header: 'export.closedAt', width: 20, value: (b, tz) => (b.closedAt === null ? null : localWallTime(b.closedAt, tz)), numFmt: INSTANT_FORMAT },
  { header: 'export.status', width: 10, value: (b, _tz, lang) => t(lang, b.closedAt === null ? 'export.open' : 'export.closed') },
  { header: 'export.detail', width: 60, value: (b, _tz, lang) => render(lang, breakpointDetail(b.detail)) },
];

const PAGE = 1000;

/** Every break-point the list's filters match, newest first, as a CSV or XLSX file written while it is read. */
export function exportBreakpointList(deps: BreakpointReadDeps, query: TBreakpointExportQuery, scope: Scope, lang: Lang): Readable {
  const pages = listedPages(deps, query, scope);
  return query.format === 'csv' ? tableCsv(LIST_COLUMNS, pages, deps.timeZone, lang) : tableXlsx(LIST_COLUMNS, 'export.sheetBreakpoints', pages, deps.timeZone, lang);
}

async function* listedPages(deps: BreakpointReadDeps, query: TBreakpointExportQuery, scope: Scope): AsyncGenerator<ListedBreakpoint[]> {
  const filter = breakpointListFilter(deps, query, scope);
  let after: { openedAt: number; id: number } | undefined;
  for (;;) {
    const rows = await listBreakpointPage(deps.db, filter, 'newest', after, PAGE);
    await knowUnits(deps, rows.map((r) => r.responsible_unit));
    yield rows.map((r) => ({
      trackingNo: r.tracking_no,
      type: r.type,
      responsibleUnit: r.responsible_unit,
      responsibleUnitName: deps.sites.name(r.responsible_unit),
      visit: Number(r.visit),
      openedAt: Number(r.opened_at),
      closedAt: r.closed_at === null ? null : Number(r.closed_at),
      detail: r.detail,
    }));
    const last = rows.at(-1);
    if (rows.length < PAGE || !last) return;
    after = { openedAt: Number(last.opened_at), id: Number(last.id) };
  }
}

/** e.g. breakpoints_open_2026-11-01_2026-11-07_D420506.xlsx; the parts are validated, so plain ASCII. */
export function breakpointListFilename(query: TBreakpointExportQuery): string {
  const parts = ['breakpoints', query.status, query.from, query.to, query.unit].filter((p) => p !== undefined);
  return `${parts.join('_')}.${query.format}`;
}
