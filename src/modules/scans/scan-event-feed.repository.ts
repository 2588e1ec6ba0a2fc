import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { ScanCode } from './scan-event.table.js';

/**
 * Readers that follow the scan events by id (the overview's day cache, the webhook fan-out) ask here
 * how far they may read: see committed-horizon.ts for why PostgreSQL waits for the writers of the
 * moment to answer.
 */
export const committedScanEventHorizon = (db: Db) => committedIdHorizon(db, 'scan_events');
export const latestVisibleScanEventId = (db: Db) => latestVisibleId(db, 'scan_events');

/** A stored scan event as a follower reads it. */
export interface FedScanEvent {
  id: number;
  trackingNo: string;
  code: string;
  atMs: number;
  atOffsetMin: number;
  site: string;
  reason: string | null;
  /** When it was stored: a push's lag is measured from here. */
  receivedAt: number;
}

interface Row {
  id: number | string;
  tracking_no: string;
  code: string;
  at_ms: number | string;
  at_offset_min: number;
  site: string;
  reason: string | null;
  received_at: number | string;
}

const toFed = (r: Row): FedScanEvent => ({
  id: Number(r.id),
  trackingNo: r.tracking_no,
  code: r.code,
  atMs: Number(r.at_ms),
  atOffsetMin: Number(r.at_offset_min),
  site: r.site,
  reason: r.reason,
  receivedAt: Number(r.received_at),
});

const COLUMNS = ['id', 'tracking_no', 'code', 'at_ms', 'at_offset_min', 'site', 'reason', 'received_at'] as const;

/** The next events after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listScanEventsAfter(db: Db, after: number, upTo: number, limit: number): Promise<FedScanEvent[]> {
  const rows = await db.selectFrom('scan_events').select(COLUMNS).where('id', '>', after).where('id', '<=', upTo).orderBy('id').limit(limit).execute();
  return rows.map(toFed);
}

/**
 * The events numbered after `after` and up to `upTo` with one of `codes`, made at `madeFrom` or later,
 * in id order. The span is read whole: the caller keeps it short (a reader that needs a few codes
 * among every scan moves through the ids a span at a time, instead of fetching every row).
 */
export async function listScanEventsInSpan(db: Db, after: number, upTo: number, filter: { codes: readonly ScanCode[]; madeFrom: number }): Promise<FedScanEvent[]> {
  const rows = await db
    .selectFrom('scan_events')
    .select(COLUMNS)
    .where('id', '>', after)
    .where('id', '<=', upTo)
    .where('code', 'in', filter.codes)
    .where('at_ms', '>=', filter.madeFrom)
    .orderBy('id')
    .execute();
  return rows.map(toFed);
}

/** Every event of these items numbered up to `upTo`, in no order; one query per 500 items. */
export async function listEventsOfItemsUpTo(db: Db, trackingNos: readonly string[], upTo: number): Promise<FedScanEvent[]> {
  const out: FedScanEvent[] = [];
  for (let i = 0; i < trackingNos.length; i += 500) {
    const rows = await db
      .selectFrom('scan_events')
      .select(COLUMNS)
      .where('tracking_no', 'in', trackingNos.slice(i, i + 500))
      .where('id', '<=', upTo)
      .execute();
    out.push(...rows.map(toFed));
  }
  return out;
}
