import type SqliteDatabase from 'better-sqlite3';
import type { RuleEvent, SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import { type ItemPlan, type StoredItemState, planItemUpdate } from '../breakpoints/plan-item-update.js';
import {
  type BreakpointRow,
  INGEST_CHUNK,
  ITEM_STATE_COLUMNS,
  addWholeInputs,
  forceWholeInputs,
  groupBy,
  newEventsByItem,
  splitPlanInputs,
  toStoredBreakpoint,
} from './ingest-rows.js';
import type { ScanCode } from './scan-event.table.js';
import type { ScanInput } from './parse-scan-lines.js';
import type { RecordedScans } from './record-scans.js';
import { type ConsignmentState, copiesForItems, earlierOpenings, splitConsignmentScans } from '../consignments/expand-consignment-scans.js';

const IN_JSON = 'IN (SELECT value FROM json_each(?))';

/** A request's scans, handed out a chunk at a time. */
export interface ScanBatch {
  size: number;
  slice(from: number, to: number): readonly ScanInput[];
}

const isScanBatch = (b: ScanBatch | readonly ScanInput[]): b is ScanBatch => !Array.isArray(b);
const batchOf = (scans: readonly ScanInput[]): ScanBatch => ({ size: scans.length, slice: (from, to) => scans.slice(from, to) });

/**
 * The SQLite ingest path: prepared statements in one transaction per batch, so a batch — its events,
 * the items they touch and their break-points — is stored whole or not at all, and the caller
 * answers only after the commit is on disk.
 */
export function createSqliteScanRecorder(sqlite: SqliteDatabase.Database, rules: SilenceRules) {
  const s = prepareStatements(sqlite);
  let units = loadUnits(s);
  const unitOf = (code: string): UnitFacts | undefined => units.get(code);

  /**
   * Stores one chunk's events and brings the items they touch up to date; returns how many of the
   * chunk's lines were new (an item's copies of a consignment scan are not lines of the request).
   */
  const recordChunk = (chunk: readonly ScanInput[], now: number): number => {
    let accepted = 0;
    let scans = chunk;
    let forced: Set<string> | undefined;
    const consignments = s.anyConsignment.get() === undefined ? undefined : readConsignments(s, chunk);
    if (consignments && consignments.size > 0) {
      const split = splitConsignmentScans(chunk, consignments);
      const stored = split.consignmentScans.filter(
        (e) => s.insertConsignmentEvent.run(e.trackingNo, e.code, e.atMs, e.atOffsetMin, e.site, e.operator, e.reason, e.nextSite, now).changes === 1,
      );
      accepted += stored.length;
      const moved = earlierOpenings(stored, consignments);
      forced = new Set();
      for (const [no, opening] of moved) {
        s.openConsignment.run(opening.at, opening.site, no);
        // Copies made before this (earlier) opening was known no longer hold.
        for (const member of consignments.get(no)!.members) if (s.deleteCopiesAfter.run(member, no, opening.at).changes > 0) forced.add(member);
      }
      scans = split.itemScans.concat(copiesForItems(stored, consignments, (no) => moved.get(no)?.at ?? consignments.get(no)!.openedAt));
    }
    const added: { scan: ScanInput; id: number }[] = [];
    for (const e of scans) {
      const r = s.insertEvent.run(e.trackingNo, e.code, e.atMs, e.atOffsetMin, e.site, e.operator, e.reason, e.nextSite, now, e.viaConsignment ?? null);
      if (r.changes !== 1) continue;
      added.push({ scan: e, id: Number(r.lastInsertRowid) });
      if (e.viaConsignment === undefined) accepted++;
    }
    if (added.length === 0 && !forced?.size) return accepted;
    if (scans.some((e) => !units.has(e.site))) units = loadUnits(s);
    const addedByItem = newEventsByItem(added);
    const ids = JSON.stringify(forced?.size ? [...new Set([...addedByItem.keys(), ...forced])] : [...addedByItem.keys()]);
    const items = readItemStates(s, ids);
    const breakpoints = groupBy(s.selectBreakpoints.all(ids) as BreakpointRow[], toStoredBreakpoint);
    const { inputs, whole } = splitPlanInputs(addedByItem, items);
    if (forced) forceWholeInputs(inputs, whole, forced);
    if (whole.length > 0) addWholeInputs(inputs, whole, readEvents(s, JSON.stringify(whole)));
    for (const [trackingNo, input] of inputs) {
      const stored = items.get(trackingNo);
      if (input.kind === 'whole' && input.events.length === 0) {
        // Every event it had was a copy taken away: back to an item never scanned.
        s.resetItem.run(trackingNo);
        s.closeItemBreakpoints.run(now, now, trackingNo);
        continue;
      }
      applyPlan(s, planItemUpdate(trackingNo, input, stored, breakpoints.get(trackingNo) ?? [], unitOf, rules), stored !== undefined, now);
    }
    return accepted;
  };

  // A request is one transaction, worked through in chunks: each chunk reads what the previous ones
  // wrote, so the result is the same as one pass, and memory stays bounded whatever the request's size.
  const recordBatch = sqlite.transaction((batch: ScanBatch, now: number): RecordedScans => {
    let accepted = 0;
    for (let from = 0; from < batch.size; from += INGEST_CHUNK) accepted += recordChunk(batch.slice(from, Math.min(batch.size, from + INGEST_CHUNK)), now);
    return { accepted, duplicates: batch.size - accepted };
  });

  return {
    record(batch: ScanBatch | readonly ScanInput[], now: number): RecordedScans {
      return recordBatch.immediate(isScanBatch(batch) ? batch : batchOf(batch), now);
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
      `INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    // Most chunks carry no consignment scan: one probe of an empty (or small) table says so.
    anyConsignment: sqlite.prepare('SELECT 1 FROM consignments LIMIT 1').pluck(true),
    selectConsignments: sqlite.prepare(`SELECT tracking_no, opened_at FROM consignments WHERE tracking_no ${IN_JSON}`),
    selectMembers: sqlite.prepare(`SELECT consignment_no, tracking_no FROM consignment_items WHERE consignment_no ${IN_JSON} ORDER BY consignment_no, tracking_no`),
    insertConsignmentEvent: sqlite.prepare(
      `INSERT INTO consignment_events (consignment_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    openConsignment: sqlite.prepare('UPDATE consignments SET opened_at = ?, opened_site = ? WHERE tracking_no = ?'),
    deleteCopiesAfter: sqlite.prepare('DELETE FROM scan_events WHERE tracking_no = ? AND via_consignment = ? AND at_ms > ?'),
    resetItem: sqlite.prepare(
      `UPDATE items SET status = 'CREATED', last_event_code = NULL, last_event_at = NULL, last_event_site = NULL, last_event_id = NULL,
         last_visit = NULL, delivered_at = NULL, silence_type = NULL, silence_unit = NULL, silence_visit = NULL, silence_due_at = NULL
       WHERE tracking_no = ?`,
    ),
    closeItemBreakpoints: sqlite.prepare('UPDATE breakpoints SET closed_at = ?, updated_at = ? WHERE tracking_no = ? AND closed_at IS NULL'),
    // Only columns of the identity index (and the rowid, which every index entry carries): the rows
    // come from the index alone, with no lookup into the table for each event.
    selectEvents: sqlite
      .prepare(`SELECT tracking_no, id, code, at_ms, site FROM scan_events WHERE tracking_no ${IN_JSON} ORDER BY tracking_no, at_ms, id`)
      .raw(true),
    selectNextSite: sqlite.prepare('SELECT next_site FROM scan_events WHERE id = ?').pluck(true),
    selectItems: sqlite.prepare(`SELECT ${ITEM_STATE_COLUMNS} FROM items WHERE tracking_no ${IN_JSON}`).raw(true),
    selectBreakpoints: sqlite.prepare(
      `SELECT id, tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail FROM breakpoints WHERE tracking_no ${IN_JSON}`,
    ),
    selectUnits: sqlite.prepare('SELECT code, kind, end_of_shift FROM units'),
    // An item already stored is updated in place (one b-tree search); an upsert would first try to
    // insert. Items first seen in this batch are inserted.
    updateItem: sqlite.prepare(
      `UPDATE items SET status = ?, last_event_code = ?, last_event_at = ?, last_event_site = ?, last_event_id = ?, last_visit = ?,
         delivered_at = ?, silence_type = ?, silence_unit = ?, silence_visit = ?, silence_due_at = ? WHERE tracking_no = ?`,
    ),
    upsertItem: sqlite.prepare(
      `INSERT INTO items (tracking_no, service_indicator, source, status, created_at, last_event_code, last_event_at, last_event_site,
         last_event_id, last_visit, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at)
       VALUES (?, substr(?, 1, 2), 'scan', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tracking_no) DO UPDATE SET status = excluded.status, last_event_code = excluded.last_event_code,
         last_event_at = excluded.last_event_at, last_event_site = excluded.last_event_site, last_event_id = excluded.last_event_id,
         last_visit = excluded.last_visit, delivered_at = excluded.delivered_at, silence_type = excluded.silence_type,
         silence_unit = excluded.silence_unit, silence_visit = excluded.silence_visit, silence_due_at = excluded.silence_due_at`,
    ),
    insertBreakpoint: sqlite.prepare(
      `INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?)`,
    ),
    reopenBreakpoint: sqlite.prepare(
      'UPDATE breakpoints SET closed_at = NULL, responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?',
    ),
    changeBreakpoint: sqlite.prepare('UPDATE breakpoints SET responsible_unit = ?, opened_at = ?, detail = ?, updated_at = ? WHERE id = ?'),
    renumberBreakpoint: sqlite.prepare('UPDATE breakpoints SET visit = ?, updated_at = ? WHERE id = ?'),
    closeBreakpoint: sqlite.prepare('UPDATE breakpoints SET closed_at = ?, updated_at = ? WHERE id = ? AND closed_at IS NULL'),
    insertOutbox: sqlite.prepare(
      `INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
  };
}

function applyPlan(s: Statements, plan: ItemPlan, itemStored: boolean, now: number): void {
  const i = plan.item;
  if (itemStored) {
    s.updateItem.run(
      i.status, i.lastEventCode, i.lastEventAt, i.lastEventSite, i.lastEventId, i.lastVisit,
      i.deliveredAt, i.silenceType, i.silenceUnit, i.silenceVisit, i.silenceDueAt, i.trackingNo,
    );
  } else {
    s.upsertItem.run(
      i.trackingNo, i.trackingNo, i.status, now, i.lastEventCode, i.lastEventAt, i.lastEventSite, i.lastEventId, i.lastVisit,
      i.deliveredAt, i.silenceType, i.silenceUnit, i.silenceVisit, i.silenceDueAt,
    );
  }
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
  for (const { id, visit } of plan.renumber) s.renumberBreakpoint.run(visit, now, id);
}

/**
 * The touched items' events, in order. `nextSite` matters only on an item's last event, for the silence
 * rules, so it is read for that one event, and only when it is a DISPATCHED.
 */
function readEvents(s: Statements, ids: string): Map<string, RuleEvent[]> {
  const rows = s.selectEvents.all(ids) as [string, number, ScanCode, number, string][];
  const byItem = new Map<string, RuleEvent[]>();
  for (const [trackingNo, id, code, atMs, site] of rows) {
    const event: RuleEvent = { id, code, atMs, site, nextSite: null };
    const list = byItem.get(trackingNo);
    if (list) list.push(event);
    else byItem.set(trackingNo, [event]);
  }
  for (const list of byItem.values()) {
    const last = list[list.length - 1]!;
    if (last.code === 'DISPATCHED') last.nextSite = (s.selectNextSite.get(last.id) as string | null) ?? null;
  }
  return byItem;
}

/** The touched items' stored state, read as arrays (no object per row): this runs once per batch for every item. */
function readItemStates(s: Statements, ids: string): Map<string, StoredItemState> {
  const states = new Map<string, StoredItemState>();
  for (const r of s.selectItems.all(ids) as ItemStateRow[]) {
    states.set(r[0], {
      lastEventId: r[1],
      lastEventAt: r[2],
      lastEventCode: r[3],
      lastEventSite: r[4],
      lastVisit: r[5],
      deliveredAt: r[6],
      silenceType: r[7],
      silenceUnit: r[8],
      silenceVisit: r[9],
      silenceDueAt: r[10],
    });
  }
  return states;
}

/** A row of ITEM_STATE_COLUMNS, in that order. */
type ItemStateRow = [string, number | null, number | null, string | null, string | null, number | null, number | null, string | null, string | null, number | null, number | null];

/** The chunk's consignments with what the expansion needs: the opening so far and the items inside. */
function readConsignments(s: Statements, chunk: readonly ScanInput[]): Map<string, ConsignmentState> {
  const rows = s.selectConsignments.all(JSON.stringify([...new Set(chunk.map((e) => e.trackingNo))])) as { tracking_no: string; opened_at: number | null }[];
  const found = new Map<string, ConsignmentState & { members: string[] }>();
  if (rows.length === 0) return found;
  for (const r of rows) found.set(r.tracking_no, { openedAt: r.opened_at, members: [] });
  for (const m of s.selectMembers.all(JSON.stringify(rows.map((r) => r.tracking_no))) as { consignment_no: string; tracking_no: string }[]) {
    found.get(m.consignment_no)!.members.push(m.tracking_no);
  }
  return found;
}

function loadUnits(s: Statements): Map<string, UnitFacts> {
  const rows = s.selectUnits.all() as { code: string; kind: string; end_of_shift: string | null }[];
  return new Map(rows.map((r) => [r.code, { kind: r.kind, endOfShift: r.end_of_shift }]));
}
