import { formatS10 } from '../domain/s10.js';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import type { TUnitInput } from '../modules/units/unit.schemas.js';
import { type ThresholdOverrides, type SilenceThresholds, type TruthBreakpoint, judgeSilence, resolveThresholds } from './breakpoint-truth.js';
import { type FaultRates, FaultInjector } from './faults.js';
import { type RouteOptions, RouteSimulator } from './item-route.js';
import { DAY, LocalClock, SECOND } from './local-time.js';
import { CODES, DELIVERED, DISPATCHED, FAILURE_REASONS } from './packed-scan.js';
import { ScanWindow } from './scan-window.js';

export interface ScanLine {
  trackingNo: string;
  code: ScanCode;
  /** ISO 8601 local time with +08:00, whole seconds. */
  at: string;
  site: string;
  operator?: string;
  reason?: string;
  nextSite?: string;
}

/** What happened to an item's data on its way in (all zero / false for clean data). */
export interface ItemFaults {
  droppedScan: boolean;
  /** Cut short after one of its events: it goes silent from there. */
  stopped: boolean;
  lateScans: number;
}

export interface SimulatedItemRecord {
  trackingNo: string;
  originUnit: string;
  destination: { divisionCode: string; address: string };
  weightGrams: number;
  /** The break-points its data holds at the end of the period (natural silences included). */
  breakpoints: TruthBreakpoint[];
  faults: ItemFaults;
}

export interface GeneratedItem extends SimulatedItemRecord {
  /** In time order, strictly increasing; scans after startMs + days are left out. */
  scans: ScanLine[];
}

export interface GenerateOptions extends RouteOptions {
  /** Default 'EA'. */
  serviceIndicator?: string;
  /** Serial of the first item's S10 number; the others follow consecutively. Default 20000000. */
  firstSerial?: number;
  /** Faults to put into the data (see FaultRates); each defaults to 0, clean data. */
  dropRate?: number;
  silenceRate?: number;
  lateRate?: number;
  /** Thresholds the silences are judged with at the end of the period (default DESIGN §5's). */
  thresholds?: ThresholdOverrides;
}

export interface ScanStreamOptions extends GenerateOptions {
  /**
   * Items held at once while merging (default 200,000; about 600 bytes each). Below the bound
   * scans come out in upload order. At the bound, newly accepted items wait, so their scans come
   * out late, as from a scanner that uploads late.
   */
  maxInFlightItems?: number;
  /** Called as each item is simulated, in order of acceptance, before any of its scans is yielded. */
  onItem?: (item: SimulatedItemRecord) => void;
}

export const DEFAULT_MAX_IN_FLIGHT_ITEMS = 200_000;
export const DEFAULT_FIRST_SERIAL = 20_000_000;

/** Items with their scans on realistic routes, in order of acceptance. Deterministic for a seed. */
export function* generateItems(units: readonly TUnitInput[], options: GenerateOptions): Generator<GeneratedItem> {
  const simulator = new ItemSimulator(units, options, true);
  const { scans } = simulator.route;
  for (let i = 0; i < options.items; i++) {
    const item = simulator.simulate(i);
    const lines: ScanLine[] = [];
    for (let k = 0; k < scans.length; k += 2) lines.push(simulator.scanLine(item.trackingNo, scans[k]!, scans[k + 1]!));
    yield { ...item, scans: lines };
  }
}

/**
 * The scans of `generateItems` for the same options, merged across items as scanners would upload
 * them: by instant, except that a late scan comes out at its upload time. Memory is bounded by
 * `maxInFlightItems`, however many items there are.
 */
export function* generateScanLines(units: readonly TUnitInput[], options: ScanStreamOptions): Generator<ScanLine> {
  const { onItem } = options;
  const simulator = new ItemSimulator(units, options, onItem !== undefined);
  const limit = Math.max(1, options.maxInFlightItems ?? DEFAULT_MAX_IN_FLIGHT_ITEMS);
  const window = new ScanWindow(simulator.route.maxScansPerItem, limit);
  let next = 0;
  let waiting: string | undefined; // tracking number of a simulated item not yet admitted
  for (;;) {
    // Admit every item that enters before the end of the current second, unless the window is full.
    while (window.size < limit && (waiting !== undefined || next < options.items)) {
      if (waiting === undefined) {
        const item = simulator.simulate(next++);
        onItem?.(item);
        waiting = item.trackingNo;
      }
      if (simulator.route.scans.length > 0) {
        if (window.size > 0 && simulator.startMs >= window.currentEnd) break;
        window.admit(waiting, simulator.uploads, simulator.startMs);
      }
      waiting = undefined;
    }
    if (window.size === 0) return;
    const due = window.takeDue(waiting === undefined ? Number.POSITIVE_INFINITY : simulator.startMs);
    if (due === undefined) continue;
    for (const slot of due) {
      yield simulator.scanLine(window.trackingNo(slot), window.time(slot), window.packed(slot));
      window.advance(slot);
    }
    window.recycle(due);
  }
}

