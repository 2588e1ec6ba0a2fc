/**
 * For tests only: DESIGN §4–§5 applied by hand to an item's events, written plainly and apart from the
 * generator, so that the generator's truth (built from what it did) can be checked against the rules.
 */
import { parseInstant } from '../domain/scan-time.js';
import type { TUnitInput } from '../modules/units/unit.schemas.js';
import type { TruthBreakpoint } from './breakpoint-truth.js';
import type { ScanLine } from './generate-scans.js';

const HOUR = 3_600_000;

export function atMs(at: string): number {
  const parsed = parseInstant(at);
  if (!parsed.ok) throw new Error(String(parsed.message));
  return parsed.ms;
}

/** "2026-03-01T09:00:00+08:00" for an instant. */
export function shanghai(ms: number): string {
  return `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;
}

/** The break-points of one item's events (any order) at `asOfMs`, with the default thresholds. */
export function breakpointsByRule(events: readonly ScanLine[], asOfMs: number, units: readonly TUnitInput[]): TruthBreakpoint[] {
  const sorted = [...events].sort((a, b) => atMs(a.at) - atMs(b.at));
  const trackingNo = sorted[0]!.trackingNo;
  const visits: ScanLine[][] = [];
  for (const event of sorted) {
    const current = visits.at(-1);
    if (current && current[0]!.site === event.site) current.push(event);
    else visits.push([event]);
  }
  const found: TruthBreakpoint[] = [];
  const add = (type: TruthBreakpoint['type'], visit: number, responsibleUnit: string, visibleAt: string) =>
    found.push({ trackingNo, type, responsibleUnit, visit, visibleAt: shanghai(atMs(visibleAt)) });

  if (!sorted.some((e) => e.code === 'ACCEPTED')) add('MISSING_ACCEPTANCE', 1, visits[0]![0]!.site, sorted[0]!.at);
  visits.forEach((visit, v) => {
    const opener = visit[0]!;
    if (v > 0 && opener.code !== 'ARRIVED' && opener.code !== 'AT_DELIVERY_OFFICE') add('MISSING_INBOUND', v + 1, opener.site, opener.at);
    const following = visits[v + 1];
    if (following && visit.at(-1)!.code !== 'DISPATCHED') add('MISSING_OUTBOUND', v + 1, opener.site, following[0]!.at);
    visit.forEach((event, k) => {
      if (event.code !== 'DELIVERED' && event.code !== 'DELIVERY_FAILED') return;
      const before = visit[k - 1]?.code;
      if (before === 'OUT_FOR_DELIVERY' || (event.code === 'DELIVERED' && before === 'HELD')) return;
      add('MISSING_OUT_FOR_DELIVERY', v + 1, event.site, event.at);
    });
  });

  if (sorted.some((e) => e.code === 'DELIVERED')) return found;
  const last = sorted.at(-1)!;
  const lastMs = atMs(last.at);
  const unit = units.find((u) => u.code === last.site);
  const atOffice = unit?.kind === 'delivery_office';
  const silentAfter = (type: TruthBreakpoint['type'], hours: number, responsible = last.site) => {
    if (asOfMs - lastMs > hours * HOUR) add(type, visits.length, responsible, shanghai(lastMs + hours * HOUR));
  };
  if (last.code === 'ACCEPTED' || last.code === 'RETURNED' || (last.code === 'ARRIVED' && !atOffice)) silentAfter('SILENT_IN_TRANSIT', 48);
  if (last.code === 'DISPATCHED') silentAfter('SILENT_IN_TRANSIT', 48, last.nextSite ?? last.site);
  if ((last.code === 'ARRIVED' || last.code === 'AT_DELIVERY_OFFICE') && atOffice) silentAfter('SILENT_AT_OFFICE', 24);
  if (last.code === 'HELD' || last.code === 'DELIVERY_FAILED') silentAfter('SILENT_HELD', 72);
  if (last.code === 'OUT_FOR_DELIVERY') {
    const [hh, mm] = (unit?.endOfShift ?? '21:00').split(':').map(Number) as [number, number];
    const localDate = last.at.slice(0, 10);
    let shiftEnd = atMs(`${localDate}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);
    if (lastMs > shiftEnd) shiftEnd += 24 * HOUR;
    if (asOfMs > shiftEnd) add('NO_DELIVERY_RESULT', visits.length, last.site, shanghai(shiftEnd));
  }
  return found;
}
