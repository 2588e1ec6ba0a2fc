import type SqliteDatabase from 'better-sqlite3';
import { preparedFor } from '../../db/write-tx.js';
import { type BreakpointRow, type BreakpointWriter, groupByItem } from './breakpoint-write.js';

/** What a closing's outbox row repeats of the break-point. */
const CLOSED = 'RETURNING id, tracking_no, type, responsible_unit, opened_at';
interface ClosedRow {
  id: number;
  tracking_no: string;
  type: string;
  responsible_unit: string;
  opened_at: number;
}

const statements = preparedFor((sqlite) => ({
  select: sqlite.prepare(
    `SELECT id, tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail FROM breakpoints
     WHERE tracking_no IN (SELECT value FROM json_each(?))`,
  ),
  insert: sqlite.prepare(
    `INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
  ),
  reopen: sqlite.prepare('UPDATE breakpoints SET closed_at = NULL, responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?'),
  change: sqlite.prepare('UPDATE breakpoints SET responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?'),
  renumber: sqlite.prepare('UPDATE breakpoints SET visit = ?, updated_at = ? WHERE id = ?'),
  close: sqlite.prepare(`UPDATE breakpoints SET closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL ${CLOSED}`),
  closeAllOf: sqlite.prepare(`UPDATE breakpoints SET closed_at = ?, updated_at = ? WHERE tracking_no = ? AND closed_at IS NULL ${CLOSED}`),
  outbox: sqlite.prepare(
    `INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at, kind)
     VALUES (?, ?, ?, ?, ?, ?, 'opened')`,
  ),
  closedOutbox: sqlite.prepare(
    `INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at, kind, closed_at)
     VALUES (?, ?, ?, ?, ?, ?, 'closed', ?)`,
  ),
}));

/** SQLite: one prepared statement per row, in the writer's one transaction. */
export function sqliteBreakpointWriter(sqlite: SqliteDatabase.Database): BreakpointWriter {
  const s = statements(sqlite);
  const closedOutbox = (r: ClosedRow, now: number) => s.closedOutbox.run(r.id, r.tracking_no, r.type, r.responsible_unit, r.opened_at, now, now);
  return {
    async ofItems(trackingNos) {
      return groupByItem(s.select.all(JSON.stringify(trackingNos)) as BreakpointRow[]);
    },
    async apply(changes, now) {
      let closed = 0;
      for (const c of changes) {
        for (const f of c.open) {
          const id = Number(s.insert.run(c.trackingNo, f.type, f.visit, f.responsibleUnit, f.openedAt, f.detail, now).lastInsertRowid);
          s.outbox.run(id, c.trackingNo, f.type, f.responsibleUnit, f.openedAt, now);
        }
        for (const { id, found: f } of c.reopen) {
          s.reopen.run(f.responsibleUnit, f.openedAt, f.detail, now, id);
          s.outbox.run(id, c.trackingNo, f.type, f.responsibleUnit, f.openedAt, now);
        }
        for (const { id, found: f } of c.change) s.change.run(f.responsibleUnit, f.openedAt, f.detail, now, id);
        for (const id of c.close) {
          const row = s.close.get(now, now, id) as ClosedRow | undefined;
          if (row) {
            closedOutbox(row, now);
            closed++;
          }
        }
        for (const { id, visit } of c.renumber) s.renumber.run(visit, now, id);
      }
      return { closed };
    },
    async closeAllOf(trackingNos, now) {
      for (const t of trackingNos) for (const row of s.closeAllOf.all(now, now, t) as ClosedRow[]) closedOutbox(row, now);
    },
  };
}
