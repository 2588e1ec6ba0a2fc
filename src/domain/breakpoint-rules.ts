import type { BreakpointType, MissingScanType, SilenceType } from '../modules/breakpoints/breakpoint.table.js';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import { type LocalDate, addDays, endOfShiftInstant, localDateOf } from './local-day.js';

/** An event as the rules see it; events are always ordered by instant, then arrival (id). */
export interface RuleEvent {
  id: number;
  code: ScanCode;
  atMs: number;
  site: string;
  nextSite: string | null;
}

export interface FoundBreakpoint {
  type: BreakpointType;
  visit: number;
  responsibleUnit: string;
  openedAt: number;
  detail: string;
}

const OPENS_LATER_VISIT: ReadonlySet<ScanCode> = new Set(['ARRIVED', 'AT_DELIVERY_OFFICE']);

/**
 * A site visit is a maximal run of consecutive events (by instant) at one site, numbered from 1
 * (DESIGN §4). Where the walk over an item's events stands after its last event: enough to go on with later
 * events without reading the earlier ones again.
 */
export interface RouteTail {
  visit: number;
  site: string;
  lastCode: ScanCode;
  /** The visit already has its MISSING_OUT_FOR_DELIVERY (at most one per visit). */
  visitHasUnpreparedResult: boolean;
  hasAccepted: boolean;
}

/**
 * The missing-scan break-points of an item's whole event set (DESIGN §5), at most one per type and
 * visit. Each opens at the first event after the gap.
 */
export function findMissingScans(events: readonly RuleEvent[]): FoundBreakpoint[] {
  if (events.length === 0) return [];
  const found: FoundBreakpoint[] = [];
  const first = events[0]!;
  if (!events.some((e) => e.code === 'ACCEPTED')) {
    found.push({ type: 'MISSING_ACCEPTANCE', visit: 1, responsibleUnit: first.site, openedAt: first.atMs, detail: `no ACCEPTED scan; first scan ${first.code} at ${first.site}` });
  }
  const tail: RouteTail = { visit: 1, site: first.site, lastCode: first.code, visitHasUnpreparedResult: false, hasAccepted: first.code === 'ACCEPTED' };
  if (isResult(first.code)) {
    found.push(unpreparedResult(first, 1));
    tail.visitHasUnpreparedResult = true;
  }
  found.push(...continueRoute(tail, events.slice(1)));
  return found;
}

/**
 * Walks `later` events (all after the tail's last event, in order) from where the tail stands,
 * moving the tail and returning the missing-scan break-points they reveal. MISSING_ACCEPTANCE is
 * not decided here: it depends on the whole set (see `hasAccepted`).
 */
export function continueRoute(tail: RouteTail, later: readonly RuleEvent[]): FoundBreakpoint[] {
  const found: FoundBreakpoint[] = [];
  for (const e of later) {
    let previousInVisit: ScanCode | undefined = tail.lastCode;
    if (e.site !== tail.site) {
      if (tail.lastCode !== 'DISPATCHED') {
        found.push({
          type: 'MISSING_OUTBOUND',
          visit: tail.visit,
          responsibleUnit: tail.site,
          openedAt: e.atMs,
          detail: `visit ${tail.visit} at ${tail.site} ends with ${tail.lastCode}, not DISPATCHED, before ${e.site}`,
        });
      }
      tail.visit++;
      tail.site = e.site;
      tail.visitHasUnpreparedResult = false;
      previousInVisit = undefined;
      if (!OPENS_LATER_VISIT.has(e.code)) {
        found.push({
          type: 'MISSING_INBOUND',
          visit: tail.visit,
          responsibleUnit: e.site,
          openedAt: e.atMs,
          detail: `visit ${tail.visit} at ${e.site} opens with ${e.code}, not ARRIVED or AT_DELIVERY_OFFICE`,
        });
      }
    }
    if (isResult(e.code) && !tail.visitHasUnpreparedResult && !preparedFor(e.code, previousInVisit)) {
      found.push(unpreparedResult(e, tail.visit));
      tail.visitHasUnpreparedResult = true;
    }
    if (e.code === 'ACCEPTED') tail.hasAccepted = true;
    tail.lastCode = e.code;
  }
  return found;
}

const unpreparedResult = (e: RuleEvent, visit: number): FoundBreakpoint => ({
  type: 'MISSING_OUT_FOR_DELIVERY',
  visit,
  responsibleUnit: e.site,
  openedAt: e.atMs,
  detail: `${e.code} at ${e.site} without OUT_FOR_DELIVERY just before`,
});

