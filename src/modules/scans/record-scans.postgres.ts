import type pg from 'pg';
import type { ScanInput } from './parse-scan-lines.js';
import { summariseByItem } from './item-latest.js';
import type { RecordedScans } from './record-scans.js';
import { ITEM_UPSERT_SET } from './item-upsert.sql.js';

const INSERT_EVENTS = `
  INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
  SELECT tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, $10
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])
    AS t(tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, ord)
  ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING id, tracking_no, code, at_ms, site`;

const UPSERT_ITEMS = `
  INSERT INTO items (tracking_no, service_indicator, source, status, created_at,
    last_event_code, last_event_at, last_event_site, last_event_id, delivered_at)
  SELECT tracking_no, left(tracking_no, 2), 'scan', CASE WHEN delivered_at IS NULL THEN code ELSE 'DELIVERED' END, $7,
    code, at_ms, site, id, delivered_at
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[])
    AS u(tracking_no, code, at_ms, site, id, delivered_at)
  ORDER BY tracking_no
  ON CONFLICT (tracking_no) DO UPDATE SET ${ITEM_UPSERT_SET}`;

/**
 * The PostgreSQL ingest path: each step is one statement over arrays (unnest), all in one transaction.
 * Rows are taken in a fixed order so concurrent batches lock items in the same order.
 */
export function createPostgresScanRecorder(pool: pg.Pool) {
  return {
    async record(scans: ScanInput[], now: number): Promise<RecordedScans> {
      const ordered = [...scans].sort(compareIdentity);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await insertEvents(client, ordered, now);
        const summaries = [...summariseByItem(inserted).values()];
        if (summaries.length > 0) {
          await client.query(UPSERT_ITEMS, [
            summaries.map((s) => s.trackingNo),
            summaries.map((s) => s.latest.code),
            summaries.map((s) => s.latest.atMs),
            summaries.map((s) => s.latest.site),
            summaries.map((s) => s.latestId),
            summaries.map((s) => s.firstDeliveredAtMs),
            now,
          ]);
        }
        await client.query('COMMIT');
        return { accepted: inserted.length, duplicates: scans.length - inserted.length };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: async () => {},
  };
}

async function insertEvents(client: pg.PoolClient, scans: ScanInput[], now: number): Promise<{ scan: ScanInput; id: number }[]> {
  if (scans.length === 0) return [];
  const result = await client.query<{ id: number; tracking_no: string; code: string; at_ms: number; site: string }>(INSERT_EVENTS, [
    scans.map((s) => s.trackingNo),
    scans.map((s) => s.code),
    scans.map((s) => s.atMs),
    scans.map((s) => s.atOffsetMin),
    scans.map((s) => s.site),
    scans.map((s) => s.operator),
    scans.map((s) => s.reason),
    scans.map((s) => s.nextSite),
    scans.map((_, i) => i),
    now,
  ]);
  // RETURNING gives no input position: match the stored rows back by the event's identity.
  const byIdentity = new Map<string, ScanInput>();
  for (const s of scans) {
    const key = identityKey(s.trackingNo, s.atMs, s.code, s.site);
    if (!byIdentity.has(key)) byIdentity.set(key, s);
  }
  return result.rows.map((row) => {
    const scan = byIdentity.get(identityKey(row.tracking_no, row.at_ms, row.code, row.site));
    if (!scan) throw new Error(`stored event ${row.id} matches no input line`);
    return { scan, id: row.id };
  });
}

const identityKey = (trackingNo: string, atMs: number, code: string, site: string) => `${trackingNo}|${atMs}|${code}|${site}`;

function compareIdentity(a: ScanInput, b: ScanInput): number {
  if (a.trackingNo !== b.trackingNo) return a.trackingNo < b.trackingNo ? -1 : 1;
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.site < b.site ? -1 : a.site > b.site ? 1 : a.line - b.line;
}
