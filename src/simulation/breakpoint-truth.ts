import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import { DAY, HOUR, MINUTE, TIME_ZONE, localDayStart, parseClockTime } from './local-time.js';

/**
 * The break-points a simulation put into its data (DESIGN §5), written down by the generator from
 * what it did — which scan it dropped, where it stopped an item — and not by any detector, so that
 * the detector can be checked against it.
 */
export const MISSING_SCAN_TYPES = ['MISSING_ACCEPTANCE', 'MISSING_INBOUND', 'MISSING_OUTBOUND', 'MISSING_OUT_FOR_DELIVERY'] as const;
export const SILENCE_TYPES = ['SILENT_IN_TRANSIT', 'SILENT_AT_OFFICE', 'NO_DELIVERY_RESULT', 'SILENT_HELD'] as const;
export type MissingScanType = (typeof MISSING_SCAN_TYPES)[number];
export type SilenceType = (typeof SILENCE_TYPES)[number];
export type TruthBreakpointType = MissingScanType | SilenceType;

export interface TruthBreakpoint {
  trackingNo: string;
  type: TruthBreakpointType;
  responsibleUnit: string;
  /** 1-based number of the site visit (DESIGN §4) the break-point belongs to; for a silence, the last event's. */
  visit: number;
  /**
   * When the break-point became visible, +08:00: for a missing scan the first event after the gap;
   * for a silence the last event's instant plus the threshold, or the end of shift.
   */
  visibleAt?: string;
}

export interface SilenceThresholds {
  silentInTransitHours: number;
  silentAtOfficeHours: number;
  silentHeldHours: number;
  /** Local HH:MM, for delivery offices that name no end of shift of their own. */
  endOfShift: string;
  /** Local days and ends of shift are reckoned here (UTC+8, no daylight saving). */
  timeZone: typeof TIME_ZONE;
}

export const DEFAULT_SILENCE_THRESHOLDS: Readonly<SilenceThresholds> = Object.freeze({
  silentInTransitHours: 48,
  silentAtOfficeHours: 24,
  silentHeldHours: 72,
  endOfShift: '21:00',
  timeZone: TIME_ZONE,
});

/** The contents of truth.json. */
export interface SimulationTruth {
  /** The instant the silences are judged at: the end of the simulated period. */
  asOf: string;
  thresholds: SilenceThresholds;
  /** In the order the items were accepted; per item, missing scans before silences. */
  breakpoints: TruthBreakpoint[];
}

export type ThresholdOverrides = Partial<Omit<SilenceThresholds, 'timeZone'>>;

export function resolveThresholds(overrides: ThresholdOverrides = {}): SilenceThresholds {
  const thresholds = { ...DEFAULT_SILENCE_THRESHOLDS, ...overrides };
  for (const key of ['silentInTransitHours', 'silentAtOfficeHours', 'silentHeldHours'] as const) {
    if (!(thresholds[key] > 0)) throw new RangeError(`${key} must be positive, got ${thresholds[key]}`);
  }
  parseClockTime(thresholds.endOfShift);
  return thresholds;
}

/** An item's last event by instant, with what the rules need to know of its site. */
export interface LastEvent {
  code: ScanCode;
  atMs: number;
  site: string;
  nextSite?: string;
  atDeliveryOffice: boolean;
  /** The site's own end of shift, minutes after local midnight. */
  endOfShiftMin?: number;
}

export interface Silence {
  type: SilenceType;
  responsibleUnit: string;
  visibleAtMs: number;
}

/**
 * The silence break-point of an item whose last event is `last`, as seen at `asOfMs`; undefined when
 * there is none. Every threshold is strict: silent after more than 48 h, not at 48 h exactly.
 */
export function judgeSilence(last: LastEvent, asOfMs: number, thresholds: SilenceThresholds): Silence | undefined {
  const after = (type: SilenceType, hours: number, responsibleUnit = last.site): Silence | undefined => {
    const visibleAtMs = last.atMs + hours * HOUR;
    return asOfMs > visibleAtMs ? { type, responsibleUnit, visibleAtMs } : undefined;
  };
  switch (last.code) {
    case 'ACCEPTED':
    case 'RETURNED':
      return after('SILENT_IN_TRANSIT', thresholds.silentInTransitHours);
    case 'DISPATCHED':
      return after('SILENT_IN_TRANSIT', thresholds.silentInTransitHours, last.nextSite ?? last.site);
    case 'ARRIVED':
      return last.atDeliveryOffice
        ? after('SILENT_AT_OFFICE', thresholds.silentAtOfficeHours)
        : after('SILENT_IN_TRANSIT', thresholds.silentInTransitHours);
    case 'AT_DELIVERY_OFFICE':
      return last.atDeliveryOffice ? after('SILENT_AT_OFFICE', thresholds.silentAtOfficeHours) : undefined;
    case 'OUT_FOR_DELIVERY': {
      const visibleAtMs = endOfShiftAfter(last.atMs, last.endOfShiftMin ?? parseClockTime(thresholds.endOfShift));
      return asOfMs > visibleAtMs ? { type: 'NO_DELIVERY_RESULT', responsibleUnit: last.site, visibleAtMs } : undefined;
    }
    case 'HELD':
    case 'DELIVERY_FAILED':
      return after('SILENT_HELD', thresholds.silentHeldHours);
    case 'DELIVERED':
      return undefined;
  }
}

/** The end of shift on the local day of `atMs`; the next day's if `atMs` is already past it. */
export function endOfShiftAfter(atMs: number, endOfShiftMin: number): number {
  const sameDay = localDayStart(atMs) + endOfShiftMin * MINUTE;
  return atMs > sameDay ? sameDay + DAY : sameDay;
}

/** Reads the truth.json a simulation wrote into `dir`. */
export async function readTruth(dir: string): Promise<SimulationTruth> {
  return JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8')) as SimulationTruth;
}
