import { findDivision } from '../domain/divisions.js';
import type { TUnitInput } from '../modules/units/unit.schemas.js';
import { DAY, HOUR, MINUTE, SECOND, localDayStart } from './local-time.js';
import {
  ACCEPTED,
  ARRIVED,
  AT_DELIVERY_OFFICE,
  DELIVERED,
  DELIVERY_FAILED,
  DISPATCHED,
  FAILURE_REASONS,
  HELD,
  OUT_FOR_DELIVERY,
  RETURNED,
  ScanPacker,
} from './packed-scan.js';
import { UnitNetwork } from './province-units.js';
import { SeededRandom } from './random.js';

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
const RETURNS_SENT_FROM = 9 * HOUR;
const RETURNS_SPREAD_MIN = 8 * 60;

const DELIVERED_FIRST_TIME = 0.85;
const FAILED_FIRST_TIME = 0.1; // the remaining 5 % are held on arrival for pick-up (自提)
const COLLECTED_WHEN_HELD_ON_ARRIVAL = 0.9; // the others are never collected and go back
/** After a failed attempt: another round, a pick-up at the office, or (the rest) a return. */
const REDELIVERED = 0.65;
const PICKED_UP = 0.25;
const REDELIVERY_SUCCEEDS = 0.75;
const MAX_ATTEMPTS = 3;
const PICKED_UP_AFTER_LAST_ATTEMPT = 0.4;
/**
 * Whole local days an uncollected item is kept before it goes back. Two days keep the gap from HELD
 * to RETURNED (at most 57.5 h) under the 72 h of SILENT_HELD, so clean data has no held silence.
 */
const HOLD_DAYS_BEFORE_RETURN = 2;

const SAME_COUNTY = 0.35;
const SAME_CITY = 0.25;
const ROADS = ['解放路', '人民路', '建设路', '中山路', '胜利街', '和平大道', '发展大道', '东风路', '光明路', '新华路', '友谊大道', '长江路', '江汉路', '民主街', '青年路', '滨江大道'] as const;

export interface RouteOptions {
  seed: number;
  items: number;
  /** Epoch ms: acceptances start here and spread over `days` days; no scan is later than the end. */
  startMs: number;
  days: number;
}

/** The item just routed; its scans are in the simulator's scratch buffer. */
export interface RoutedItem {
  serial: number;
  origin: number;
  office: number;
  address: string;
  weightGrams: number;
}

/**
 * Routes items through the network the way the post does:
 * counter (ACCEPTED, DISPATCHED) → processing centres (ARRIVED, DISPATCHED) → delivery office
 * (AT_DELIVERY_OFFICE), then one of:
 * - delivered on the first round (85 %): OUT_FOR_DELIVERY, DELIVERED;
 * - a failed attempt (10 %): OUT_FOR_DELIVERY, DELIVERY_FAILED, HELD; then another round, a pick-up
 *   (DELIVERED after HELD), or after up to three attempts a return;
 * - held on arrival for pick-up (5 %): HELD, then DELIVERED at the counter, or a return;
 * - a return: after two days on the shelf, RETURNED at the office, DISPATCHED back through the centres
 *   to the sender's delivery office (that of the accepting counter's county), delivered there.
 * Scans after the end of the period are left out, so an item's scans are a prefix of its route.
 */
export class RouteSimulator {
  readonly net: UnitNetwork;
  readonly packer: ScanPacker;
  /** The most scans one route can have. */
  readonly maxScansPerItem: number;
  /** Scratch: the last item's scans in time order, two numbers each: epoch ms, then the packed scan. */
  readonly scans: number[] = [];
  readonly #random: SeededRandom;
  readonly #acceptance: AcceptanceSchedule;
  readonly #addressPrefixes: readonly string[] | undefined;
  readonly #endMs: number;

  constructor(units: readonly TUnitInput[], options: RouteOptions, withAddresses: boolean) {
    const { items, startMs, days } = options;
    if (!Number.isInteger(items) || items < 0) throw new RangeError(`items must be a whole number, got ${items}`);
    if (!(days > 0)) throw new RangeError(`days must be positive, got ${days}`);
    this.net = new UnitNetwork(units);
    this.packer = new ScanPacker(this.net.operators.length, this.net.codes.length);
    // ACCEPTED, DISPATCHED, AT_DELIVERY_OFFICE; 3 per attempt; RETURNED, DISPATCHED; AT_DELIVERY_OFFICE,
    // OUT_FOR_DELIVERY, DELIVERED at the sender's office; and 2 per centre each way.
    this.maxScansPerItem = 8 + 3 * MAX_ATTEMPTS + 4 * this.net.maxHubsOnRoute;
    this.#random = new SeededRandom(options.seed);
    this.#endMs = startMs + days * DAY;
    this.#acceptance = new AcceptanceSchedule(startMs, this.#endMs, items);
    this.#addressPrefixes = withAddresses ? units.map((u) => findDivision(u.divisionCode)?.fullName ?? '') : undefined;
  }

