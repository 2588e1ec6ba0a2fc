import type SqliteDatabase from 'better-sqlite3';
import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import { preparedFor } from '../../db/write-tx.js';
import { type AddedEvent, type ScanEventRepository, push } from './scan-event.repository.js';
import type { ScanCode } from './scan-event.table.js';

const sqliteStatements = preparedFor((sqlite) => ({
  insert: sqlite.prepare(
    `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ),
  // Only columns of the identity index (and the rowid, which every index entry carries): the rows
  // come from the index alone, with no lookup into the table for each event.
  select: sqlite
    .prepare('SELECT tracking_no, id, code, at_ms, site FROM scan_events WHERE tracking_no IN (SELECT value FROM json_each(?)) ORDER BY tracking_no, at_ms, id')
    .raw(true),
  nextSite: sqlite.prepare('SELECT next_site FROM scan_events WHERE id = ?').pluck(true),
  deleteCopiesAfter: sqlite.prepare('DELETE FROM scan_events WHERE tracking_no = ? AND via_consignment = ? AND at_ms > ?'),
}));

/** SQLite: one prepared statement per row, in the writer's one transaction. */
export function sqliteScanEvents(sqlite: SqliteDatabase.Database): ScanEventRepository {
  const s = sqliteStatements(sqlite);
  return {
    async insert(scans, now) {
      const added: AddedEvent[] = [];
      for (const e of scans) {
        const r = s.insert.run(e.trackingNo, e.code, e.atMs, e.atOffsetMin, e.site, e.operator, e.reason, e.nextSite, now, e.viaConsignment ?? null);
        if (r.changes === 1) added.push({ scan: e, id: Number(r.lastInsertRowid) });
      }
      return added;
    },
    async eventsOf(trackingNos) {
      const byItem = new Map<string, RuleEvent[]>();
      for (const [trackingNo, id, code, atMs, site] of s.select.all(JSON.stringify(trackingNos)) as [string, number, ScanCode, number, string][]) {
        push(byItem, trackingNo, { id, code, atMs, site, nextSite: null });
      }
      // `nextSite` matters only on an item's last event, for the silence rules: read for that one
      // event, and only when it is a DISPATCHED.
      for (const list of byItem.values()) {
        const last = list[list.length - 1]!;
        if (last.code === 'DISPATCHED') last.nextSite = (s.nextSite.get(last.id) as string | null) ?? null;
      }
      return byItem;
    },
    async deleteCopiesAfter(members, consignmentNo, at) {
      return members.filter((member) => s.deleteCopiesAfter.run(member, consignmentNo, at).changes > 0);
    },
  };
}

