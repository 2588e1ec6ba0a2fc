import type pg from 'pg';
import type { SilenceRules, UnitFacts } from '../../domain/breakpoint-rules.js';
import { type ItemPlan, planItemUpdate } from '../breakpoints/plan-item-update.js';
import { createAndLockItems } from '../items/item-locks.postgres.js';
import type { ScanInput } from './parse-scan-lines.js';
import type { RecordedScans, ScanRecorder } from './record-scans.js';
import { type ConsignmentState, copiesForItems, earlierOpenings, splitConsignmentScans } from '../consignments/expand-consignment-scans.js';
import {
  type BreakpointRow,
  type EventRow,
  ITEM_STATE_COLUMNS,
  type ItemRow,
  addWholeInputs,
  forceWholeInputs,
  INGEST_CHUNK,
  groupBy,
  newEventsByItem,
  splitPlanInputs,
  toRuleEvent,
  toStoredBreakpoint,
  toStoredItem,
} from './ingest-rows.js';

const INSERT_EVENTS = `
  INSERT INTO scan_events (tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at, via_consignment)
  SELECT tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, $10, via
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $11::text[])
    AS t(tracking_no, code, at_ms, at_offset_min, site, operator, reason, next_site, ord, via)
  ORDER BY ord
  ON CONFLICT DO NOTHING
  RETURNING id, tracking_no, at_ms, code, site`;

// Consignments (see expand-consignment-scans.ts). The row lock serialises batches scanning the same
// consignment, so its opening and its items' copies are decided one batch at a time.
const ANY_CONSIGNMENT = 'SELECT EXISTS (SELECT 1 FROM consignments) AS found';
const LOCK_CONSIGNMENTS = 'SELECT tracking_no, opened_at FROM consignments WHERE tracking_no = ANY($1::text[]) ORDER BY tracking_no FOR UPDATE';
const SELECT_MEMBERS = 'SELECT consignment_no, tracking_no FROM consignment_items WHERE consignment_no = ANY($1::text[]) ORDER BY consignment_no, tracking_no';
const INSERT_CONSIGNMENT_EVENTS = `
  INSERT INTO consignment_events (consignment_no, code, at_ms, at_offset_min, site, operator, reason, next_site, received_at)
  SELECT no, code, at_ms, at_offset_min, site, operator, reason, next_site, $9
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
    AS t(no, code, at_ms, at_offset_min, site, operator, reason, next_site)
  ON CONFLICT DO NOTHING
  RETURNING consignment_no AS tracking_no, at_ms, code, site`;
const OPEN_CONSIGNMENT = 'UPDATE consignments SET opened_at = $1, opened_site = $2 WHERE tracking_no = $3';
const DELETE_COPIES_AFTER = `
  DELETE FROM scan_events WHERE tracking_no = ANY($1::text[]) AND via_consignment = $2 AND at_ms > $3 RETURNING tracking_no`;
const RESET_ITEMS = `
  UPDATE items SET status = 'CREATED', last_event_code = NULL, last_event_at = NULL, last_event_site = NULL, last_event_id = NULL,
    last_visit = NULL, delivered_at = NULL, silence_type = NULL, silence_unit = NULL, silence_visit = NULL, silence_due_at = NULL
  WHERE tracking_no = ANY($1::text[])`;
const CLOSE_ITEMS_BREAKPOINTS = 'UPDATE breakpoints SET closed_at = $2, updated_at = $2 WHERE tracking_no = ANY($1::text[]) AND closed_at IS NULL';

// Read after createAndLockItems: row locks on the touched items serialise concurrent batches per
// item, so whoever locks second reads what the first committed.
const SELECT_ITEMS = `SELECT ${ITEM_STATE_COLUMNS} FROM items WHERE tracking_no = ANY($1::text[])`;

const SELECT_EVENTS = `
  SELECT id, tracking_no, code, at_ms, site, next_site FROM scan_events
  WHERE tracking_no = ANY($1::text[]) ORDER BY tracking_no, at_ms, id`;

const SELECT_BREAKPOINTS = `
  SELECT id, tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail FROM breakpoints
  WHERE tracking_no = ANY($1::text[])`;

