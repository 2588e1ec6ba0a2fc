import type { Db } from '../../db/database.js';
import { listBreakpointsOfItem } from './breakpoint.repository.js';
import { formatUtc } from '../../domain/scan-time.js';

export interface ItemBreakpoint {
  type: string;
  responsibleUnit: string;
  visit: number;
  openedAt: string;
  closedAt: string | null;
  detail: string;
}

/** An item's break-points, open and closed, in the order they opened (for its timeline). */
export async function getItemBreakpoints(db: Db, trackingNo: string): Promise<ItemBreakpoint[]> {
  const rows = await listBreakpointsOfItem(db, trackingNo);
  return rows.map((r) => ({
    type: r.type,
    responsibleUnit: r.responsible_unit,
    visit: r.visit,
    openedAt: formatUtc(r.opened_at),
    closedAt: r.closed_at === null ? null : formatUtc(r.closed_at),
    detail: r.detail,
  }));
}
