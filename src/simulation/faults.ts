import { HOUR, SECOND } from './local-time.js';
import type { MissingScanType } from './breakpoint-truth.js';
import { ACCEPTED, ARRIVED, AT_DELIVERY_OFFICE, DELIVERED, DELIVERY_FAILED, DISPATCHED, HELD, MAX_UPLOAD_DELAY_S, OUT_FOR_DELIVERY, type ScanPacker } from './packed-scan.js';
import type { UnitNetwork } from './province-units.js';
import { SeededRandom } from './random.js';

export interface FaultRates {
  /** Probability that an item loses one scan, chosen so that it makes exactly one missing-scan break-point. */
  dropRate: number;
  /** Probability that an item stops after a random event other than its last. */
  silenceRate: number;
  /** Probability that a scan is uploaded late, 1–12 h after its instant. */
  lateRate: number;
}

/** The break-point a dropped scan makes: its visit (1-based), the site of that visit, and when it shows. */
export interface DroppedScan {
  type: MissingScanType;
  visit: number;
  site: number;
  visibleAtMs: number;
}

const MIN_UPLOAD_DELAY_S = HOUR / SECOND;
// Drawn from a stream of their own, so the routes are the same whatever the rates.
const FAULT_STREAM = 0x5bd1e995;

/**
 * Spoils clean routes the way the field does. Works on an item's scans in time order, two numbers
 * each (epoch ms, packed scan), in place.
 */
export class FaultInjector {
  readonly #random: SeededRandom;
  readonly #rates: FaultRates;
  readonly #packer: ScanPacker;
  readonly #net: UnitNetwork;
  readonly #sites: number[] = [];
  readonly #candidates: number[][] = [[], [], [], []];

  constructor(seed: number, rates: FaultRates, packer: ScanPacker, net: UnitNetwork) {
    for (const [name, rate] of Object.entries(rates)) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be from 0 to 1, got ${rate}`);
    }
    this.#random = new SeededRandom((seed ^ FAULT_STREAM) >>> 0);
    this.#rates = rates;
    this.#packer = packer;
    this.#net = net;
  }

  /** Maybe cuts the item short after one of its events (never the last, so never after DELIVERED); true if it did. */
  stop(scans: number[]): boolean {
    if (this.#rates.silenceRate === 0 || !this.#random.chance(this.#rates.silenceRate)) return false;
    const count = scans.length / 2;
    if (count < 2) return false;
    scans.length = 2 * this.#random.int(1, count);
    return true;
  }

  /**
   * Maybe removes one scan; the break-point that makes. A scan is only dropped where its absence
   * breaks exactly one rule of DESIGN §5 and keeps every visit (so visit numbers stay the route's):
   * - the ACCEPTED of a first visit with more events → MISSING_ACCEPTANCE;
   * - the ARRIVED / AT_DELIVERY_OFFICE opening a later visit with more events → MISSING_INBOUND;
   * - the DISPATCHED closing a visit that is neither the last nor only that scan → MISSING_OUTBOUND;
   * - an OUT_FOR_DELIVERY right before a DELIVERY_FAILED, or before a DELIVERED unless HELD comes
   *   before it (that would read as a pick-up) → MISSING_OUT_FOR_DELIVERY.
   * The kind is drawn first among those the item offers, so every kind is common.
   */
  drop(scans: number[]): DroppedScan | undefined {
    if (this.#rates.dropRate === 0 || !this.#random.chance(this.#rates.dropRate)) return undefined;
    const packer = this.#packer;
    const count = scans.length / 2;
    const sites = this.#sites;
    sites.length = 0;
    for (let k = 0; k < count; k++) sites.push(this.#net.siteOfOperator(packer.operator(scans[2 * k + 1]!)));
    const code = (k: number) => packer.code(scans[2 * k + 1]!);
    const [acceptance, inbound, outbound, outForDelivery] = this.#candidates as [number[], number[], number[], number[]];
    for (const list of this.#candidates) list.length = 0;

    for (let k = 0; k < count; k++) {
      const opens = k === 0 || sites[k - 1] !== sites[k];
      const closes = k === count - 1 || sites[k + 1] !== sites[k];
      if (opens && closes) continue; // a visit's only event
      const c = code(k);
      if (k === 0 && c === ACCEPTED) acceptance.push(k);
      else if (k > 0 && opens && (c === ARRIVED || c === AT_DELIVERY_OFFICE)) inbound.push(k);
      else if (closes && k < count - 1 && c === DISPATCHED) outbound.push(k);
      else if (c === OUT_FOR_DELIVERY && !opens && !closes) {
        const next = code(k + 1);
        if (next === DELIVERY_FAILED || (next === DELIVERED && code(k - 1) !== HELD)) outForDelivery.push(k);
      }
    }
    const kinds = this.#candidates.flatMap((list, kind) => (list.length > 0 ? [kind] : []));
    if (kinds.length === 0) return undefined;
    const kind = this.#random.pick(kinds);
    const k = this.#random.pick(this.#candidates[kind]!);
    let visit = 1;
    for (let j = 1; j <= k; j++) if (sites[j] !== sites[j - 1]) visit++;
    const dropped: DroppedScan = { type: MISSING_BY_KIND[kind]!, visit, site: sites[k]!, visibleAtMs: scans[2 * k + 2]! };
    scans.splice(2 * k, 2);
    return dropped;
  }

  /**
   * Maybe delays some uploads: fills `uploads` with (upload ms, scan packed with its delay), in upload
   * order, and answers the number of late scans; 0 leaves `uploads` alone.
   */
  delayUploads(scans: readonly number[], uploads: number[]): number {
    if (this.#rates.lateRate === 0) return 0;
    const random = this.#random;
    uploads.length = 0;
    let late = 0;
    for (let k = 0; k < scans.length; k += 2) {
      const delay = random.chance(this.#rates.lateRate) ? random.int(MIN_UPLOAD_DELAY_S, MAX_UPLOAD_DELAY_S + 1) : 0;
      if (delay > 0) late++;
      uploads.push(scans[k]! + delay * SECOND, this.#packer.withUploadDelay(scans[k + 1]!, delay));
    }
    if (late > 0) sortPairs(uploads);
    return late;
  }
}

const MISSING_BY_KIND: readonly MissingScanType[] = ['MISSING_ACCEPTANCE', 'MISSING_INBOUND', 'MISSING_OUTBOUND', 'MISSING_OUT_FOR_DELIVERY'];

/** Stable insertion sort of (key, value) pairs by key: an item has a few dozen scans at most. */
function sortPairs(pairs: number[]): void {
  for (let i = 2; i < pairs.length; i += 2) {
    const key = pairs[i]!;
    const value = pairs[i + 1]!;
    let j = i - 2;
    while (j >= 0 && pairs[j]! > key) {
      pairs[j + 2] = pairs[j]!;
      pairs[j + 3] = pairs[j + 1]!;
      j -= 2;
    }
    pairs[j + 2] = key;
    pairs[j + 3] = value;
  }
}