const UPDATE_ITEMS = `
  UPDATE items i SET status = u.status, last_event_code = u.code, last_event_at = u.at_ms, last_event_site = u.site,
    last_event_id = u.id, last_visit = u.last_visit, delivered_at = u.delivered_at, silence_type = u.silence_type,
    silence_unit = u.silence_unit, silence_visit = u.silence_visit, silence_due_at = u.silence_due_at
  FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::int[], $8::bigint[], $9::text[], $10::text[], $11::int[], $12::bigint[])
    AS u(tracking_no, status, code, at_ms, site, id, last_visit, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at)
  WHERE i.tracking_no = u.tracking_no`;

const INSERT_BREAKPOINTS = `
  INSERT INTO breakpoints (tracking_no, type, visit, responsible_unit, opened_at, closed_at, detail, updated_at)
  SELECT tracking_no, type, visit, unit, opened_at, NULL, detail, $7
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::bigint[], $6::text[]) AS t(tracking_no, type, visit, unit, opened_at, detail)
  RETURNING id, tracking_no, type, responsible_unit, opened_at`;

const REOPEN_BREAKPOINTS = `
  UPDATE breakpoints b SET closed_at = NULL, responsible_unit = u.unit, opened_at = u.opened_at, detail = u.detail, updated_at = $5
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, unit, opened_at, detail)
  WHERE b.id = u.id
  RETURNING b.id, b.tracking_no, b.type, b.responsible_unit, b.opened_at`;

const CHANGE_BREAKPOINTS = `
  UPDATE breakpoints b SET responsible_unit = u.unit, opened_at = u.opened_at, detail = u.detail, updated_at = $5
  FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) AS u(id, unit, opened_at, detail)
  WHERE b.id = u.id`;

const CLOSE_BREAKPOINTS = `UPDATE breakpoints SET closed_at = $2, updated_at = $2 WHERE id = ANY($1::bigint[]) AND closed_at IS NULL`;

const RENUMBER_BREAKPOINTS = `
  UPDATE breakpoints b SET visit = u.visit, updated_at = $3
  FROM unnest($1::bigint[], $2::int[]) AS u(id, visit) WHERE b.id = u.id`;

const INSERT_OUTBOX = `
  INSERT INTO breakpoint_outbox (breakpoint_id, tracking_no, type, responsible_unit, opened_at, created_at)
  SELECT * , $6::bigint FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[])`;

const UNITS_MAX_AGE_MS = 60_000;

/**
 * The PostgreSQL ingest path: each step is one statement over arrays (unnest), all in one transaction.
 * Rows are taken in a fixed order so concurrent batches lock in the same order.
 */
