import { findDivision } from '../domain/divisions.js';
import { formatS10 } from '../domain/s10.js';
import type { ScanCode } from '../modules/scans/scan-event.table.js';
import type { TUnitInput } from '../modules/units/unit.schemas.js';
import { UnitNetwork } from './province-units.js';
import { SeededRandom } from './random.js';

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

export interface GeneratedItem {
  trackingNo: string;
  originUnit: string;
  destination: { divisionCode: string; address: string };
  weightGrams: number;
  /** In time order, strictly increasing; scans after startMs + days are left out. */
  scans: ScanLine[];
}

export interface GenerateOptions {
  seed: number;
  items: number;
  /** Epoch ms: acceptances start here and spread over `days` days; no scan is later than the end. */
  startMs: number;
  days: number;
  /** Default 'EA'. */
  serviceIndicator?: string;
  /** Serial of the first item's S10 number; the others follow consecutively. Default 20000000. */
  firstSerial?: number;
}

export interface ScanStreamOptions extends GenerateOptions {
  /**
   * Items held at once while merging (default 200,000; about 300 bytes each). Below the bound
   * scans come out in time order. At the bound, newly accepted items wait, so their scans come out
   * late, as from a scanner that uploads late.
   */
  maxInFlightItems?: number;
}

export const DEFAULT_MAX_IN_FLIGHT_ITEMS = 200_000;
export const DEFAULT_FIRST_SERIAL = 20_000_000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Asia/Shanghai has no daylight saving: local time is UTC+8 all year. */
const OFFSET_MS = 8 * HOUR;

// Local times of day.
const COUNTER_OPENS = 8 * HOUR + 30 * MINUTE;
const COUNTER_CLOSES = 17 * HOUR + 30 * MINUTE;
const ROUND_EARLIEST = 8 * HOUR;
const ROUND_SPREAD_MIN = 120;
const LAST_FAILED_ATTEMPT = 20 * HOUR;
const LAST_DELIVERY = 20 * HOUR + 50 * MINUTE;
const PICKUP_OPENS = 9 * HOUR;
const PICKUP_SPREAD_MIN = 9 * 60;
const OFFICE_WAKES = 7 * HOUR + 30 * MINUTE;

const DELIVERED_FIRST_TIME = 0.85;
const FAILED_FIRST_TIME = 0.1; // the remaining 5 % are held on arrival for pick-up (自提)
const REDELIVERED_AFTER_FAILURE = 0.7; // the others are picked up at the office
const SAME_COUNTY = 0.35;
const SAME_CITY = 0.25;

const CODES: readonly ScanCode[] = ['ACCEPTED', 'DISPATCHED', 'ARRIVED', 'AT_DELIVERY_OFFICE', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'HELD'];
const [ACCEPTED, DISPATCHED, ARRIVED, AT_DELIVERY_OFFICE, OUT_FOR_DELIVERY, DELIVERED, DELIVERY_FAILED, HELD] = [0, 1, 2, 3, 4, 5, 6, 7];
const CODE_SPAN = 16;
/** Scans at the counter (2) and the delivery office (at most 6), besides 2 per processing centre. */
const FIXED_SCANS = 8;
const FAILURE_REASONS = ['收件人不在', '电话无人接听', '地址不详', '收件人要求改日投递', '单位已下班'] as const;
const ROADS = ['解放路', '人民路', '建设路', '中山路', '胜利街', '和平大道', '发展大道', '东风路', '光明路', '新华路', '友谊大道', '长江路', '江汉路', '民主街', '青年路', '滨江大道'] as const;

/** The item just simulated; its scans are in the simulator's scratch buffer. */
interface SimulatedItem {
  trackingNo: string;
  origin: number;
  office: number;
  address: string;
  weightGrams: number;
}

/** Items with their scans on realistic routes, in order of acceptance. Deterministic for a seed. */
export function* generateItems(units: readonly TUnitInput[], options: GenerateOptions): Generator<GeneratedItem> {
  const simulator = new ItemSimulator(units, options, true);
  const { scans } = simulator;
  for (let i = 0; i < options.items; i++) {
    const item = simulator.simulate(i);
    const lines: ScanLine[] = [];
    for (let k = 0; k < scans.length; k += 2) lines.push(simulator.scanLine(item.trackingNo, scans[k]!, scans[k + 1]!));
    yield {
      trackingNo: item.trackingNo,
      originUnit: simulator.net.codes[item.origin]!,
      destination: { divisionCode: simulator.net.divisionCodes[item.office]!, address: item.address },
      weightGrams: item.weightGrams,
      scans: lines,
    };
  }
}

