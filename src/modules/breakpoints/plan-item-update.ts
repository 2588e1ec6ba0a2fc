import { deriveItemStatus } from '../../domain/item-status.js';
import { type FoundBreakpoint, type RuleEvent, type SilenceRules, type UnitFacts, findMissingScans, pendingSilence } from '../../domain/breakpoint-rules.js';
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

/** The item row's derived state before this batch (undefined: first seen now). */
export interface StoredItemState {
  lastEventId: number | null;
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
}

const MISSING = new Set<string>(MISSING_SCAN_TYPES);
const key = (type: string, visit: number) => `${type}|${visit}`;

/**
 * Re-derives an item from its whole event set (new events included) and compares with what is
 * stored: a gap that a late scan filled closes its break-point (kept, with the instant); a silence
 * closes as soon as the item has a later last event.
 */
export function planItemUpdate(
  trackingNo: string,
  events: readonly RuleEvent[],
  stored: StoredItemState | undefined,
  breakpoints: readonly StoredBreakpoint[],
  unitOf: (code: string) => UnitFacts | undefined,
  rules: SilenceRules,
): ItemPlan {
  const last = events.at(-1);
  if (!last) throw new Error(`item ${trackingNo} has no events to plan from`);
  const plan: ItemPlan = { item: itemRow(trackingNo, events, stored, unitOf, rules), open: [], reopen: [], change: [], close: [] };

  const found = new Map(findMissingScans(events).map((f) => [key(f.type, f.visit), f]));
  const byKey = new Map(breakpoints.map((b) => [key(b.type, b.visit), b]));
  for (const [k, f] of found) {
    const existing = byKey.get(k);
    if (!existing) plan.open.push({ ...f, trackingNo });
    else if (existing.closedAt !== null) plan.reopen.push({ id: existing.id, found: f });
    else if (existing.responsibleUnit !== f.responsibleUnit || existing.openedAt !== f.openedAt || existing.detail !== f.detail) {
      plan.change.push({ id: existing.id, found: f });
    }
  }
  const lastMoved = stored?.lastEventId !== last.id;
  for (const b of breakpoints) {
    if (b.closedAt !== null) continue;
    if (MISSING.has(b.type) ? !found.has(key(b.type, b.visit)) : lastMoved) plan.close.push(b.id);
  }
  return plan;
}

function itemRow(
  trackingNo: string,
  events: readonly RuleEvent[],
  stored: StoredItemState | undefined,
  unitOf: (code: string) => UnitFacts | undefined,
  rules: SilenceRules,
): ItemUpdate {
  const last = events.at(-1)!;
  const delivered = events.find((e) => e.code === 'DELIVERED');
  const base = {
    trackingNo,
    status: deriveItemStatus(events),
    lastEventCode: last.code,
    lastEventAt: last.atMs,
    lastEventSite: last.site,
    lastEventId: last.id,
    deliveredAt: delivered?.atMs ?? null,
  };
  // The last event is unchanged (only earlier events arrived): its silence, pending or already
  // opened by the sweep, stays as it is.
  if (stored && stored.lastEventId === last.id) {
    return { ...base, silenceType: stored.silenceType, silenceUnit: stored.silenceUnit, silenceVisit: stored.silenceVisit, silenceDueAt: stored.silenceDueAt };
  }
  const silence = pendingSilence(events, unitOf, rules);
  return {
    ...base,
    silenceType: silence?.type ?? null,
    silenceUnit: silence?.responsibleUnit ?? null,
    silenceVisit: silence?.visit ?? null,
    silenceDueAt: silence?.visibleAfter ?? null,
  };
}
