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
import type { ItemUpdate, StoredItemState } from '../items/item-state.repository.js';
import { MISSING_SCAN_TYPES, PROOF_TYPES, type BreakpointType } from './breakpoint.table.js';
import type { BreakpointChanges, StoredBreakpoint } from './breakpoint-write.js';

export type { StoredBreakpoint } from './breakpoint-write.js';

/** What one item's new events change: its row, and its break-points. */
export interface ItemPlan extends BreakpointChanges {
  item: ItemUpdate;
}

/**
 * How to plan an item: from its whole event set, or — when every new event comes after the stored
 * last event — from the stored tail and the new events alone (no need to read the earlier events).
 */
export type PlanInput = { kind: 'whole'; events: readonly RuleEvent[] } | { kind: 'append'; later: readonly RuleEvent[] };

const MISSING = new Set<string>(MISSING_SCAN_TYPES);
const PROOF = new Set<string>(PROOF_TYPES);
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
  const plan: ItemPlan = { trackingNo, item: itemRow(trackingNo, walked, stored, unitOf, rules), open: [], reopen: [], change: [], close: [], renumber: [] };

  const byKey = new Map(breakpoints.map((b) => [key(b.type, b.visit), b]));
  const found = new Map(walked.found.map((f) => [key(f.type, f.visit), f]));
  for (const [k, f] of found) {
    const existing = byKey.get(k);
    if (!existing) plan.open.push(f);
    else if (existing.closedAt !== null) plan.reopen.push({ id: existing.id, found: f });
    else if (existing.responsibleUnit !== f.responsibleUnit || existing.openedAt !== f.openedAt || existing.detail !== f.detail) {
      plan.change.push({ id: existing.id, found: f });
    }
  }
  const lastMoved = stored?.lastEventId !== walked.last.id;
  for (const b of breakpoints) {
    // Proof closes MISSING_PROOF (breakpoints/missing-proof.ts); no scan does.
    if (b.closedAt !== null || PROOF.has(b.type)) continue;
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
  /** The first ACCEPTED and the first DELIVERED by instant (events are in timeline order). */
  acceptedAt: number | null;
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
    acceptedAt: events.find((e) => e.code === 'ACCEPTED')?.atMs ?? null,
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
    lastCode: stored.lastEventCode as RouteTail['lastCode'],
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
    // Later events come after every stored one: a first already stored stays the first.
    acceptedAt: stored.acceptedAt ?? later.find((e) => e.code === 'ACCEPTED')?.atMs ?? null,
    deliveredAt: stored.deliveredAt ?? later.find((e) => e.code === 'DELIVERED')?.atMs ?? null,
    isGone: (type) => type === 'MISSING_ACCEPTANCE' && tail.hasAccepted,
  };
}

function itemRow(trackingNo: string, walked: Walked, stored: StoredItemState | undefined, unitOf: (code: string) => UnitFacts | undefined, rules: SilenceRules): ItemUpdate {
  const { last, tail, acceptedAt, deliveredAt } = walked;
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
    acceptedAt,
    deliveredAt,
    silenceType,
    silenceUnit,
    silenceVisit,
    silenceDueAt,
  };
}

/**
 * For each item, what to plan from: its new events alone when they all come after its stored last
 * event (the common case, no read), else its whole event set — `whole` lists the items to read.
 */
export function splitPlanInputs(addedByItem: ReadonlyMap<string, RuleEvent[]>, items: ReadonlyMap<string, StoredItemState>): { inputs: Map<string, PlanInput>; whole: string[] } {
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

/** Adds the whole event sets read for the items that could not be planned from their new events. */
export function addWholeInputs(inputs: Map<string, PlanInput>, whole: readonly string[], events: ReadonlyMap<string, RuleEvent[]>): void {
  for (const t of whole) inputs.set(t, { kind: 'whole', events: events.get(t) ?? [] });
}