/**
 * The scans of `generateItems` for the same options, merged across items by time as scanners would
 * upload them. Memory is bounded by `maxInFlightItems`, however many items there are.
 */
export function* generateScanLines(units: readonly TUnitInput[], options: ScanStreamOptions): Generator<ScanLine> {
  const simulator = new ItemSimulator(units, options, false);
  const limit = Math.max(1, options.maxInFlightItems ?? DEFAULT_MAX_IN_FLIGHT_ITEMS);
  const window = new ScanWindow(FIXED_SCANS + 2 * simulator.net.maxHubsOnRoute, limit);
  let next = 0;
  let waiting: string | undefined; // tracking number of a simulated item not yet admitted
  for (;;) {
    // Admit every item accepted before the end of the current second, unless the window is full.
    while (window.size < limit && (waiting !== undefined || next < options.items)) {
      if (waiting === undefined) waiting = simulator.simulate(next++).trackingNo;
      if (simulator.scans.length > 0) {
        if (window.size > 0 && simulator.scans[0]! >= window.currentEnd) break;
        window.admit(waiting, simulator.scans);
      }
      waiting = undefined;
    }
    if (window.size === 0) return;
    const due = window.takeDue(waiting === undefined ? Number.POSITIVE_INFINITY : simulator.scans[0]!);
    if (due === undefined) continue;
    for (const slot of due) {
      yield simulator.scanLine(window.trackingNo(slot), window.time(slot), window.packed(slot));
      window.advance(slot);
    }
    window.recycle(due);
  }
}

class ItemSimulator {
  readonly net: UnitNetwork;
  /** Scratch: the last item's scans, two numbers each: epoch ms, and code/operator/extra packed. */
  readonly scans: number[] = [];
  readonly #random: SeededRandom;
  readonly #clock = new LocalClock();
  readonly #acceptance: AcceptanceSchedule;
  readonly #addressPrefixes: readonly string[] | undefined;
  readonly #serviceIndicator: string;
  readonly #firstSerial: number;
  readonly #endMs: number;