/** One item at a time: its route, the faults put into it, and the break-points it then holds. */
class ItemSimulator {
  readonly route: RouteSimulator;
  /** The last item's scans as uploaded, two numbers each: upload ms, and the scan packed with its delay. */
  uploads: readonly number[] = [];
  readonly #lateUploads: number[] = [];
  readonly #faults: FaultInjector;
  readonly #clock = new LocalClock();
  readonly #truthClock = new LocalClock();
  readonly #asOfMs: number;
  readonly #thresholds: SilenceThresholds;
  readonly #serviceIndicator: string;
  readonly #firstSerial: number;

  constructor(units: readonly TUnitInput[], options: GenerateOptions, withAddresses: boolean) {
    this.route = new RouteSimulator(units, options, withAddresses);
    const rates: FaultRates = { dropRate: options.dropRate ?? 0, silenceRate: options.silenceRate ?? 0, lateRate: options.lateRate ?? 0 };
    this.#faults = new FaultInjector(options.seed, rates, this.route.packer, this.route.net);
    this.#asOfMs = options.startMs + options.days * DAY;
    this.#thresholds = resolveThresholds(options.thresholds);
    this.#serviceIndicator = options.serviceIndicator ?? 'EA';
    this.#firstSerial = options.firstSerial ?? DEFAULT_FIRST_SERIAL;
    formatS10(this.#serviceIndicator, this.#firstSerial + Math.max(0, options.items - 1)); // throws on a bad range
  }

  /** Instant of the last item's first event: it enters the merge then. */
  get startMs(): number {
    return this.route.scans[0]!;
  }

  /** Simulates item i; call with i = 0, 1, 2, … in order. Its scans are left in `route.scans` and `uploads`. */
  simulate(i: number): SimulatedItemRecord {
    const { route } = this;
    const routed = route.simulate(i);
    const { net } = route;
    const trackingNo = formatS10(this.#serviceIndicator, this.#firstSerial + i);
    const { scans } = route;
    const stopped = this.#faults.stop(scans);
    const dropped = this.#faults.drop(scans);
    const lateScans = this.#faults.delayUploads(scans, this.#lateUploads);
    this.uploads = lateScans > 0 ? this.#lateUploads : scans;

    const breakpoints: TruthBreakpoint[] = [];
    if (dropped) {
      const { type, visit, site, visibleAtMs } = dropped;
      breakpoints.push({ trackingNo, type, responsibleUnit: net.codes[site]!, visit, visibleAt: this.#truthClock.format(visibleAtMs) });
    }
    const silence = this.#silence(trackingNo);
    if (silence) breakpoints.push(silence);

    return {
      trackingNo,
      originUnit: net.codes[routed.origin]!,
      destination: { divisionCode: net.divisionCodes[routed.office]!, address: routed.address },
      weightGrams: routed.weightGrams,
      breakpoints,
      faults: { droppedScan: dropped !== undefined, stopped, lateScans },
    };
  }

  scanLine(trackingNo: string, uploadMs: number, packed: number): ScanLine {
    const { packer, net } = this.route;
    const code = packer.code(packed);
    const operator = packer.operator(packed);
    const extra = packer.extra(packed);
    const atMs = uploadMs - packer.uploadDelaySeconds(packed) * SECOND;
    const line: ScanLine = { trackingNo, code: CODES[code]!, at: this.#clock.format(atMs), site: net.codes[net.siteOfOperator(operator)]!, operator: net.operators[operator]! };
    if (extra >= 0) {
      if (code === DISPATCHED) line.nextSite = net.codes[extra]!;
      else line.reason = FAILURE_REASONS[extra]!;
    }
    return line;
  }

  /** The silence of the last item as seen at the end of the period, on its last event's visit. */
  #silence(trackingNo: string): TruthBreakpoint | undefined {
    const { scans, packer, net } = this.route;
    const count = scans.length / 2;
    if (count === 0) return undefined;
    const last = scans[2 * count - 1]!;
    const code = packer.code(last);
    if (code === DELIVERED) return undefined;
    const site = net.siteOfOperator(packer.operator(last));
    const extra = packer.extra(last);
    const silence = judgeSilence(
      {
        code: CODES[code]!,
        atMs: scans[2 * count - 2]!,
        site: net.codes[site]!,
        nextSite: code === DISPATCHED && extra >= 0 ? net.codes[extra] : undefined,
        atDeliveryOffice: net.isOffice[site]!,
        endOfShiftMin: net.endOfShiftMin[site],
      },
      this.#asOfMs,
      this.#thresholds,
    );
    if (!silence) return undefined;
    let visit = 1;
    for (let k = 1; k < count; k++) {
      if (net.siteOfOperator(packer.operator(scans[2 * k + 1]!)) !== net.siteOfOperator(packer.operator(scans[2 * k - 1]!))) visit++;
    }
    return { trackingNo, type: silence.type, responsibleUnit: silence.responsibleUnit, visit, visibleAt: this.#truthClock.format(silence.visibleAtMs) };
  }
}
