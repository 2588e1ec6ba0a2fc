import type pg from 'pg';
import { bigintArray, intArray, textArray, texts } from '../../db/pg-arrays.js';
import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import { type ScanInput, distinctInIdentityOrder, eventColumns, matchByIdentity } from '../../domain/scan-input.js';
import { binaryCopyRows, copyIn } from '../../db/pg-copy.js';
import { type AddedEvent, type ScanEventRepository, push } from './scan-event.repository.js';
import type { ScanCode } from './scan-event.table.js';

// Lines that may repeat stored events (or each other): the insert skips those and answers the new
// ids as one text in ascending order; ids are taken in the order the rows are inserted, the lines'
// order (ord), so when every line is stored the n-th id is the n-th line's.
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

// Lines that are all new, as they are in most requests: ids drawn first, then the rows by COPY,
// which writes a page of rows at a time where an INSERT writes each row and looks up each identity
// before (docs/benchmarks.md). A line that repeats a stored event fails the COPY on the identity
// index; the savepoint takes the COPY back, and the lines go by the insert above.
const NEW_IDS = `
  WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence('scan_events', 'id')::regclass AS seq)
  SELECT string_agg(nextval(s.seq)::text, ',') AS ids FROM s, generate_series(1, $1::int)`;
const COPY = `
  COPY scan_events (id, tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
  FROM STDIN (FORMAT binary)`;
const UNIQUE_VIOLATION = '23505';

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
      if (distinctInIdentityOrder(scans)) {
        const copied = await copyNew(client, scans, now);
        if (copied) return copied;
      }
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

/** Stores lines none of which repeats another by COPY; undefined (nothing stored) when one repeats a stored event. */
async function copyNew(client: pg.PoolClient, scans: readonly ScanInput[], now: number): Promise<AddedEvent[] | undefined> {
  // The table's ROW EXCLUSIVE lock before any id is drawn, as an INSERT takes it: readers by id
  // wait for every transaction holding it, so none may hold an id without it (decision 0051).
  await client.query('LOCK TABLE scan_events IN ROW EXCLUSIVE MODE; SAVEPOINT scan_events_copy');
  const drawn = (await client.query<{ ids: string }>(NEW_IDS, [scans.length])).rows[0]!.ids;
  // In line order, as the insert numbers them.
  const ids = drawn.split(',').map(Number).sort((a, b) => a - b);
  const rows = binaryCopyRows(scans, [
    { type: 'bigint', value: (_, i) => ids[i] },
    { type: 'text', value: (s) => s.trackingNo },
    { type: 'text', value: (s) => s.code },
    { type: 'bigint', value: (s) => s.atMs },
    { type: 'integer', value: (s) => s.atOffsetMin },
    { type: 'text', value: (s) => s.site },
    { type: 'text', value: (s) => s.operator },
    { type: 'text', value: (s) => s.reason },
    { type: 'text', value: (s) => s.nextSite },
    { type: 'bigint', value: () => now },
    { type: 'text', value: (s) => s.viaConsignment },
  ]);
  try {
    await copyIn(client, COPY, rows);
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    await client.query('ROLLBACK TO SAVEPOINT scan_events_copy');
    return undefined;
  }
  await client.query('RELEASE SAVEPOINT scan_events_copy');
  return scans.map((scan, i) => ({ scan, id: ids[i]! }));
}
