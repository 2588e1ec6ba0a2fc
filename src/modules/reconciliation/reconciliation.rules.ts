import { compareEventOrder } from '../../domain/item-status.js';
import { type LocalDate, addDays, endOfShiftInstant, localDayBounds } from '../../domain/local-day.js';
import type { ScanCode } from '../scans/scan-event.table.js';

/**
 * The three balances of a delivery office O on a local day D (DESIGN §6), as a pure function of the
 * items' whole event sets, so late and out-of-order scans give the same answer as punctual ones.
 *
 * Words used below:
 * - "during D" is the half-open interval [start of D, start of D+1) in the configured zone.
 * - "later" and "last" follow the events' order everywhere in Songda: by instant, then by arrival
 *   (id) — two scans stamped the same millisecond keep the order in which they were stored.
 * - Only events at O count, except where "the item's last event" says otherwise.
 *
 * 进口投递对比 inbound — items with an ARRIVED or AT_DELIVERY_OFFICE at O during D. Handed over when
 *   an OUT_FOR_DELIVERY, HELD or DELIVERED at O comes after the item's *last* such inbound scan of D
 *   and before the end of D (an item that came in twice must be handed over after its second
 *   arrival). The rest are `missing`.
 * 留存出库下段 held — items held at O at the start of D, or with a HELD at O during D. "Held at O at
 *   the start of D" means: the item's last event before D starts, at any site, is a HELD at O (it
 *   was put on O's shelf and nothing has happened to it since, anywhere). Taken out when an
 *   OUT_FOR_DELIVERY or DELIVERED at O comes after the item's last HELD at O up to the end of D (or,
 *   for an item only held from before D, after the start of D) and before the end of D: an item
 *   taken out and put back on the shelf the same day is still held. The rest are `stillHeld`. Other
 *   ways off the shelf (DISPATCHED, RETURNED) are not "taken out": the item stays listed for the
 *   office to explain.
 * 收班平衡合拢 shift — items with an OUT_FOR_DELIVERY at O during D, counted once each and judged
 *   from their last such scan of D. Its deadline is O's end of shift on D; a scan made after that
 *   belongs to the next shift and is judged at O's end of shift on D+1, as the NO_DELIVERY_RESULT
 *   break-point does (DESIGN §5). The result is read from the events at O after that scan up to
 *   and including the deadline: delivered if any is DELIVERED (terminal), else the last
 *   DELIVERY_FAILED or HELD gives failed or held; with none of these the item is still out.
 *   total = delivered + failed + held + stillOut.length; the office balances when none is still out.
 */
export interface ReconciliationEvent {
  id: number;
  trackingNo: string;
  code: ScanCode;
  atMs: number;
  site: string;
}

export interface ReconciliationWindow {
  office: string;
  /** First instant of D. */
  dayStartMs: number;
  /** First instant of D+1 (exclusive end of D). */
  dayEndMs: number;
  /** O's end of shift on D, inclusive. */
  endOfShiftMs: number;
  /** O's end of shift on D+1: the deadline of an OUT_FOR_DELIVERY scanned after `endOfShiftMs`. */
  nextEndOfShiftMs: number;
}

export interface OfficeBalances {
  inbound: { total: number; handedOver: number; missing: string[] };
  held: { total: number; takenOut: number; stillHeld: string[] };
  shift: { total: number; delivered: number; failed: number; held: number; stillOut: string[]; balanced: boolean };
  /** The items each figure counts, sorted: a figure is the length of its list. */
  lists: OfficeLists;
}

export interface OfficeLists {
  inbound: string[];
  handedOver: string[];
  held: string[];
  takenOut: string[];
  shift: string[];
  delivered: string[];
  failed: string[];
  heldAtShift: string[];
}

/** D's bounds and O's ends of shift on D and D+1 in `timeZone`; `endOfShift` null means 21:00. */
export function officeWindow(office: string, endOfShift: string | null, date: LocalDate, timeZone: string): ReconciliationWindow {
  const { startMs, endMs } = localDayBounds(date, timeZone);
  return {
    office,
    dayStartMs: startMs,
    dayEndMs: endMs,
    endOfShiftMs: endOfShiftInstant(date, endOfShift, timeZone),
    nextEndOfShiftMs: endOfShiftInstant(addDays(date, 1), endOfShift, timeZone),
  };
}

type Event = Pick<ReconciliationEvent, 'id' | 'code' | 'atMs' | 'site'>;

const INBOUND = new Set<ScanCode>(['ARRIVED', 'AT_DELIVERY_OFFICE']);
const HANDED_OVER = new Set<ScanCode>(['OUT_FOR_DELIVERY', 'HELD', 'DELIVERED']);
const TAKEN_OUT = new Set<ScanCode>(['OUT_FOR_DELIVERY', 'DELIVERED']);

