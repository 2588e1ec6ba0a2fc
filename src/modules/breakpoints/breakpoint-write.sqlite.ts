import type SqliteDatabase from 'better-sqlite3';
import { preparedFor } from '../../db/write-tx.js';
import { type BoundedMemo, writerMemo } from '../../db/writer-memo.js';
import { type BreakpointChanges, type BreakpointRow, type BreakpointWriter, type StoredBreakpoint, groupByItem } from './breakpoint-write.js';

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
     WHERE tracking_no IN (SELECT value FROM json_each(?)) ORDER BY tracking_no, type, visit`,
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

/**
 * SQLite: one prepared statement per row, in the writer's one transaction. On the scan writer's
 * connection each item's break-points are remembered (writer-memo.ts, decision 0034): every write
 * below is applied to the remembered list as well, and only items missing from the memo are read.
 */
export function sqliteBreakpointWriter(sqlite: SqliteDatabase.Database): BreakpointWriter {
  const s = statements(sqlite);
  const memo = writerMemo<StoredBreakpoint[]>(sqlite, 'breakpoints');
  const closedOutbox = (r: ClosedRow, now: number) => s.closedOutbox.run(r.id, r.tracking_no, r.type, r.responsible_unit, r.opened_at, now, now);
  return {
    async ofItems(trackingNos) {
      if (!memo) return groupByItem(s.select.all(JSON.stringify(trackingNos)) as BreakpointRow[]);
      const out = new Map<string, StoredBreakpoint[]>();
      const missing: string[] = [];
      for (const t of trackingNos) {
        const list = memo.get(t);
        if (list) {
          if (list.length > 0) out.set(t, list);
        } else missing.push(t);
      }
      if (missing.length === 0) return out;
      const read = groupByItem(s.select.all(JSON.stringify(missing)) as BreakpointRow[]);
      for (const t of missing) {
        const list = read.get(t);
        memo.set(t, list ?? []);
        if (list) out.set(t, list);
      }
      return out;
    },
    async apply(changes, now) {
      let closed = 0;
      for (const c of changes) {
        const opened: StoredBreakpoint[] = [];
        const closedIds: number[] = [];
        for (const f of c.open) {
          const id = Number(s.insert.run(c.trackingNo, f.type, f.visit, f.responsibleUnit, f.openedAt, f.detail, now).lastInsertRowid);
          s.outbox.run(id, c.trackingNo, f.type, f.responsibleUnit, f.openedAt, now);
          opened.push({ id, type: f.type, visit: f.visit, responsibleUnit: f.responsibleUnit, openedAt: f.openedAt, closedAt: null, detail: f.detail });
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
            closedIds.push(id);
            closed++;
          }
        }
        for (const { id, visit } of c.renumber) s.renumber.run(visit, now, id);
        if (memo) remember(memo, c, opened, closedIds, now);
      }
      return { closed };
    },
    async closeAllOf(trackingNos, now) {
      for (const t of trackingNos) {
        for (const row of s.closeAllOf.all(now, now, t) as ClosedRow[]) closedOutbox(row, now);
        memo?.delete(t);
      }
    },
  };
}

/**
 * The item's remembered break-points after `apply` wrote these changes, as a read would answer them
 * (new objects: lists handed out earlier are not changed under their holders). Forgotten when the
 * item was not remembered.
 */
function remember(memo: BoundedMemo<StoredBreakpoint[]>, c: BreakpointChanges, opened: StoredBreakpoint[], closedIds: readonly number[], now: number): void {
  if (opened.length + c.reopen.length + c.change.length + closedIds.length + c.renumber.length === 0) return;
  const before = memo.get(c.trackingNo);
  if (!before) return;
  const byId = new Map(before.map((b) => [b.id, b]));
  const changed = [
    ...c.reopen.map(({ id, found: f }) => ({ id, to: { closedAt: null, responsibleUnit: f.responsibleUnit, openedAt: f.openedAt, detail: f.detail } })),
    ...c.change.map(({ id, found: f }) => ({ id, to: { responsibleUnit: f.responsibleUnit, openedAt: f.openedAt, detail: f.detail } })),
    ...closedIds.map((id) => ({ id, to: { closedAt: now } })),
    ...c.renumber.map(({ id, visit }) => ({ id, to: { visit } })),
  ];
  for (const { id, to } of changed) {
    const b = byId.get(id);
    if (!b) {
      // Not a break-point the memo holds for this item: the next read knows better.
      memo.delete(c.trackingNo);
      return;
    }
    byId.set(id, { ...b, ...to });
  }
  for (const b of opened) byId.set(b.id, b);
  // The order of the read: the identity index (type, then visit).
  const after = [...byId.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.visit - b.visit));
  memo.set(c.trackingNo, after);
}