  constructor(units: readonly TUnitInput[], options: GenerateOptions, withAddresses: boolean) {
    const { items, startMs, days } = options;
    if (!Number.isInteger(items) || items < 0) throw new RangeError(`items must be a whole number, got ${items}`);
    if (!(days > 0)) throw new RangeError(`days must be positive, got ${days}`);
    this.net = new UnitNetwork(units);
    this.#random = new SeededRandom(options.seed);
    this.#endMs = startMs + days * DAY;
    this.#acceptance = new AcceptanceSchedule(startMs, this.#endMs, items);
    this.#addressPrefixes = withAddresses ? units.map((u) => findDivision(u.divisionCode)?.fullName ?? '') : undefined;
    this.#serviceIndicator = options.serviceIndicator ?? 'EA';
    this.#firstSerial = options.firstSerial ?? DEFAULT_FIRST_SERIAL;
    formatS10(this.#serviceIndicator, this.#firstSerial + Math.max(0, items - 1)); // throws on a bad range
  }

  /** Simulates item i into `scans`; call with i = 0, 1, 2, … in order (the random stream is shared). */
  simulate(i: number): SimulatedItem {
    const { net } = this;
    const random = this.#random;
    this.scans.length = 0;

    let t = this.#acceptance.instant(i, random.next());
    const counter = random.pick(net.counters);
    const office = chooseOffice(net, random, counter);
    const clerk = this.#operator(counter);
    this.#scan(ACCEPTED, t, clerk);
    const hubs = net.hubsBetween(counter, office);
    t += minutes(random, 30, 180);
    this.#scan(DISPATCHED, t, clerk, hubs[0] ?? office);
    for (let h = 0; h < hubs.length; h++) {
      const sorter = this.#operator(hubs[h]!);
      t += minutes(random, 60, 240);
      this.#scan(ARRIVED, t, sorter);
      t += minutes(random, 60, 180);
      this.#scan(DISPATCHED, t, sorter, hubs[h + 1] ?? office);
    }

    t += minutes(random, 60, 240);
    this.#scan(AT_DELIVERY_OFFICE, t, this.#operator(office));
    const courier = this.#operator(office);
    const outcome = random.next();
    if (outcome < DELIVERED_FIRST_TIME + FAILED_FIRST_TIME) {
      t = morningRound(random, t + 30 * MINUTE);
      this.#scan(OUT_FOR_DELIVERY, t, courier);
      if (outcome < DELIVERED_FIRST_TIME) {
        this.#scan(DELIVERED, attemptTime(random, t), courier);
      } else {
        t = Math.min(attemptTime(random, t), localDayStart(t) + LAST_FAILED_ATTEMPT);
        this.#scan(DELIVERY_FAILED, t, courier, random.int(0, FAILURE_REASONS.length));
        t += minutes(random, 20, 50);
        this.#scan(HELD, t, courier);
        if (random.chance(REDELIVERED_AFTER_FAILURE)) {
          t = morningRound(random, t + 30 * MINUTE);
          this.#scan(OUT_FOR_DELIVERY, t, courier);
          this.#scan(DELIVERED, attemptTime(random, t), courier);
        } else {
          this.#scan(DELIVERED, pickupTime(random, t), this.#operator(office));
        }
      }
    } else {
      // Held on arrival for the recipient to collect (自提): DELIVERED straight after HELD.
      t += minutes(random, 10, 60);
      const dayStart = localDayStart(t);
      if (t < dayStart + OFFICE_WAKES) t = dayStart + OFFICE_WAKES + minutes(random, 0, 60);
      this.#scan(HELD, t, this.#operator(office));
      this.#scan(DELIVERED, pickupTime(random, t), this.#operator(office));
    }

    return {
      trackingNo: formatS10(this.#serviceIndicator, this.#firstSerial + i),
      origin: counter,
      office,
      address: randomAddress(random, this.#addressPrefixes?.[office]),
      weightGrams: randomWeight(random),
    };
  }

  scanLine(trackingNo: string, atMs: number, packed: number): ScanLine {
    const { codes, operators } = this.net;
    const span = operators.length;
    const codeIndex = packed % CODE_SPAN;
    const rest = (packed - codeIndex) / CODE_SPAN;
    const operator = rest % span;
    const extra = (rest - operator) / span - 1;
    const code = CODES[codeIndex]!;
    const line: ScanLine = { trackingNo, code, at: this.#clock.format(atMs), site: codes[this.net.siteOfOperator(operator)]!, operator: operators[operator]! };
    if (extra >= 0) {
      if (code === 'DISPATCHED') line.nextSite = codes[extra]!;
      else line.reason = FAILURE_REASONS[extra]!;
    }
    return line;
  }

  /**
   * Records a scan unless it falls after the simulated period. The operator names the site; `extra`
   * is the next site's unit index for DISPATCHED, the reason's index for DELIVERY_FAILED.
   */
  #scan(code: number, atMs: number, operator: number, extra = -1): void {
    if (atMs > this.#endMs) return;
    this.scans.push(atMs, code + CODE_SPAN * (operator + this.net.operators.length * (extra + 1)));
  }

  #operator(unit: number): number {
    return unit * UnitNetwork.OPERATORS_PER_UNIT + this.#random.int(0, UnitNetwork.OPERATORS_PER_UNIT);
  }
}

function chooseOffice(net: UnitNetwork, random: SeededRandom, counter: number): number {
  const r = random.next();
  const nearby = r < SAME_COUNTY ? net.officesInDivisionOf(counter) : r < SAME_COUNTY + SAME_CITY ? net.officesUnderParentOf(counter) : undefined;
  return nearby && nearby.length > 0 ? random.pick(nearby) : random.pick(net.offices);
}

/** A whole number of seconds between min and max minutes, so every instant stays on a whole second. */
function minutes(random: SeededRandom, min: number, max: number): number {
  return Math.round(random.between(min, max) * 60) * SECOND;
}

/** Epoch ms of 00:00 local on the local day of `ms`. */
function localDayStart(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY) * DAY - OFFSET_MS;
}

/** The first morning delivery round (08:00–10:00 local) leaving at or after `earliest`. */
function morningRound(random: SeededRandom, earliest: number): number {
  const sameDay = localDayStart(earliest) + ROUND_EARLIEST + minutes(random, 0, ROUND_SPREAD_MIN);
  return sameDay >= earliest ? sameDay : sameDay + DAY;
}

/** A delivery attempt on the round's own day, 20 minutes to 8 hours after it left, before 21:00. */
function attemptTime(random: SeededRandom, outAt: number): number {
  const latest = localDayStart(outAt) + LAST_DELIVERY;
  const span = Math.max(20, Math.min(8 * 60, (latest - outAt) / MINUTE));
  return Math.min(outAt + minutes(random, 20, span), latest);
}

/** Collection at the office during its opening hours on the next day. */
function pickupTime(random: SeededRandom, heldAt: number): number {
  return localDayStart(heldAt) + DAY + PICKUP_OPENS + minutes(random, 0, PICKUP_SPREAD_MIN);
}

function randomWeight(random: SeededRandom): number {
  const r = random.next();
  if (r < 0.5) return random.int(20, 100);
  if (r < 0.9) return random.int(100, 500);
  return random.int(500, 3000);
}

/** Draws the same numbers whether or not the text is wanted, so both generators stay in step. */
function randomAddress(random: SeededRandom, prefix: string | undefined): string {
  const road = random.pick(ROADS);
  const number = random.int(1, 400);
  if (!random.chance(0.5)) return prefix === undefined ? '' : `${prefix}${road}${number}号`;
  const [building, unit, floor, room] = [random.int(1, 30), random.int(1, 6), random.int(1, 33), random.int(1, 5)];
  return prefix === undefined ? '' : `${prefix}${road}${number}号${building}栋${unit}单元${floor}0${room}室`;
}

/**
 * Spreads acceptances over the counters' opening hours (08:30–17:30 local) inside [start, end), in
 * order: item i lands at fraction (i + u) / n of the open time, so acceptance never goes back in time.
 */
class AcceptanceSchedule {
  readonly #intervals: [number, number][] = [];
  readonly #total: number;
  #cursor = 0;
  #before = 0;

  constructor(
    start: number,
    end: number,
    private readonly count: number,
  ) {
    for (let day = localDayStart(start); day < end; day += DAY) {
      const from = Math.max(day + COUNTER_OPENS, start);
      const to = Math.min(day + COUNTER_CLOSES, end);
      if (to > from) this.#intervals.push([from, to]);
    }
    // A period with no opening hours at all (a few night hours): accept across the whole of it.
    if (this.#intervals.length === 0) this.#intervals.push([start, end]);
    this.#total = this.#intervals.reduce((sum, [from, to]) => sum + (to - from), 0);
  }

  /** The acceptance instant of item i, on a whole second; call with increasing i. */
  instant(i: number, u: number): number {
    const position = ((i + u) / this.count) * this.#total;
    for (;;) {
      const [from, to] = this.#intervals[this.#cursor]!;
      if (position - this.#before < to - from || this.#cursor === this.#intervals.length - 1) {
        const offset = Math.min(position - this.#before, to - from - 1);
        return Math.floor((from + offset) / SECOND) * SECOND;
      }
      this.#before += to - from;
      this.#cursor++;
    }
  }
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const SECONDS_WITH_OFFSET = TWO_DIGITS.map((ss) => `${ss}+08:00`);

/**
 * Formats instants as local +08:00 text without a Date per call: the text up to the minute is kept,
 * so a stream in time order pays one concatenation a scan.
 */
class LocalClock {
  readonly #dates = new Map<number, string>();
  #minute = Number.NaN;
  #minuteText = '';

  format(ms: number): string {
    const local = ms + OFFSET_MS;
    const minute = Math.floor(local / MINUTE);
    if (minute !== this.#minute) {
      const day = Math.floor(local / DAY);
      let date = this.#dates.get(day);
      if (date === undefined) {
        date = new Date(day * DAY).toISOString().slice(0, 11);
        this.#dates.set(day, date);
      }
      const minuteOfDay = minute - day * 1440;
      this.#minute = minute;
      this.#minuteText = `${date}${TWO_DIGITS[Math.floor(minuteOfDay / 60)]}:${TWO_DIGITS[minuteOfDay % 60]}:`;
    }
    return this.#minuteText + SECONDS_WITH_OFFSET[Math.floor((local - minute * MINUTE) / SECOND)];
  }
}

/**
 * The items in flight while merging, and when each one's next scan is due.
 *
 * Scans live in one Float64Array, a fixed-size slot per item, and the queue holds slot numbers: the
 * garbage collector sees a handful of arrays and the tracking numbers, not a million objects.
 * The queue is a calendar of seconds (a scan is filed under its second; adding and taking are O(1)
 * where a heap pays log n). A scan due before the current second (its item was admitted late) is
 * filed under the current second. Empty stretches are skipped a block of seconds at a time.
 */
class ScanWindow {
  static readonly #SECONDS = 1 << 20; // 12 days: far longer than any route
  static readonly #BLOCK = 1024;
  readonly #calendar: (number[] | undefined)[] = new Array(ScanWindow.#SECONDS);
  readonly #blockCounts = new Int32Array(ScanWindow.#SECONDS / ScanWindow.#BLOCK);
  readonly #emptyLists: number[][] = [];
  #second = Number.NaN;

  readonly #slotSize: number;
  #scans: Float64Array;
  #counts: Int32Array;
  #cursors: Int32Array;
  #trackingNos: string[] = [];
  readonly #freeSlots: number[] = [];
  #slots = 0;
  size = 0;

  constructor(
    private readonly maxScansPerItem: number,
    private readonly maxItems: number,
  ) {
    this.#slotSize = 2 * maxScansPerItem;
    const initial = Math.min(maxItems, 1024);
    this.#scans = new Float64Array(initial * this.#slotSize);
    this.#counts = new Int32Array(initial);
    this.#cursors = new Int32Array(initial);
  }

  /** End (exclusive, epoch ms) of the second being emitted. */
  get currentEnd(): number {
    return (this.#second + 1) * SECOND;
  }

  admit(trackingNo: string, scans: readonly number[]): void {
    const count = scans.length / 2;
    if (count > this.maxScansPerItem) throw new Error(`an item has ${count} scans, more than the ${this.maxScansPerItem} planned`);
    // An empty window may have stood still for weeks of simulated time: start its calendar afresh.
    if (this.size === 0) this.#second = Number.NaN;
    const slot = this.#freeSlots.pop() ?? this.#newSlot();
    const base = slot * this.#slotSize;
    for (let k = 0; k < scans.length; k++) this.#scans[base + k] = scans[k]!;
    this.#counts[slot] = count;
    this.#cursors[slot] = 0;
    this.#trackingNos[slot] = trackingNo;
    this.size++;
    this.#file(slot, scans[0]!);
  }

  trackingNo(slot: number): string {
    return this.#trackingNos[slot]!;
  }

  time(slot: number): number {
    return this.#scans[slot * this.#slotSize + 2 * this.#cursors[slot]!]!;
  }

  packed(slot: number): number {
    return this.#scans[slot * this.#slotSize + 2 * this.#cursors[slot]! + 1]!;
  }

  /** Moves past the slot's current scan: files it under its next one, or frees it. */
  advance(slot: number): void {
    const cursor = ++this.#cursors[slot]!;
    if (cursor < this.#counts[slot]!) {
      this.#file(slot, this.#scans[slot * this.#slotSize + 2 * cursor]!);
    } else {
      this.#freeSlots.push(slot);
      this.size--;
    }
  }

  /**
   * The slots due in the current second; or undefined after moving on, never past `nextAdmission`
   * (epoch ms of the next item waiting to be admitted).
   */
  takeDue(nextAdmission: number): number[] | undefined {
    const index = this.#second % ScanWindow.#SECONDS;
    const due = this.#calendar[index];
    const block = Math.floor(index / ScanWindow.#BLOCK);
    if (due !== undefined) {
      this.#calendar[index] = undefined;
      this.#blockCounts[block]! -= due.length;
      return due;
    }
    const blockEnd = (Math.floor(this.#second / ScanWindow.#BLOCK) + 1) * ScanWindow.#BLOCK;
    const skipTo = this.#blockCounts[block] === 0 ? Math.min(blockEnd, Math.floor(nextAdmission / SECOND)) : 0;
    this.#second = Math.max(this.#second + 1, skipTo);
    return undefined;
  }

  /** Hands back a list from `takeDue` once it has been worked through. */
  recycle(list: number[]): void {
    list.length = 0;
    this.#emptyLists.push(list);
  }

  #file(slot: number, atMs: number): void {
    let second = Math.floor(atMs / SECOND);
    if (Number.isNaN(this.#second)) this.#second = second;
    else if (second < this.#second) second = this.#second;
    if (second - this.#second >= ScanWindow.#SECONDS) throw new RangeError('a scan is too far ahead of the merge window');
    const index = second % ScanWindow.#SECONDS;
    let list = this.#calendar[index];
    if (list === undefined) {
      list = this.#emptyLists.pop() ?? [];
      this.#calendar[index] = list;
    }
    list.push(slot);
    this.#blockCounts[Math.floor(index / ScanWindow.#BLOCK)]!++;
  }

  #newSlot(): number {
    if (this.#slots === this.#counts.length) {
      const capacity = Math.min(this.maxItems, this.#counts.length * 2);
      const scans = new Float64Array(capacity * this.#slotSize);
      scans.set(this.#scans);
      this.#scans = scans;
      const counts = new Int32Array(capacity);
      counts.set(this.#counts);
      this.#counts = counts;
      const cursors = new Int32Array(capacity);
      cursors.set(this.#cursors);
      this.#cursors = cursors;
    }
    return this.#slots++;
  }
}
