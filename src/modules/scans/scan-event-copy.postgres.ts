import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ScanInput } from './parse-scan-lines.js';

/**
 * PostgreSQL's fast path for a chunk of scan events: the lines go in by COPY into a temporary staging
 * table, then one INSERT … SELECT moves them into scan_events. Binding a chunk as ten arrays of
 * parameters (unnest) cost the server twice what COPY costs for the same rows.
 *
 * The staging table lives in the connection's session (pooled connections keep it), is emptied per
 * chunk, and its rows go at every commit so nothing lingers on an idle connection. It is created with
 * IF NOT EXISTS in every chunk: a transaction that rolled back also took back its creation.
 */
const PREPARE_STAGING = `
  CREATE TEMPORARY TABLE IF NOT EXISTS scan_event_staging (
    ord integer NOT NULL, tracking_no text NOT NULL, code text NOT NULL, at_ms bigint NOT NULL, at_offset_min integer NOT NULL,
    site text NOT NULL, operator text, reason text, next_site text, via text
  ) ON COMMIT DELETE ROWS;
  TRUNCATE scan_event_staging`;

const COPY_STAGING = 'COPY scan_event_staging (ord, tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, via) FROM STDIN';

// ORDER BY ord keeps the caller's order (sorted by item), so concurrent batches meet each other's
// new rows on the identity index in one global order.
const INSERT_FROM_STAGING = `
  INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
  SELECT tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, $1, via
  FROM scan_event_staging ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING id, tracking_no, at_ms, code, site`;

interface StoredIdentity {
  id: number | string;
  tracking_no: string;
  at_ms: number | string;
  code: string;
  site: string;
}

/**
 * Stores the scans that are not stored yet (a line equal to a stored event by its identity, or to an
 * earlier line, is a duplicate) and answers each new one with its event id, in the caller's order of
 * insertion. Runs inside the caller's transaction.
 */
export async function insertEventsByCopy(client: pg.PoolClient, scans: readonly ScanInput[], now: number): Promise<{ scan: ScanInput; id: number }[]> {
  if (scans.length === 0) return [];
  await client.query(PREPARE_STAGING);
  await pipeline(Readable.from([stagingText(scans)]), client.query(copyFrom(COPY_STAGING)));
  const { rows } = await client.query<StoredIdentity>(INSERT_FROM_STAGING, [now]);
  return matchByIdentity(scans, rows).map(({ scan, row }) => ({ scan, id: Number(row.id) }));
}

/** The scans as COPY text rows, numbered in the caller's order. */
export function stagingText(scans: readonly ScanInput[]): string {
  let text = '';
  for (let i = 0; i < scans.length; i++) {
    const s = scans[i]!;
    text += `${i}\t${copyField(s.trackingNo)}\t${copyField(s.code)}\t${s.atMs}\t${s.atOffsetMin}\t${copyField(s.site)}\t${copyField(s.operator)}\t${copyField(s.reason)}\t${copyField(s.nextSite)}\t${copyField(s.viaConsignment ?? null)}\n`;
  }
  return text;
}

/**
 * One field in COPY's text format. The scan checks already refuse control characters in free text;
 * the backslash is allowed there, and the escapes keep any value intact whatever the checks become.
 */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** RETURNING gives no input position: match the stored rows back by the event's identity. */
export function matchByIdentity<R extends StoredIdentity>(scans: readonly ScanInput[], rows: readonly R[]): { scan: ScanInput; row: R }[] {
  const byIdentity = new Map<string, ScanInput>();
  for (const s of scans) {
    const k = identityKey(s.trackingNo, Number(s.atMs), s.code, s.site);
    if (!byIdentity.has(k)) byIdentity.set(k, s);
  }
  return rows.map((row) => {
    const scan = byIdentity.get(identityKey(row.tracking_no, Number(row.at_ms), row.code, row.site));
    if (!scan) throw new Error(`stored event ${row.tracking_no} ${row.code} matches no input line`);
    return { scan, row };
  });
}

const identityKey = (trackingNo: string, atMs: number, code: string, site: string) => `${trackingNo}|${atMs}|${code}|${site}`;
