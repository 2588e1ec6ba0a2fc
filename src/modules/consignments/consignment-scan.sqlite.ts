import type SqliteDatabase from 'better-sqlite3';
import { preparedFor } from '../../db/write-tx.js';
import { type ConsignmentRow, type ConsignmentScanRepository, type MemberRow, withMembers } from './consignment-scan.repository.js';

const sqliteStatements = preparedFor((sqlite) => ({
  any: sqlite.prepare('SELECT 1 FROM consignments LIMIT 1').pluck(true),
  select: sqlite.prepare('SELECT tracking_no, opened_at FROM consignments WHERE tracking_no IN (SELECT value FROM json_each(?))'),
  members: sqlite.prepare(
    'SELECT consignment_no, tracking_no FROM consignment_items WHERE consignment_no IN (SELECT value FROM json_each(?)) ORDER BY consignment_no, tracking_no',
  ),
  insertEvent: sqlite.prepare(
    `INSERT INTO consignment_events (consignment_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ),
  open: sqlite.prepare('UPDATE consignments SET opened_at = ?, opened_site = ? WHERE tracking_no = ?'),
}));

export function sqliteConsignmentScans(sqlite: SqliteDatabase.Database): ConsignmentScanRepository {
  const s = sqliteStatements(sqlite);
  return {
    async lockAmong(numbers) {
      if (s.any.get() === undefined) return new Map();
      const rows = s.select.all(JSON.stringify([...new Set(numbers)])) as ConsignmentRow[];
      if (rows.length === 0) return new Map();
      return withMembers(rows, s.members.all(JSON.stringify(rows.map((r) => r.tracking_no))) as MemberRow[]);
    },
    async insertEvents(scans, now) {
      return scans.filter((e) => s.insertEvent.run(e.trackingNo, e.code, e.atMs, e.atOffsetMin, e.site, e.operator, e.reason, e.nextSite, now).changes === 1);
    },
    async markOpened(consignmentNo, at, site) {
      s.open.run(at, site, consignmentNo);
    },
  };
}

