import type SqliteDatabase from 'better-sqlite3';
import type { ScanInput } from './parse-scan-lines.js';
import { summariseByItem } from './item-latest.js';
import type { RecordedScans } from './record-scans.js';
import { ITEM_UPSERT_SET } from './item-upsert.sql.js';

/**
 * The SQLite ingest path: prepared statements in one transaction per batch, so a batch is stored
 * whole or not at all, and the caller answers only after the commit is on disk.
 */
export function createSqliteScanRecorder(sqlite: SqliteDatabase.Database) {
  const insertEvent = sqlite.prepare(
    `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  // One statement per item and batch: creates an item first seen in a scan, or moves its latest
  // event and delivery forward.
  const upsertItem = sqlite.prepare(
    `INSERT INTO items (tracking_no, service_indicator, source, status, created_at,
       last_event_code, last_event_at, last_event_site, last_event_id, delivered_at)
     VALUES (@trackingNo, substr(@trackingNo, 1, 2), 'scan', CASE WHEN @deliveredAt IS NULL THEN @code ELSE 'DELIVERED' END, @now,
       @code, @at, @site, @id, @deliveredAt)
     ON CONFLICT (tracking_no) DO UPDATE SET ${ITEM_UPSERT_SET}`,
  );

  const recordBatch = sqlite.transaction((scans: ScanInput[], now: number): RecordedScans => {
    const inserted: { scan: ScanInput; id: number }[] = [];
    for (const s of scans) {
      const r = insertEvent.run(s.trackingNo, s.code, s.atMs, s.atOffsetMin, s.site, s.operator, s.reason, s.nextSite, now);
      if (r.changes === 1) inserted.push({ scan: s, id: Number(r.lastInsertRowid) });
    }
    for (const summary of summariseByItem(inserted).values()) {
      const { latest } = summary;
      upsertItem.run({
        trackingNo: summary.trackingNo,
        code: latest.code,
        at: latest.atMs,
        site: latest.site,
        id: summary.latestId,
        deliveredAt: summary.firstDeliveredAtMs,
        now,
      });
    }
    return { accepted: inserted.length, duplicates: scans.length - inserted.length };
  });

  return {
    record(scans: ScanInput[], now: number): RecordedScans {
      return recordBatch.immediate(scans, now);
    },
  };
}
