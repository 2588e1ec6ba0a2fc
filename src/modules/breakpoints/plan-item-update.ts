import {
  type FoundBreakpoint,
  type RouteTail,
  type RuleEvent,
  type SilenceRules,
  type UnitFacts,
  continueRoute,
  findMissingScans,
  pendingSilence,
  routeTailOf,
} from '../../domain/breakpoint-rules.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import { MISSING_SCAN_TYPES, type BreakpointType } from './breakpoint.table.js';

/** A break-point row as stored, as far as the diff needs it. */
export interface StoredBreakpoint {
  id: number;
  type: BreakpointType;
  visit: number;
  responsibleUnit: string;
  openedAt: number;
  closedAt: number | null;
  detail: string;
}

/** The item row's derived state before this batch (undefined: not stored yet). */
export interface StoredItemState {
  lastEventId: number | null;
  lastEventAt: number | null;
  lastEventCode: string | null;
  lastEventSite: string | null;
  lastVisit: number | null;
  deliveredAt: number | null;
  silenceType: string | null;
  silenceUnit: string | null;
  silenceVisit: number | null;
  silenceDueAt: number | null;
}

export interface ItemUpdate {
  trackingNo: string;
  status: string;
  lastEventCode: string;
  lastEventAt: number;
  lastEventSite: string;
  lastEventId: number;
  lastVisit: number;
  deliveredAt: number | null;
  silenceType: string | null;
  silenceUnit: string | null;
  silenceVisit: number | null;
  silenceDueAt: number | null;
}

/** What one item's new events change: its row, and its break-points (opened, reopened, changed, closed). */
export interface ItemPlan {
  item: ItemUpdate;
  open: (FoundBreakpoint & { trackingNo: string })[];
  reopen: { id: number; found: FoundBreakpoint }[];
  change: { id: number; found: FoundBreakpoint }[];
  close: number[];
  /** Open silences whose visit was renumbered by earlier events arriving late: same row, new visit. */
  renumber: { id: number; visit: number }[];
}

/**
 * How to plan an item: from its whole event set, or — when every new event comes after the stored
 * last event — from the stored tail and the new events alone (no need to read the earlier events).
 */
export type PlanInput = { kind: 'whole'; events: readonly RuleEvent[] } | { kind: 'append'; later: readonly RuleEvent[] };

const MISSING = new Set<string>(MISSING_SCAN_TYPES);
const key = (type: string, visit: number) => `${type}|${visit}`;

/** True when all of `added` (ordered) come after the item's stored last event, by instant then id. */
export function canAppend(stored: StoredItemState | undefined, added: readonly RuleEvent[]): boolean {
  const first = added[0];
  if (!stored || stored.lastEventId === null || stored.lastEventAt === null || stored.lastVisit === null || !first) return false;
  return first.atMs > stored.lastEventAt || (first.atMs === stored.lastEventAt && first.id > stored.lastEventId);
}

/**
 * Re-derives an item after new events and compares with what is stored: a gap that a late scan
 * filled closes its break-point (kept, with the instant); a silence closes as soon as the item has a
 * later last event. Both inputs give the same result (a property test holds them to it).
 */
export function planItemUpdate(
  trackingNo: string,
  input: PlanInput,
  stored: StoredItemState | undefined,
  breakpoints: readonly StoredBreakpoint[],
  unitOf: (code: string) => UnitFacts | undefined,
  rules: SilenceRules,
): ItemPlan {
  const walked = input.kind === 'whole' ? walkWhole(input.events) : walkOn(stored!, breakpoints, input.later);
  const plan: ItemPlan = { item: itemRow(trackingNo, walked, stored, unitOf, rules), open: [], reopen: [], change: [], close: [], renumber: [] };

  const byKey = new Map(breakpoints.map((b) => [key(b.type, b.visit), b]));
  const found = new Map(walked.found.map((f) => [key(f.type, f.visit), f]));
  for (const [k, f] of found) {
    const existing = byKey.get(k);
    if (!existing) plan.open.push({ ...f, trackingNo });
    else if (existing.closedAt !== null) plan.reopen.push({ id: existing.id, found: f });
    else if (existing.responsibleUnit !== f.responsibleUnit || existing.openedAt !== f.openedAt || existing.detail !== f.detail) {
      plan.change.push({ id: existing.id, found: f });
    }
  }
  const lastMoved = stored?.lastEventId !== walked.last.id;
  for (const b of breakpoints) {
    if (b.closedAt !== null) continue;
    if (MISSING.has(b.type)) {
      if (walked.isGone(b.type, b.visit, found)) plan.close.push(b.id);
    } else if (lastMoved) {
      plan.close.push(b.id);
    } else if (b.visit !== walked.tail.visit) {
      // Same last event, but late events before it changed its visit's number.
      const clash = byKey.get(key(b.type, walked.tail.visit));
      if (clash) {
        plan.close.push(b.id);
        plan.reopen.push({ id: clash.id, found: { type: b.type, visit: walked.tail.visit, responsibleUnit: b.responsibleUnit, openedAt: b.openedAt, detail: b.detail } });
      } else plan.renumber.push({ id: b.id, visit: walked.tail.visit });
    }
  }
  return plan;
}

