import type pg from 'pg';
import { eventColumns, matchByIdentity } from '../../domain/scan-input.js';
import { type ConsignmentRow, type ConsignmentScanRepository, type MemberRow, withMembers } from './consignment-scan.repository.js';

const ANY = 'SELECT EXISTS (SELECT 1 FROM consignments) AS found';
const LOCK = 'SELECT tracking_no, opened_at FROM consignments WHERE tracking_no = ANY($1::text[]) ORDER BY tracking_no FOR UPDATE';
const MEMBERS = 'SELECT consignment_no, tracking_no FROM consignment_items WHERE consignment_no = ANY($1::text[]) ORDER BY consignment_no, tracking_no';
const INSERT_EVENTS = `
  INSERT INTO consignment_events (consignment_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
  SELECT no, code, at_ms, at_offset_min, site, operator, reason, next_site, $9
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
    AS t(no, code, at_ms, at_offset_min, site, operator, reason, next_site)
  ON CONFLICT DO NOTHING
  RETURNING consignment_no AS tracking_no, at_ms, code, site`;
const OPEN = 'UPDATE consignments SET opened_at = $1, opened_site = $2 WHERE tracking_no = $3';

/** PostgreSQL: the consignments' rows are locked in number order, as items are. */
export function postgresConsignmentScans(client: pg.PoolClient): ConsignmentScanRepository {
  return {
    async lockAmong(numbers) {
      if (!(await client.query<{ found: boolean }>(ANY)).rows[0]?.found) return new Map();
      const rows = (await client.query<ConsignmentRow>(LOCK, [[...new Set(numbers)]])).rows;
      if (rows.length === 0) return new Map();
      return withMembers(rows, (await client.query<MemberRow>(MEMBERS, [rows.map((r) => r.tracking_no)])).rows);
    },
    async insertEvents(scans, now) {
      if (scans.length === 0) return [];
      const result = await client.query<{ tracking_no: string; at_ms: number; code: string; site: string }>(INSERT_EVENTS, [...eventColumns(scans), now]);
      return matchByIdentity(scans, result.rows).map((m) => m.scan);
    },
    async markOpened(consignmentNo, at, site) {
      await client.query(OPEN, [at, site, consignmentNo]);
    },
  };
}

