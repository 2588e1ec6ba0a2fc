import type { Scope } from '../../domain/access-scope.js';
import type { Readable } from 'node:stream';
import { BREAKPOINT_TYPE_LABELS, type Column, localWallTime, tableCsv, tableXlsx } from './breakpoint-export.js';
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
  { header: '邮件号', width: 16, value: (b) => b.trackingNo },
  { header: '断点类型', width: 28, value: (b) => b.type },
  { header: '断点说明', width: 18, value: (b) => BREAKPOINT_TYPE_LABELS[b.type] },
  { header: '责任单位代码', width: 14, value: (b) => b.responsibleUnit },
  { header: '责任单位', width: 28, value: (b) => b.responsibleUnitName },
  { header: '站点序号', width: 10, value: (b) => b.visit },
  { header: '断点时间', width: 20, value: (b, tz) => localWallTime(b.openedAt, tz), instant: true },
  { header: '关闭时间', width: 20, value: (b, tz) => (b.closedAt === null ? null : localWallTime(b.closedAt, tz)), instant: true },
  { header: '状态', width: 10, value: (b) => (b.closedAt === null ? '未关闭' : '已关闭') },
  { header: '详情', width: 60, value: (b) => b.detail },
];

const PAGE = 1000;

/** Every break-point the list's filters match, newest first, as a CSV or XLSX file written while it is read. */
export function exportBreakpointList(deps: BreakpointReadDeps, query: TBreakpointExportQuery, scope: Scope): Readable {
  const pages = listedPages(deps, query, scope);
  return query.format === 'csv' ? tableCsv(LIST_COLUMNS, pages, deps.timeZone) : tableXlsx(LIST_COLUMNS, '信息断点', pages, deps.timeZone);
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