interface Walked {
  found: FoundBreakpoint[];
  tail: RouteTail;
  last: RuleEvent;
  deliveredAt: number | null;
  /** Whether a stored open missing-scan break-point no longer holds. */
  isGone(type: string, visit: number, found: Map<string, FoundBreakpoint>): boolean;
}

function walkWhole(events: readonly RuleEvent[]): Walked {
  const last = events.at(-1);
  const tail = routeTailOf(events);
  if (!last || !tail) throw new Error('an item is planned from at least one event');
  return {
    found: findMissingScans(events),
    tail,
    last,
    deliveredAt: events.find((e) => e.code === 'DELIVERED')?.atMs ?? null,
    isGone: (type, visit, found) => !found.has(key(type, visit)),
  };
}

/**
 * Later events only change the last visit and what follows it; earlier visits' break-points stand,
 * except MISSING_ACCEPTANCE, which an ACCEPTED arriving now fills.
 */
function walkOn(stored: StoredItemState, breakpoints: readonly StoredBreakpoint[], later: readonly RuleEvent[]): Walked {
  const visit = stored.lastVisit!;
  const openNow = (type: BreakpointType, v: number) => breakpoints.some((b) => b.closedAt === null && b.type === type && b.visit === v);
  const tail: RouteTail = {
    visit,
    site: stored.lastEventSite!,
    lastCode: stored.lastEventCode as ScanCode,
    visitHasUnpreparedResult: openNow('MISSING_OUT_FOR_DELIVERY', visit),
    hasAccepted: !openNow('MISSING_ACCEPTANCE', 1),
  };
  const found = continueRoute(tail, later);
  const last = later.at(-1);
  if (!last) throw new Error('an append carries at least one event');
  return {
    found,
    tail,
    last,
    deliveredAt: stored.deliveredAt ?? later.find((e) => e.code === 'DELIVERED')?.atMs ?? null,
    isGone: (type) => type === 'MISSING_ACCEPTANCE' && tail.hasAccepted,
  };
}

function itemRow(trackingNo: string, walked: Walked, stored: StoredItemState | undefined, unitOf: (code: string) => UnitFacts | undefined, rules: SilenceRules): ItemUpdate {
  const { last, tail, deliveredAt } = walked;
  let silenceType: string | null;
  let silenceUnit: string | null;
  let silenceVisit: number | null;
  let silenceDueAt: number | null;
  if (stored && stored.lastEventId === last.id) {
    // The last event is unchanged (only earlier events arrived): its silence, pending or already
    // opened by the sweep, stays as it is — but earlier events at other sites may renumber its visit.
    silenceType = stored.silenceType;
    silenceUnit = stored.silenceUnit;
    silenceVisit = stored.silenceType === null ? null : tail.visit;
    silenceDueAt = stored.silenceDueAt;
  } else {
    const silence = pendingSilence(last, tail.visit, deliveredAt !== null, unitOf, rules);
    silenceType = silence?.type ?? null;
    silenceUnit = silence?.responsibleUnit ?? null;
    silenceVisit = silence?.visit ?? null;
    silenceDueAt = silence?.visibleAfter ?? null;
  }
  return {
    trackingNo,
    // Delivery is terminal: once delivered, always DELIVERED (see deriveItemStatus).
    status: deliveredAt !== null ? 'DELIVERED' : last.code,
    lastEventCode: last.code,
    lastEventAt: last.atMs,
    lastEventSite: last.site,
    lastEventId: last.id,
    lastVisit: tail.visit,
    deliveredAt,
    silenceType,
    silenceUnit,
    silenceVisit,
    silenceDueAt,
  };
}
