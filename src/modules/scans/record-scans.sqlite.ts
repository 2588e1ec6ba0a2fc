import type SqliteDatabase from 'better-sqlite3';
import type { RuleEvent, SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import type { BreakpointType } from '../breakpoints/breakpoint.table.js';
import { type ItemPlan, type StoredBreakpoint, type StoredItemState, planItemUpdate } from '../breakpoints/plan-item-update.js';
import type { ScanCode } from './scan-event.table.js';
import type { ScanInput } from './parse-scan-lines.js';
import type { RecordedScans } from './record-scans.js';

const IN_JSON = 'IN (SELECT value FROM json_each(?))';

/**
 * The SQLite ingest path: prepared statements in one transaction per batch, so a batch — its events,
 * the items they touch and their break-points — is stored whole or not at all, and the caller
 * answers only after the commit is on disk.
 */
export function createSqliteScanRecorder(sqlite: SqliteDatabase.Database, rules: SilenceRules) {
  const s = prepareStatements(sqlite);
  let units = loadUnits(s);
  const unitOf = (code: string): UnitFacts | undefined => units.get(code);

  const recordBatch = sqlite.transaction((scans: ScanInput[], now: number): RecordedScans => {
    let accepted = 0;
    const touched = new Set<string>();
    for (const e of scans) {
      const r = s.insertEvent.run(e.trackingNo, e.code, e.atMs, e.atOffsetMin, e.site, e.operator, e.reason, e.nextSite, now);
      if (r.changes === 1) {
        accepted++;
        touched.add(e.trackingNo);
      }
    }
    if (touched.size > 0) {
      if (scans.some((e) => !units.has(e.site))) units = loadUnits(s);
      const ids = JSON.stringify([...touched]);
      const events = groupBy(s.selectEvents.all(ids) as EventRow[], toRuleEvent);
      const items = new Map((s.selectItems.all(ids) as ItemRow[]).map((r) => [r.tracking_no, toStoredItem(r)]));
      const breakpoints = groupBy(s.selectBreakpoints.all(ids) as BreakpointRow[], toStoredBreakpoint);
      for (const trackingNo of touched) {
        const plan = planItemUpdate(trackingNo, events.get(trackingNo) ?? [], items.get(trackingNo), breakpoints.get(trackingNo) ?? [], unitOf, rules);
        applyPlan(s, plan, now);
      }
    }
    return { accepted, duplicates: scans.length - accepted };
  });

  return {
    record(scans: ScanInput[], now: number): RecordedScans {
      return recordBatch.immediate(scans, now);
    },
    reloadUnits() {
      units = loadUnits(s);
    },
  };
}

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(sqlite: SqliteDatabase.Database) {
  return {
    insertEvent: sqlite.prepare(
      `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    selectEvents: sqlite.prepare(`SELECT id, tracking_no, code, at_ms, site, next_site FROM scan_events WHERE tracking_no ${IN_JSON} ORDER BY tracking_no, at_ms, id`),
    selectItems: sqlite.prepare(
      `SELECT tracking_no, last_event_id, silence_type, silence_unit, silence_visit, silence_due_at FROM items WHERE tracking_no ${IN_JSON}`,
    ),
    selectBreakpoints: sqlite.prepare(
      `SELECT id, tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail FROM breakpoints WHERE tracking_no ${IN_JSON}`,
    ),
    selectUnits: sqlite.prepare('SELECT code, kind, end_of_shift FROM units'),
    upsertItem: sqlite.prepare(
      `INSERT INTO items (tracking_no, service_indicator, source, status, created_at, last_event_code, last_event_at, last_event_site,
         last_event_id, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at)
       VALUES (@trackingNo, substr(@trackingNo, 1, 2), 'scan', @status, @now, @lastEventCode, @lastEventAt, @lastEventSite,
         @lastEventId, @deliveredAt, @silenceType, @silenceUnit, @silenceVisit, @silenceDueAt)
       ON CONFLICT (tracking_no) DO UPDATE SET status = excluded.status, last_event_code = excluded.last_event_code,
         last_event_at = excluded.last_event_at, last_event_site = excluded.last_event_site, last_event_id = excluded.last_event_id,
         delivered_at = excluded.delivered_at, silence_type = excluded.silence_type, silence_unit = excluded.silence_unit,
         silence_visit = excluded.silence_visit, silence_due_at = excluded.silence_due_at`,
    ),
    insertBreakpoint: sqlite.prepare(
      `INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
    ),
    reopenBreakpoint: sqlite.prepare(
      'UPDATE breakpoints SET closed_at = NULL, responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?',
    ),
    changeBreakpoint: sqlite.prepare('UPDATE breakpoints SET responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?'),
    closeBreakpoint: sqlite.prepare('UPDATE breakpoints SET closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL'),
    insertOutbox: sqlite.prepare(
      `INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  };
}

function applyPlan(s: Statements, plan: ItemPlan, now: number): void {
  s.upsertItem.run({ ...plan.item, now });
  const trackingNo = plan.item.trackingNo;
  for (const f of plan.open) {
    const id = Number(s.insertBreakpoint.run(trackingNo, f.type, f.visit, f.responsibleUnit, f.openedAt, f.detail, now).lastInsertRowid);
    s.insertOutbox.run(id, trackingNo, f.type, f.responsibleUnit, f.openedAt, now);
  }
  for (const { id, found: f } of plan.reopen) {
    s.reopenBreakpoint.run(f.responsibleUnit, f.openedAt, f.detail, now, id);
    s.insertOutbox.run(id, trackingNo, f.type, f.responsibleUnit, f.openedAt, now);
  }
  for (const { id, found: f } of plan.change) s.changeBreakpoint.run(f.responsibleUnit, f.openedAt, f.detail, now, id);
  for (const id of plan.close) s.closeBreakpoint.run(now, now, id);
}

function loadUnits(s: Statements): Map<string, UnitFacts> {
  const rows = s.selectUnits.all() as { code: string; kind: string; end_of_shift: string | null }[];
  return new Map(rows.map((r) => [r.code, { kind: r.kind, endOfShift: r.end_of_shift }]));
}

export interface EventRow {
  id: number;
  tracking_no: string;
  code: string;
  at_ms: number;
  site: string;
  next_site: string | null;
}
export interface ItemRow {
  tracking_no: string;
  last_event_id: number | null;
  silence_type: string | null;
  silence_unit: string | null;
  silence_visit: number | null;
  silence_due_at: number | null;
}
export interface BreakpointRow {
  id: number;
  tracking_no: string;
  type: string;
  visit: number;
  responsible_unit: string;
  opened_at: number;
  closed_at: number | null;
  detail: string;
}

export const toRuleEvent = (r: EventRow): RuleEvent => ({ id: r.id, code: r.code as ScanCode, atMs: r.at_ms, site: r.site, nextSite: r.next_site });
export const toStoredItem = (r: ItemRow): StoredItemState => ({
  lastEventId: r.last_event_id,
  silenceType: r.silence_type,
  silenceUnit: r.silence_unit,
  silenceVisit: r.silence_visit,
  silenceDueAt: r.silence_due_at,
});
export const toStoredBreakpoint = (r: BreakpointRow): StoredBreakpoint => ({
  id: r.id,
  type: r.type as BreakpointType,
  visit: r.visit,
  responsibleUnit: r.responsible_unit,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  detail: r.detail,
});

/** Rows grouped by item, keeping their order. */
export function groupBy<R extends { tracking_no: string }, T>(rows: readonly R[], map: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.tracking_no);
    if (list) list.push(map(r));
    else out.set(r.tracking_no, [map(r)]);
  }
  return out;
}