export function createPostgresScanRecorder(pool: pg.Pool, rules: SilenceRules): Omit<ScanRecorder, 'sweep'> {
  let units = new Map<string, UnitFacts>();
  let unitsLoadedAt = Number.NEGATIVE_INFINITY;
  const loadUnits = async (client: pg.PoolClient) => {
    const { rows } = await client.query<{ code: string; kind: string; end_of_shift: string | null }>('SELECT code, kind, end_of_shift FROM units');
    units = new Map(rows.map((r) => [r.code, { kind: r.kind, endOfShift: r.end_of_shift }]));
    unitsLoadedAt = Date.now();
  };

  return {
    async record(scans, now) {
      const ordered = [...scans].sort(compareIdentity);
      const client = await pool.connect();
      try {
        if (Date.now() - unitsLoadedAt > UNITS_MAX_AGE_MS || scans.some((s) => !units.has(s.site))) await loadUnits(client);
        await client.query('BEGIN');
        // In chunks inside the one transaction, as on SQLite: memory stays bounded, and since the
        // scans are sorted by item, item locks are still taken in one global order.
        let accepted = 0;
        for (let from = 0; from < ordered.length; from += INGEST_CHUNK) {
          accepted += await recordChunk(client, ordered.slice(from, from + INGEST_CHUNK), now);
        }
        await client.query('COMMIT');
        return { accepted, duplicates: scans.length - accepted };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    unitsChanged() {
      unitsLoadedAt = Number.NEGATIVE_INFINITY;
    },
    close: async () => {},
  };

  /**
   * Stores one chunk's events and brings the items they touch up to date; returns how many of the
   * chunk's lines were new (an item's copies of a consignment scan are not lines of the request).
   */
  async function recordChunk(client: pg.PoolClient, chunk: ScanInput[], now: number): Promise<number> {
    let accepted = 0;
    let scans = chunk;
    let forced: Set<string> | undefined;
    const consignments = (await client.query<{ found: boolean }>(ANY_CONSIGNMENT)).rows[0]?.found ? await lockConsignments(client, chunk) : undefined;
    if (consignments && consignments.size > 0) {
      const split = splitConsignmentScans(chunk, consignments);
      const stored = await insertConsignmentEvents(client, split.consignmentScans, now);
      accepted += stored.length;
      const moved = earlierOpenings(stored, consignments);
      forced = new Set();
      for (const [no, opening] of moved) {
        await client.query(OPEN_CONSIGNMENT, [opening.at, opening.site, no]);
        // Copies made before this (earlier) opening was known no longer hold.
        const gone = await client.query<{ tracking_no: string }>(DELETE_COPIES_AFTER, [consignments.get(no)!.members, no, opening.at]);
        for (const r of gone.rows) forced.add(r.tracking_no);
      }
      scans = split.itemScans.concat(copiesForItems(stored, consignments, (no) => moved.get(no)?.at ?? consignments.get(no)!.openedAt));
      // Item locks are taken in one global order: keep the chunk sorted by item.
      if (stored.length > 0) scans.sort(compareIdentity);
    }
    const added = await insertEvents(client, scans, now);
    for (const a of added) if (a.scan.viaConsignment === undefined) accepted++;
    const addedByItem = newEventsByItem(added);
    const touched = [...new Set([...addedByItem.keys(), ...(forced ?? [])])].sort();
    if (touched.length === 0) return accepted;
    await createAndLockItems(client, touched, now);
    const items = new Map((await client.query<ItemRow>(SELECT_ITEMS, [touched])).rows.map((r) => [r.tracking_no, toStoredItem(r)]));
    const breakpoints = groupBy((await client.query<BreakpointRow>(SELECT_BREAKPOINTS, [touched])).rows, toStoredBreakpoint);
    const { inputs, whole } = splitPlanInputs(addedByItem, items);
    if (forced) forceWholeInputs(inputs, whole, forced);
    if (whole.length > 0) addWholeInputs(inputs, whole, groupBy((await client.query<EventRow>(SELECT_EVENTS, [whole])).rows, toRuleEvent));
    // Every event an item had was a copy taken away: back to an item never scanned.
    const emptied = touched.filter((t) => { const input = inputs.get(t)!; return input.kind === 'whole' && input.events.length === 0; });
    if (emptied.length > 0) {
      await client.query(RESET_ITEMS, [emptied]);
      await client.query(CLOSE_ITEMS_BREAKPOINTS, [emptied, now]);
    }
    const planned = emptied.length > 0 ? touched.filter((t) => !emptied.includes(t)) : touched;
    const plans = planned.map((t) => planItemUpdate(t, inputs.get(t)!, items.get(t), breakpoints.get(t) ?? [], (c) => units.get(c), rules));
    await applyPlans(client, plans, now);
    return accepted;
  }
}

async function lockConsignments(client: pg.PoolClient, chunk: readonly ScanInput[]): Promise<Map<string, ConsignmentState & { members: string[] }>> {
  const found = new Map<string, ConsignmentState & { members: string[] }>();
  const rows = (await client.query<{ tracking_no: string; opened_at: string | null }>(LOCK_CONSIGNMENTS, [[...new Set(chunk.map((e) => e.trackingNo))]])).rows;
  if (rows.length === 0) return found;
  for (const r of rows) found.set(r.tracking_no, { openedAt: r.opened_at === null ? null : Number(r.opened_at), members: [] });
  const members = await client.query<{ consignment_no: string; tracking_no: string }>(SELECT_MEMBERS, [rows.map((r) => r.tracking_no)]);
  for (const m of members.rows) found.get(m.consignment_no)!.members.push(m.tracking_no);
  return found;
}

/** A scan's stored fields as one array each, in the column order both INSERT statements unnest. */
function eventColumns(scans: readonly ScanInput[]) {
  return [
    scans.map((s) => s.trackingNo),
    scans.map((s) => s.code),
    scans.map((s) => s.atMs),
    scans.map((s) => s.atOffsetMin),
    scans.map((s) => s.site),
    scans.map((s) => s.operator),
    scans.map((s) => s.reason),
    scans.map((s) => s.nextSite),
  ];
}

/** The consignment scans that were new, matched back to their input lines. */
async function insertConsignmentEvents(client: pg.PoolClient, scans: ScanInput[], now: number): Promise<ScanInput[]> {
  if (scans.length === 0) return [];
  const result = await client.query<{ tracking_no: string; at_ms: number; code: string; site: string }>(INSERT_CONSIGNMENT_EVENTS, [...eventColumns(scans), now]);
  return matchByIdentity(scans, result.rows).map((m) => m.scan);
}

async function insertEvents(client: pg.PoolClient, scans: ScanInput[], now: number): Promise<{ scan: ScanInput; id: number }[]> {
  if (scans.length === 0) return [];
  const result = await client.query<{ id: number; tracking_no: string; at_ms: number; code: string; site: string }>(INSERT_EVENTS, [
    ...eventColumns(scans),
    scans.map((_, i) => i),
    now,
    scans.map((s) => s.viaConsignment ?? null),
  ]);
  return matchByIdentity(scans, result.rows).map(({ scan, row }) => ({ scan, id: Number(row.id) }));
}

/** RETURNING gives no input position: match the stored rows back by the event's identity. */
function matchByIdentity<R extends { tracking_no: string; at_ms: number | string; code: string; site: string }>(scans: readonly ScanInput[], rows: readonly R[]): { scan: ScanInput; row: R }[] {
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

async function applyPlans(client: pg.PoolClient, plans: ItemPlan[], now: number): Promise<void> {
  const items = plans.map((p) => p.item);
  await client.query(UPDATE_ITEMS, [
    items.map((i) => i.trackingNo),
    items.map((i) => i.status),
    items.map((i) => i.lastEventCode),
    items.map((i) => i.lastEventAt),
    items.map((i) => i.lastEventSite),
    items.map((i) => i.lastEventId),
    items.map((i) => i.lastVisit),
    items.map((i) => i.deliveredAt),
    items.map((i) => i.silenceType),
    items.map((i) => i.silenceUnit),
    items.map((i) => i.silenceVisit),
    items.map((i) => i.silenceDueAt),
  ]);

  const opened: { id: number; tracking_no: string; type: string; responsible_unit: string; opened_at: number }[] = [];
  const open = plans.flatMap((p) => p.open);
  if (open.length > 0) {
    const r = await client.query(INSERT_BREAKPOINTS, [
      open.map((f) => f.trackingNo),
      open.map((f) => f.type),
      open.map((f) => f.visit),
      open.map((f) => f.responsibleUnit),
      open.map((f) => f.openedAt),
      open.map((f) => f.detail),
      now,
    ]);
    opened.push(...r.rows);
  }
  const reopen = plans.flatMap((p) => p.reopen);
  if (reopen.length > 0) {
    const r = await client.query(REOPEN_BREAKPOINTS, [...changeColumns(reopen), now]);
    opened.push(...r.rows);
  }
  const change = plans.flatMap((p) => p.change);
  if (change.length > 0) await client.query(CHANGE_BREAKPOINTS, [...changeColumns(change), now]);
  const close = plans.flatMap((p) => p.close);
  if (close.length > 0) await client.query(CLOSE_BREAKPOINTS, [close, now]);
  const renumber = plans.flatMap((p) => p.renumber);
  if (renumber.length > 0) await client.query(RENUMBER_BREAKPOINTS, [renumber.map((r) => r.id), renumber.map((r) => r.visit), now]);
  if (opened.length > 0) {
    await client.query(INSERT_OUTBOX, [
      opened.map((o) => o.id),
      opened.map((o) => o.tracking_no),
      opened.map((o) => o.type),
      opened.map((o) => o.responsible_unit),
      opened.map((o) => o.opened_at),
      now,
    ]);
  }
}

function changeColumns(list: ItemPlan['change']): [number[], string[], number[], string[]] {
  return [list.map((c) => c.id), list.map((c) => c.found.responsibleUnit), list.map((c) => c.found.openedAt), list.map((c) => c.found.detail)];
}

function compareIdentity(a: ScanInput, b: ScanInput): number {
  if (a.trackingNo !== b.trackingNo) return a.trackingNo < b.trackingNo ? -1 : 1;
  if (a.atMs !== b.atMs) return a.atMs - b.atMs;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.site < b.site ? -1 : a.site > b.site ? 1 : a.line - b.line;
}
