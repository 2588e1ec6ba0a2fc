import type { BreakpointType, MissingScanType, SilenceType } from '../modules/breakpoints/breakpoint.table.js';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import { addDays, endOfShiftInstant, localDateOf } from './local-day.js';

/** An event as the rules see it; events are always ordered by instant, then arrival (id). */
export interface RuleEvent {
  id: number;
  code: ScanCode;
  atMs: number;
  site: string;
  nextSite: string | null;
}

export interface Visit {
  /** 1-based, in time order. */
  number: number;
  site: string;
  events: RuleEvent[];
}

export interface FoundBreakpoint {
  type: BreakpointType;
  visit: number;
  responsibleUnit: string;
  openedAt: number;
  detail: string;
}

/** A maximal run of consecutive events at one site is a visit (DESIGN §4). */
export function splitVisits(events: readonly RuleEvent[]): Visit[] {
  const visits: Visit[] = [];
  for (const e of events) {
    const current = visits.at(-1);
    if (current && current.site === e.site) current.events.push(e);
    else visits.push({ number: visits.length + 1, site: e.site, events: [e] });
  }
  return visits;
}

const OPENS_LATER_VISIT: ReadonlySet<ScanCode> = new Set(['ARRIVED', 'AT_DELIVERY_OFFICE']);

/**
 * The missing-scan break-points of an item's whole event set (DESIGN §5), at most one per type and
 * visit. Each opens at the first event after the gap.
 */
export function findMissingScans(events: readonly RuleEvent[]): FoundBreakpoint[] {
  if (events.length === 0) return [];
  const visits = splitVisits(events);
  const found: FoundBreakpoint[] = [];
  const add = (type: MissingScanType, visit: Visit, openedAt: number, detail: string) =>
    found.push({ type, visit: visit.number, responsibleUnit: visit.site, openedAt, detail });

  const noAcceptance = !events.some((e) => e.code === 'ACCEPTED');
  if (noAcceptance) add('MISSING_ACCEPTANCE', visits[0]!, events[0]!.atMs, `no ACCEPTED scan; first scan ${events[0]!.code} at ${visits[0]!.site}`);

  for (const [i, visit] of visits.entries()) {
    const first = visit.events[0]!;
    const last = visit.events.at(-1)!;
    if (i > 0 && !OPENS_LATER_VISIT.has(first.code)) {
      add('MISSING_INBOUND', visit, first.atMs, `visit ${visit.number} at ${visit.site} opens with ${first.code}, not ARRIVED or AT_DELIVERY_OFFICE`);
    }
    const next = visits[i + 1];
    if (next && last.code !== 'DISPATCHED') {
      add('MISSING_OUTBOUND', visit, next.events[0]!.atMs, `visit ${visit.number} at ${visit.site} ends with ${last.code}, not DISPATCHED, before ${next.site}`);
    }
    const unprepared = visit.events.find((e, k) => isResult(e.code) && !preparedFor(e.code, visit.events[k - 1]?.code));
    if (unprepared) {
      add('MISSING_OUT_FOR_DELIVERY', visit, unprepared.atMs, `${unprepared.code} at ${visit.site} without OUT_FOR_DELIVERY just before`);
    }
  }
  return found;
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
export function pendingSilence(events: readonly RuleEvent[], unitOf: (code: string) => UnitFacts | undefined, rules: SilenceRules): PendingSilence | null {
  const last = events.at(-1);
  if (!last || events.some((e) => e.code === 'DELIVERED')) return null;
  const visit = lastVisitNumber(events);
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
  const day = localDateOf(atMs, timeZone);
  const sameDay = endOfShiftInstant(day, endOfShift, timeZone);
  return atMs > sameDay ? endOfShiftInstant(addDays(day, 1), endOfShift, timeZone) : sameDay;
}

function lastVisitNumber(events: readonly RuleEvent[]): number {
  let visits = 0;
  let site: string | undefined;
  for (const e of events) {
    if (e.site !== site) visits++;
    site = e.site;
  }
  return visits;
}
