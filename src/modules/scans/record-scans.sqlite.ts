import type SqliteDatabase from 'better-sqlite3';
import type { ScanInput } from './parse-scan-lines.js';
import { summariseByItem } from './item-latest.js';
import type { RecordedScans } from './record-scans.js';

/**
 * The SQLite ingest path: prepared statements in one transaction per batch, so a batch is stored
 * whole or not at all, and the caller answers only after the commit is on disk.
 */
export function createSqliteScanRecorder(sqlite: SqliteDatabase.Database) {
  const insertItem = sqlite.prepare(
    `INSERT INTO items (tracking_no, service_indicator, source, status, created_at)
     VALUES (?, ?, 'scan', 'CREATED', ?) ON CONFLICT (tracking_no) DO NOTHING`,
  );
  const insertEvent = sqlite.prepare(
    `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const updateLatest = sqlite.prepare(
    `UPDATE items SET last_event_code = @code, last_event_at = @at, last_event_site = @site, last_event_id = @id,
       status = CASE WHEN delivered_at IS NULL THEN @code ELSE 'DELIVERED' END
     WHERE tracking_no = @trackingNo
       AND (last_event_at IS NULL OR last_event_at < @at OR (last_event_at = @at AND last_event_id < @id))`,
  );
  const updateDelivered = sqlite.prepare(
    `UPDATE items SET delivered_at = @at, status = 'DELIVERED'
     WHERE tracking_no = @trackingNo AND (delivered_at IS NULL OR delivered_at > @at)`,
  );

  const recordBatch = sqlite.transaction((scans: ScanInput[], itemsToEnsure: string[], now: number): RecordedScans => {
    for (const trackingNo of itemsToEnsure) insertItem.run(trackingNo, trackingNo.slice(0, 2), now);
    const inserted: { scan: ScanInput; id: number }[] = [];
    for (const s of scans) {
      const r = insertEvent.run(s.trackingNo, s.code, s.atMs, s.atOffsetMin, s.site, s.operator, s.reason, s.nextSite, now);
      if (r.changes === 1) inserted.push({ scan: s, id: Number(r.lastInsertRowid) });
    }
    for (const summary of summariseByItem(inserted).values()) {
      const { latest } = summary;
      const { trackingNo } = summary;
      updateLatest.run({ code: latest.code, at: latest.atMs, site: latest.site, id: summary.latestId, trackingNo });
      if (summary.firstDeliveredAtMs !== null) updateDelivered.run({ at: summary.firstDeliveredAtMs, trackingNo });
    }
    return { accepted: inserted.length, duplicates: scans.length - inserted.length };
  });

  return {
    record(scans: ScanInput[], itemsToEnsure: string[], now: number): RecordedScans {
      return recordBatch.immediate(scans, itemsToEnsure, now);
    },
  };
}