/** The tail after a whole event set (the same walk as `findMissingScans`). */
export function routeTailOf(events: readonly RuleEvent[]): RouteTail | undefined {
  const first = events[0];
  if (!first) return undefined;
  const tail: RouteTail = { visit: 1, site: first.site, lastCode: first.code, visitHasUnpreparedResult: isResult(first.code), hasAccepted: first.code === 'ACCEPTED' };
  continueRoute(tail, events.slice(1));
  return tail;
}

const isResult = (code: ScanCode) => code === 'DELIVERED' || code === 'DELIVERY_FAILED';

/** A delivery result needs OUT_FOR_DELIVERY just before it; DELIVERED right after HELD is a counter pick-up. */
function preparedFor(code: ScanCode, previous: ScanCode | undefined): boolean {
  return previous === 'OUT_FOR_DELIVERY' || (code === 'DELIVERED' && previous === 'HELD');
}

export interface SilenceRules {
  transitMs: number;
  officeMs: number;
  heldMs: number;
  defaultEndOfShift: string;
  timeZone: string;
}

export interface UnitFacts {
  kind: string;
  endOfShift: string | null;
}

export interface PendingSilence {
  type: SilenceType;
  responsibleUnit: string;
  visit: number;
  /** The silence is visible at any instant strictly after this one; the break-point opens here. */
  visibleAfter: number;
}

/**
 * The silence an item's last event will show if nothing follows it (DESIGN §5), or null when the
 * item cannot go silent (delivered, or a last event no rule covers).
 */
export function pendingSilence(
  last: RuleEvent,
  visit: number,
  delivered: boolean,
  unitOf: (code: string) => UnitFacts | undefined,
  rules: SilenceRules,
): PendingSilence | null {
  if (delivered) return null;
  const unit = unitOf(last.site);
  const atOffice = unit?.kind === 'delivery_office';
  const silence = (type: SilenceType, responsibleUnit: string, visibleAfter: number): PendingSilence => ({ type, responsibleUnit, visit, visibleAfter });
  switch (last.code) {
    case 'ACCEPTED':
    case 'RETURNED':
      return silence('SILENT_IN_TRANSIT', last.site, last.atMs + rules.transitMs);
    case 'DISPATCHED':
      return silence('SILENT_IN_TRANSIT', last.nextSite ?? last.site, last.atMs + rules.transitMs);
    case 'ARRIVED':
      return atOffice ? silence('SILENT_AT_OFFICE', last.site, last.atMs + rules.officeMs) : silence('SILENT_IN_TRANSIT', last.site, last.atMs + rules.transitMs);
    case 'AT_DELIVERY_OFFICE':
      return atOffice ? silence('SILENT_AT_OFFICE', last.site, last.atMs + rules.officeMs) : null;
    case 'OUT_FOR_DELIVERY':
      return silence('NO_DELIVERY_RESULT', last.site, endOfShiftAfter(last.atMs, unit?.endOfShift ?? rules.defaultEndOfShift, rules.timeZone));
    case 'HELD':
    case 'DELIVERY_FAILED':
      return silence('SILENT_HELD', last.site, last.atMs + rules.heldMs);
    default:
      return null;
  }
}

/** End of shift on the local day of the event, or the next day's if the event came after it. */
export function endOfShiftAfter(atMs: number, endOfShift: string, timeZone: string): number {
  const day = cachedLocalDate(atMs, timeZone);
  const sameDay = cachedEndOfShift(day, endOfShift, timeZone);
  return atMs > sameDay ? cachedEndOfShift(addDays(day, 1), endOfShift, timeZone) : sameDay;
}

// Time-zone arithmetic goes through Intl and is slow; this runs for every item whose last event is
// OUT_FOR_DELIVERY, and a day's end of shift is the same for all of them.
const endOfShiftCache = new Map<string, number>();
const localDateCache = new Map<string, LocalDate>();

/** The local date, looked up per quarter hour: zones change their offset on quarter hours at most. */
function cachedLocalDate(atMs: number, timeZone: string): LocalDate {
  const key = `${timeZone}|${Math.floor(atMs / 900_000)}`;
  let date = localDateCache.get(key);
  if (!date) {
    if (localDateCache.size > 10_000) localDateCache.clear();
    date = localDateOf(atMs, timeZone);
    localDateCache.set(key, date);
  }
  return date;
}

function cachedEndOfShift(day: LocalDate, endOfShift: string, timeZone: string): number {
  const key = `${timeZone}|${endOfShift}|${day.year}-${day.month}-${day.day}`;
  let instant = endOfShiftCache.get(key);
  if (instant === undefined) {
    if (endOfShiftCache.size > 10_000) endOfShiftCache.clear();
    instant = endOfShiftInstant(day, endOfShift, timeZone);
    endOfShiftCache.set(key, instant);
  }
  return instant;
}
