import { SECOND } from './local-time.js';

/**
 * The items in flight while merging, and when each one's next scan is due.
 *
 * Scans live in one Float64Array, a fixed-size slot per item, and the queue holds slot numbers: the
 * garbage collector sees a handful of arrays and the tracking numbers, not a million objects.
 * The queue is a calendar of seconds (a scan is filed under its second; adding and taking are O(1)
 * where a heap pays log n). A scan due before the current second (its item was admitted late) is
 * filed under the current second. Empty stretches are skipped a block of seconds at a time.
 */
export class ScanWindow {
  // 12 days. A slot is filed under its next scan only once the one before is out, so this bounds the
  // gap between two scans of one item (and a first scan's lateness), not the length of a route.
  static readonly #SECONDS = 1 << 20;
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

  /**
   * Takes an item's scans (two numbers each: the instant it is due, then any payload), due in
   * non-decreasing order; `startMs` is when the item entered the simulation (no later than its first
   * scan), where an empty window restarts its calendar.
   */
  admit(trackingNo: string, scans: readonly number[], startMs: number): void {
    const count = scans.length / 2;
    if (count > this.maxScansPerItem) throw new Error(`an item has ${count} scans, more than the ${this.maxScansPerItem} planned`);
    // An empty window may have stood still for weeks of simulated time: start its calendar afresh.
    if (this.size === 0) this.#second = Math.floor(startMs / SECOND);
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