  /** Routes item i into `scans`; call with i = 0, 1, 2, … in order (the random stream is shared). */
  simulate(i: number): RoutedItem {
    const { net } = this;
    const random = this.#random;
    this.scans.length = 0;

    let t = this.#acceptance.instant(i, random.next());
    const counter = random.pick(net.counters);
    const office = chooseOffice(net, random, counter);
    const clerk = this.#operator(counter);
    this.#scan(ACCEPTED, t, clerk);
    t += minutes(random, 30, 180);
    t = this.#carry(counter, office, t, clerk);
    const heldUntilReturn = this.#handOver(office, t);
    if (heldUntilReturn !== undefined) this.#returnToSender(office, senderOffice(net, counter), heldUntilReturn);

    return {
      serial: i,
      origin: counter,
      office,
      address: randomAddress(random, this.#addressPrefixes?.[office]),
      weightGrams: randomWeight(random),
    };
  }

  /**
   * DISPATCHED at `from` at `t`, then through the centres to the delivery office `to`; the instant of
   * AT_DELIVERY_OFFICE there.
   */
  #carry(from: number, to: number, t: number, dispatcher: number): number {
    const random = this.#random;
    const hubs = this.net.hubsBetween(from, to);
    this.#scan(DISPATCHED, t, dispatcher, hubs[0] ?? to);
    for (let h = 0; h < hubs.length; h++) {
      const sorter = this.#operator(hubs[h]!);
      t += minutes(random, 60, 240);
      this.#scan(ARRIVED, t, sorter);
      t += minutes(random, 60, 180);
      this.#scan(DISPATCHED, t, sorter, hubs[h + 1] ?? to);
    }
    t += minutes(random, 60, 240);
    this.#scan(AT_DELIVERY_OFFICE, t, this.#operator(to));
    return t;
  }

  /** From AT_DELIVERY_OFFICE at `t` to a delivery; or, for an item that must go back, the instant of its last HELD. */
  #handOver(office: number, t: number): number | undefined {
    const random = this.#random;
    const outcome = random.next();
    if (outcome >= DELIVERED_FIRST_TIME + FAILED_FIRST_TIME) {
      // Held on arrival for the recipient to collect (自提): DELIVERED straight after HELD.
      t += minutes(random, 10, 60);
      const dayStart = localDayStart(t);
      if (t < dayStart + OFFICE_WAKES) t = dayStart + OFFICE_WAKES + minutes(random, 0, 60);
      this.#scan(HELD, t, this.#operator(office));
      if (!random.chance(COLLECTED_WHEN_HELD_ON_ARRIVAL)) return t;
      this.#scan(DELIVERED, pickupTime(random, t), this.#operator(office));
      return undefined;
    }
    const courier = this.#operator(office);
    t = morningRound(random, t + 30 * MINUTE);
    this.#scan(OUT_FOR_DELIVERY, t, courier);
    if (outcome < DELIVERED_FIRST_TIME) {
      this.#scan(DELIVERED, attemptTime(random, t), courier);
      return undefined;
    }
    for (let attempt = 1; ; attempt++) {
      t = Math.min(attemptTime(random, t), localDayStart(t) + LAST_FAILED_ATTEMPT);
      this.#scan(DELIVERY_FAILED, t, courier, random.int(0, FAILURE_REASONS.length));
      t += minutes(random, 20, 50);
      this.#scan(HELD, t, courier);
      const next = random.next();
      if (attempt < MAX_ATTEMPTS && next < REDELIVERED) {
        t = morningRound(random, t + 30 * MINUTE);
        this.#scan(OUT_FOR_DELIVERY, t, courier);
        if (!random.chance(REDELIVERY_SUCCEEDS)) continue;
        this.#scan(DELIVERED, attemptTime(random, t), courier);
        return undefined;
      }
      const pickedUp = attempt < MAX_ATTEMPTS ? next < REDELIVERED + PICKED_UP : next < PICKED_UP_AFTER_LAST_ATTEMPT;
      if (!pickedUp) return t;
      this.#scan(DELIVERED, pickupTime(random, t), this.#operator(office));
      return undefined;
    }
  }

  /** RETURNED at the office after the holding days, carried back and delivered to the sender. */
  #returnToSender(office: number, sender: number, heldAt: number): void {
    const random = this.#random;
    let t = localDayStart(heldAt) + HOLD_DAYS_BEFORE_RETURN * DAY + RETURNS_SENT_FROM + minutes(random, 0, RETURNS_SPREAD_MIN);
    const clerk = this.#operator(office);
    this.#scan(RETURNED, t, clerk);
    if (sender !== office) t = this.#carry(office, sender, t + minutes(random, 30, 120), clerk);
    const courier = this.#operator(sender);
    t = morningRound(random, t + 30 * MINUTE);
    this.#scan(OUT_FOR_DELIVERY, t, courier);
    this.#scan(DELIVERED, attemptTime(random, t), courier);
  }

  /** Records a scan unless it falls after the simulated period. */
  #scan(code: number, atMs: number, operator: number, extra = -1): void {
    if (atMs > this.#endMs) return;
    this.scans.push(atMs, this.packer.pack(code, operator, extra));
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

/** Where a returned item goes: the delivery office of the accepting counter's county (or its city). */
function senderOffice(net: UnitNetwork, counter: number): number {
  return net.officesInDivisionOf(counter)?.[0] ?? net.officesUnderParentOf(counter)?.[0] ?? net.offices[0]!;
}

/** A whole number of seconds between min and max minutes, so every instant stays on a whole second. */
function minutes(random: SeededRandom, min: number, max: number): number {
  return Math.round(random.between(min, max) * 60) * SECOND;
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
