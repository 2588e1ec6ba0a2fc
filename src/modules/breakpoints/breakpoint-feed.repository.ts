import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { BreakpointOutboxKind } from './breakpoint.table.js';

/** How far a reader of the break-point outbox by id may go (see committed-horizon.ts). */
export const committedBreakpointOutboxHorizon = (db: Db) => committedIdHorizon(db, 'breakpoint_outbox');
export const latestVisibleBreakpointOutboxId = (db: Db) => latestVisibleId(db, 'breakpoint_outbox');

/** A break-point opened (or reopened) or closed, as the outbox tells it. */
export interface BreakpointOutboxEntry {
  id: number;
  kind: BreakpointOutboxKind;
  breakpointId: number;
  trackingNo: string;
  type: string;
  responsibleUnit: string;
  openedAt: number;
  closedAt: number | null;
  /** When the change was written: the event's instant. */
  createdAt: number;
}

/** The next outbox rows after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listBreakpointOutboxAfter(db: Db, after: number, upTo: number, limit: number): Promise<BreakpointOutboxEntry[]> {
  const rows = await db
    .selectFrom('breakpoint_outbox')
    .select(['id', 'kind', 'breakpoint_id', 'tracking_no', 'type', 'responsible_unit', 'opened_at', 'closed_at', 'created_at'])
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    breakpointId: Number(r.breakpoint_id),
    trackingNo: r.tracking_no,
    type: r.type,
    responsibleUnit: r.responsible_unit,
    openedAt: Number(r.opened_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
    createdAt: Number(r.created_at),
  }));
}
