import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import type { ReconciliationEvent } from './reconciliation.rules.js';

/** Bounded IN lists: SQLite caps bound parameters per statement. */
const CHUNK = 500;

/**
 * Tracking numbers of the items with an event of one of `codes` at `site` in [fromMs, toMs).
 * Served by the `scan_events (site, at_ms)` index.
 */
export async function findTrackingNosAtSite(db: Db, site: string, codes: readonly ScanCode[], fromMs: number, toMs: number): Promise<string[]> {
  const rows = await db
    .selectFrom('scan_events')
    .select('tracking_no')
    .distinct()
    .where('site', '=', site)
    .where('at_ms', '>=', fromMs)
    .where('at_ms', '<', toMs)
    .where('code', 'in', codes)
    .execute();
  return rows.map((r) => r.tracking_no);
}

/**
 * Tracking numbers of the items HELD at `site` in [fromMs, toMs). The code is written into the
 * statement (not bound) so that the partial index `scan_events_held` serves it.
 */
export async function findHeldTrackingNosAtSite(db: Db, site: string, fromMs: number, toMs: number): Promise<string[]> {
  const rows = await db
    .selectFrom('scan_events')
    .select('tracking_no')
    .distinct()
    .where('site', '=', site)
    .where('at_ms', '>=', fromMs)
    .where('at_ms', '<', toMs)
    .where(sql.ref('code'), '=', sql.lit('HELD'))
    .execute();
  return rows.map((r) => r.tracking_no);
}

/** The whole event sets of the given items, at every site, in event order per item. */
export async function listEventsOfItems(db: Db, trackingNos: readonly string[]): Promise<ReconciliationEvent[]> {
  const events: ReconciliationEvent[] = [];
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const rows = await db
      .selectFrom('scan_events')
      .select(['id', 'tracking_no', 'code', 'at_ms', 'site'])
      .where('tracking_no', 'in', trackingNos.slice(i, i + CHUNK))
      .orderBy('tracking_no')
      .orderBy('at_ms')
      .orderBy('id')
      .execute();
    for (const r of rows) events.push({ id: Number(r.id), trackingNo: r.tracking_no, code: r.code, atMs: Number(r.at_ms), site: r.site });
  }
  return events;
}