/** Balances office `window.office` from the whole event sets of the items that may concern it. */
export function reconcileOffice(window: ReconciliationWindow, events: Iterable<ReconciliationEvent>): OfficeBalances {
  const byItem = new Map<string, Event[]>();
  for (const e of events) {
    const list = byItem.get(e.trackingNo);
    if (list) list.push(e);
    else byItem.set(e.trackingNo, [e]);
  }

  const balances: OfficeBalances = {
    inbound: { total: 0, handedOver: 0, missing: [] },
    held: { total: 0, takenOut: 0, stillHeld: [] },
    shift: { total: 0, delivered: 0, failed: 0, held: 0, stillOut: [], balanced: true },
    lists: { inbound: [], handedOver: [], held: [], takenOut: [], shift: [], delivered: [], failed: [], heldAtShift: [] },
  };
  const { lists } = balances;
  const trackingNos = [...byItem.keys()].sort(compareTrackingNo);
  for (const trackingNo of trackingNos) {
    const item = byItem.get(trackingNo)!.sort((a, b) => compareEventOrder(a, b));
    const inbound = inboundOf(item, window);
    if (inbound !== undefined) {
      balances.inbound.total++;
      lists.inbound.push(trackingNo);
      if (inbound) {
        balances.inbound.handedOver++;
        lists.handedOver.push(trackingNo);
      } else balances.inbound.missing.push(trackingNo);
    }
    const held = heldOf(item, window);
    if (held !== undefined) {
      balances.held.total++;
      lists.held.push(trackingNo);
      if (held) {
        balances.held.takenOut++;
        lists.takenOut.push(trackingNo);
      } else balances.held.stillHeld.push(trackingNo);
    }
    const result = shiftResultOf(item, window);
    if (result !== undefined) {
      balances.shift.total++;
      lists.shift.push(trackingNo);
      if (result === 'stillOut') balances.shift.stillOut.push(trackingNo);
      else {
        balances.shift[result]++;
        lists[result === 'held' ? 'heldAtShift' : result].push(trackingNo);
      }
    }
  }
  balances.shift.balanced = balances.shift.stillOut.length === 0;
  return balances;
}

/** undefined: not inbound at O during D; else whether it was handed over. */
function inboundOf(item: readonly Event[], w: ReconciliationWindow): boolean | undefined {
  const last = findLastIndex(item, (e) => e.site === w.office && INBOUND.has(e.code) && duringDay(e, w));
  if (last < 0) return undefined;
  return item.some((e, i) => i > last && e.site === w.office && HANDED_OVER.has(e.code) && e.atMs < w.dayEndMs);
}

/** undefined: not held at O at the start of D nor during D; else whether it was taken out. */
function heldOf(item: readonly Event[], w: ReconciliationWindow): boolean | undefined {
  const lastBefore = findLastIndex(item, (e) => e.atMs < w.dayStartMs);
  const heldAtStart = lastBefore >= 0 && item[lastBefore]!.code === 'HELD' && item[lastBefore]!.site === w.office;
  const lastHeldDuring = findLastIndex(item, (e) => e.site === w.office && e.code === 'HELD' && duringDay(e, w));
  if (!heldAtStart && lastHeldDuring < 0) return undefined;
  const from = lastHeldDuring >= 0 ? lastHeldDuring : lastBefore;
  return item.some((e, i) => i > from && e.site === w.office && TAKEN_OUT.has(e.code) && e.atMs < w.dayEndMs);
}

type ShiftResult = 'delivered' | 'failed' | 'held' | 'stillOut';

/** undefined: not out for delivery from O during D; else its result by its deadline. */
function shiftResultOf(item: readonly Event[], w: ReconciliationWindow): ShiftResult | undefined {
  const out = findLastIndex(item, (e) => e.site === w.office && e.code === 'OUT_FOR_DELIVERY' && duringDay(e, w));
  if (out < 0) return undefined;
  const deadline = item[out]!.atMs <= w.endOfShiftMs ? w.endOfShiftMs : w.nextEndOfShiftMs;
  let result: ShiftResult = 'stillOut';
  for (let i = out + 1; i < item.length; i++) {
    const e = item[i]!;
    if (e.atMs > deadline) break;
    if (e.site !== w.office) continue;
    if (e.code === 'DELIVERED') return 'delivered';
    if (e.code === 'DELIVERY_FAILED') result = 'failed';
    else if (e.code === 'HELD') result = 'held';
  }
  return result;
}

const duringDay = (e: Event, w: ReconciliationWindow) => e.atMs >= w.dayStartMs && e.atMs < w.dayEndMs;

function findLastIndex<T>(list: readonly T[], predicate: (value: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (predicate(list[i]!)) return i;
  return -1;
}

/** Tracking numbers are ASCII (S10): code-unit order is the order people read them in. */
const compareTrackingNo = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
