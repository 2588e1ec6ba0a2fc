import type { RuleEvent } from '../../domain/breakpoint-rules.js';
import type { BreakpointType } from '../breakpoints/breakpoint.table.js';
import { type PlanInput, type StoredBreakpoint, type StoredItemState, canAppend } from '../breakpoints/plan-item-update.js';
import type { ScanInput } from './parse-scan-lines.js';
import type { ScanCode } from './scan-event.table.js';

/** Rows and groupings shared by both engines' ingest paths. */

/** A request's scans are stored in chunks of this many, inside its one transaction. */
export const INGEST_CHUNK = 25_000;

export interface EventRow {
  id: number;
  tracking_no: string;
  code: string;
  at_ms: number;
  site: string;
  next_site: string | null;
}
export const ITEM_STATE_COLUMNS =
  'tracking_no, last_event_id, last_event_at, last_event_code, last_event_site, last_visit, delivered_at, silence_type, silence_unit, silence_visit, silence_due_at';

export interface ItemRow {
  tracking_no: string;
  last_event_id: number | null;
  last_event_at: number | null;
  last_event_code: string | null;
  last_event_site: string | null;
  last_visit: number | null;
  delivered_at: number | null;
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
  lastEventAt: r.last_event_at,
  lastEventCode: r.last_event_code,
  lastEventSite: r.last_event_site,
  lastVisit: r.last_visit,
  deliveredAt: r.delivered_at,
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

/** The events this batch stored, per item, in the order the rules read them. */
export function newEventsByItem(added: readonly { scan: ScanInput; id: number }[]): Map<string, RuleEvent[]> {
  const byItem = new Map<string, RuleEvent[]>();
  for (const { scan, id } of added) {
    // Item scans never carry OPENED: the scan service accepts it only on consignment numbers, and
    // those are split off before this (see expand-consignment-scans.ts).
    const event: RuleEvent = { id, code: scan.code as ScanCode, atMs: scan.atMs, site: scan.site, nextSite: scan.nextSite };
    const list = byItem.get(scan.trackingNo);
    if (list) list.push(event);
    else byItem.set(scan.trackingNo, [event]);
  }
  for (const list of byItem.values()) list.sort((a, b) => a.atMs - b.atMs || a.id - b.id);
  return byItem;
}

/**
 * For each item, what to plan from: its new events alone when they all come after its stored last
 * event (the common case, no read), else its whole event set — `whole` lists the items to read.
 */
export function splitPlanInputs(addedByItem: Map<string, RuleEvent[]>, items: Map<string, StoredItemState>): { inputs: Map<string, PlanInput>; whole: string[] } {
  const inputs = new Map<string, PlanInput>();
  const whole: string[] = [];
  for (const [trackingNo, later] of addedByItem) {
    const stored = items.get(trackingNo);
    // Events are stored with their item, so an item without a last event had none before this batch.
    if (!stored || stored.lastEventId === null) inputs.set(trackingNo, { kind: 'whole', events: later });
    else if (canAppend(stored, later)) inputs.set(trackingNo, { kind: 'append', later });
    else whole.push(trackingNo);
  }
  return { inputs, whole };
}

/**
 * Items whose stored events were taken away (copies of consignment scans made after an opening that
 * arrived late) are planned from their whole event set too, even when nothing new arrived for them.
 */
export function forceWholeInputs(inputs: Map<string, PlanInput>, whole: string[], forced: Iterable<string>): void {
  for (const t of forced) {
    if (inputs.get(t)?.kind === 'whole' || whole.includes(t)) continue;
    inputs.delete(t);
    whole.push(t);
  }
}

/** Adds the whole event sets read for the items that could not be planned from their new events. */
export function addWholeInputs(inputs: Map<string, PlanInput>, whole: readonly string[], events: Map<string, RuleEvent[]>): Map<string, PlanInput> {
  for (const t of whole) inputs.set(t, { kind: 'whole', events: events.get(t) ?? [] });
  return inputs;
}

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
