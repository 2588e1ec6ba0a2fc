import type { FoundBreakpoint } from '../../domain/breakpoint-rules.js';
import type { BreakpointType } from './breakpoint.table.js';

/** A break-point row as stored, as far as the write path needs it. */
export interface StoredBreakpoint {
  id: number;
  type: BreakpointType;
  visit: number;
  responsibleUnit: string;
  openedAt: number;
  closedAt: number | null;
  detail: string;
}

/** What changes in one item's break-points: opened, reopened, changed, closed, renumbered. */
export interface BreakpointChanges {
  trackingNo: string;
  open: FoundBreakpoint[];
  reopen: { id: number; found: FoundBreakpoint }[];
  change: { id: number; found: FoundBreakpoint }[];
  close: number[];
  /** Open silences whose visit was renumbered by earlier events arriving late: same row, new visit. */
  renumber: { id: number; visit: number }[];
}

/**
 * The one writer of `breakpoints` and `breakpoint_outbox`, used by the scan write path and by the
 * silence sweep, inside their transaction. Every break-point opened or reopened gets its outbox row in
 * the same transaction, and so does every one closed.
 */
export interface BreakpointWriter {
  /** The items' break-points, open and closed. */
  ofItems(trackingNos: readonly string[]): Promise<Map<string, StoredBreakpoint[]>>;
  /** Applies the changes; answers how many break-points were closed by them (already closed ones are not counted). */
  apply(changes: readonly BreakpointChanges[], now: number): Promise<{ closed: number }>;
  /** Closes every open break-point of these items. */
  closeAllOf(trackingNos: readonly string[], now: number): Promise<void>;
}

/** A break-point row as both engines read it. */
export interface BreakpointRow {
  id: number | string;
  tracking_no: string;
  type: string;
  visit: number;
  responsible_unit: string;
  opened_at: number | string;
  closed_at: number | string | null;
  detail: string;
}

/** Rows grouped by item, keeping their order. */
export function groupByItem(rows: readonly BreakpointRow[]): Map<string, StoredBreakpoint[]> {
  const out = new Map<string, StoredBreakpoint[]>();
  for (const r of rows) {
    const b: StoredBreakpoint = {
      id: Number(r.id),
      type: r.type as BreakpointType,
      visit: r.visit,
      responsibleUnit: r.responsible_unit,
      openedAt: Number(r.opened_at),
      closedAt: r.closed_at === null ? null : Number(r.closed_at),
      detail: r.detail,
    };
    const list = out.get(r.tracking_no);
    if (list) list.push(b);
    else out.set(r.tracking_no, [b]);
  }
  return out;
}
