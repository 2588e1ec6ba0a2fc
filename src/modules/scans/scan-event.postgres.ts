import type pg from 'pg';
import { bigintArray, intArray, textArray, texts } from '../../db/pg-arrays.js';
import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import { eventColumns, matchByIdentity } from '../../domain/scan-input.js';
import { type ScanEventRepository, push } from './scan-event.repository.js';
import type { ScanCode } from './scan-event.table.js';

// The ids alone, as one text in ascending order: a row per stored event, with its identity to match
// it back to its line, cost the server's thread a parse of every row (docs/benchmarks.md). Ids are
// taken in the order the rows are inserted, the lines' order (ord), so when every line is stored the
// n-th id is the n-th line's.
const INSERT = `
  WITH stored AS (
    INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
    SELECT tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, $10, via
    FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $11::text[])
      AS t(tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, ord, via)
    ORDER BY ord
    ON CONFLICT DO NOTHING
    RETURNING id)
  SELECT count(*)::int AS n, string_agg(id::text, ',' ORDER BY id) AS ids FROM stored`;
// When some lines were already stored (or repeated in the request): the stored rows' identities.
const STORED = 'SELECT id, tracking_no, at_ms, code, site FROM scan_events WHERE id = ANY($1::bigint[]) ORDER BY id';
const SELECT = `
  SELECT id, tracking_no, code, at_ms, site, next_site FROM scan_events
  WHERE tracking_no = ANY($1::text[]) ORDER BY tracking_no, at_ms, id`;
const DELETE_COPIES_AFTER = `
  DELETE FROM scan_events WHERE tracking_no = ANY($1::text[]) AND via_consignment = $2 AND at_ms > $3 RETURNING tracking_no`;

/** PostgreSQL: one statement over arrays (unnest) per step. */
export function postgresScanEvents(client: pg.PoolClient): ScanEventRepository {
  return {
    async insert(scans, now) {
      if (scans.length === 0) return [];
      const result = await client.query<{ n: number; ids: string | null }>(INSERT, [
        ...eventColumns(scans),
        intArray(scans, (_, i) => i),
        now,
        textArray(scans, (s) => s.viaConsignment),
      ]);
      const { n, ids: text } = result.rows[0]!;
      const ids = n === 0 ? [] : text!.split(',').map(Number);
      if (n === scans.length) return scans.map((scan, i) => ({ scan, id: ids[i]! }));
      const rows = (await client.query<{ id: number; tracking_no: string; at_ms: number; code: string; site: string }>(STORED, [bigintArray(ids, (id) => id)])).rows;
      return matchByIdentity(scans, rows).map(({ scan, row }) => ({ scan, id: Number(row.id) }));
    },
    async eventsOf(trackingNos) {
      const rows = (await client.query<{ id: number; tracking_no: string; code: ScanCode; at_ms: number; site: string; next_site: string | null }>(SELECT, [texts(trackingNos)])).rows;
      const byItem = new Map<string, RuleEvent[]>();
      for (const r of rows) push(byItem, r.tracking_no, { id: Number(r.id), code: r.code, atMs: Number(r.at_ms), site: r.site, nextSite: r.next_site });
      return byItem;
    },
    async deleteCopiesAfter(members, consignmentNo, at) {
      const gone = await client.query<{ tracking_no: string }>(DELETE_COPIES_AFTER, [members, consignmentNo, at]);
      return gone.rows.map((r) => r.tracking_no);
    },
  };
}

