/**
 * A work order's deadlines (issue 12, docs/work-orders-deadlines.md, decision 0042): first response
 * and resolution, counted in business time on a calendar, paused while the order waits for the
 * customer or is resolved, resumed on reopen. A pure function of the order's history, the policy, the
 * calendar and `now`: no clock is read, nothing is stored.
 *
 * Everything is counted on one axis, "business milliseconds since the order's first local day"
 * (`BusinessAxis`): elapsed business time is a difference on it, and a deadline is the instant where
 * the axis reaches a value. Days are walked once per call, never minutes.
 */
import { ALWAYS_OPEN, BusinessAxis, SEED_CENTRE_CALENDAR, type WorkCalendar, calendarFrom } from './work-order-clock-calendar.js';
import { type ClockPolicy, DEFAULT_POLICIES, WORK_ORDER_TYPES, type WorkOrderType } from './work-order-defaults.js';

export { ALWAYS_OPEN, SEED_CENTRE_CALENDAR, type WorkCalendar, calendarFrom };
export { type ClockPolicy, DEFAULT_POLICIES, WORK_ORDER_TYPES, type WorkOrderType };

export const WORK_ORDER_PRIORITIES = ['normal', 'urgent'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
export const WORK_ORDER_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit', 'resolved', 'closed'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

export type PolicyOverride = Partial<Record<WorkOrderType, Partial<ClockPolicy>>>; // per program

/** Defaults per type (documented in docs/work-orders-deadlines.md); urgent halves both. */
export function policyFor(type: WorkOrderType, priority: WorkOrderPriority, override?: PolicyOverride): ClockPolicy {
  const base = { ...DEFAULT_POLICIES[type], ...definedFields(override?.[type]) };
  if (priority !== 'urgent') return base;
  // Rounded up: an urgent order never gets less than half, and a 1-minute policy stays 1 minute.
  return { firstResponseMinutes: Math.ceil(base.firstResponseMinutes / 2), resolutionMinutes: Math.ceil(base.resolutionMinutes / 2) };
}

function definedFields(policy: Partial<ClockPolicy> | undefined): Partial<ClockPolicy> {
  const fields: Partial<ClockPolicy> = {};
  if (policy?.firstResponseMinutes !== undefined) fields.firstResponseMinutes = policy.firstResponseMinutes;
  if (policy?.resolutionMinutes !== undefined) fields.resolutionMinutes = policy.resolutionMinutes;
  return fields;
}

/** One row of an order's history, as far as the clock cares. The first is the creation (status 'new'). */
export interface ClockEvent {
  at: Date;
  status: WorkOrderStatus; // the order's status after this row
  responds: boolean; // true when this row is a response to the customer (a reply, or a resolve)
}

export type DeadlineState = 'running' | 'paused' | 'hit' | 'missed' | 'overdue';
export interface Deadline {
  dueAt: Date; // as of now: moved on by every pause so far (while paused, as if it resumed now)
  doneAt: Date | null; // first response / last resolution, when done
  state: DeadlineState; // hit/missed once done; overdue = not done and past due; paused; running
  minutesLeft: number; // business minutes left until dueAt (negative when overdue; 0 when done)
}
export interface ClockState {
  paused: boolean;
  firstResponse: Deadline;
  resolution: Deadline;
  escalationLevel: 0 | 1 | 2 | 3; // 1: first response overdue; 2: resolution overdue; 3: 2× the resolution time passed unresolved
}

/** Statuses in which neither deadline runs. */
const PAUSED_STATUSES: ReadonlySet<WorkOrderStatus> = new Set(['waiting_customer', 'resolved', 'closed']);
const DONE_STATUSES: ReadonlySet<WorkOrderStatus> = new Set(['resolved', 'closed']);
const MINUTE_MS = 60_000;

export function clockOf(input: { events: ClockEvent[]; policy: ClockPolicy; calendar: WorkCalendar; now: Date }): ClockState {
  const { policy, calendar } = input;
  const events = rowsAsOf(input.events, input.now.getTime());
  const createdMs = events[0]!.ms;
  const nowMs = Math.max(input.now.getTime(), createdMs);
  const axis = new BusinessAxis(calendar, createdMs);

  // The running stretches, as [start, end) on the business axis; the last one may run up to now.
  const runs: { from: number; to: number }[] = [];
  let firstResponseMs: number | null = null;
  let resolvedMs: number | null = null;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    const atMs = event.ms;
    const previous = i > 0 ? events[i - 1]!.status : null;
    if (event.responds && firstResponseMs === null) firstResponseMs = atMs;
    if (DONE_STATUSES.has(event.status) && (previous === null || !DONE_STATUSES.has(previous))) resolvedMs = atMs;
    if (PAUSED_STATUSES.has(event.status)) continue;
    const endMs = i + 1 < events.length ? events[i + 1]!.ms : nowMs;
    const from = axis.at(atMs);
    const to = axis.at(endMs);
    if (to > from) runs.push({ from, to });
  }
  const status = events[events.length - 1]!.status;
  const paused = PAUSED_STATUSES.has(status);
  if (!DONE_STATUSES.has(status)) resolvedMs = null;

  const clock = new OrderClock(axis, runs);
  const firstResponse = deadline(clock, policy.firstResponseMinutes * MINUTE_MS, firstResponseMs, nowMs, paused);
  const resolution = deadline(clock, policy.resolutionMinutes * MINUTE_MS, resolvedMs, nowMs, paused);
  const usedNow = clock.usedUntil(axis.at(nowMs));
  let escalationLevel: ClockState['escalationLevel'] = 0;
  if (resolvedMs === null && usedNow >= 2 * policy.resolutionMinutes * MINUTE_MS) escalationLevel = 3;
  else if (resolution.state === 'overdue') escalationLevel = 2;
  else if (firstResponse.state === 'overdue') escalationLevel = 1;
  return { paused, firstResponse, resolution, escalationLevel };
}

interface Row {
  ms: number;
  status: WorkOrderStatus;
  responds: boolean;
}

/**
 * The rows in time order (rows of the same instant as given), without those after `now`: they have
 * not happened yet as of `now`. Before the creation, the creation row alone.
 */
function rowsAsOf(events: readonly ClockEvent[], nowMs: number): Row[] {
  if (events.length === 0) throw new RangeError('a work order clock needs at least its creation row');
  const rows = events.map((e) => ({ ms: e.at.getTime(), status: e.status, responds: e.responds }));
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i += 1) sorted = rows[i - 1]!.ms <= rows[i]!.ms;
  if (!sorted) rows.sort((a, b) => a.ms - b.ms); // stable: rows of one instant keep their order
  let kept = rows.length;
  while (kept > 1 && rows[kept - 1]!.ms > nowMs) kept -= 1;
  return kept === rows.length ? rows : rows.slice(0, kept);
}

function deadline(clock: OrderClock, allowedMs: number, doneMs: number | null, nowMs: number, paused: boolean): Deadline {
  const asOfMs = doneMs ?? nowMs;
  const usedMs = clock.usedUntil(clock.axis.at(asOfMs));
  const dueAt = new Date(clock.dueMs(allowedMs, asOfMs));
  if (doneMs !== null) return { dueAt, doneAt: new Date(doneMs), state: usedMs <= allowedMs ? 'hit' : 'missed', minutesLeft: 0 };
  const leftMs = allowedMs - usedMs;
  const state: DeadlineState = leftMs < 0 ? 'overdue' : paused ? 'paused' : 'running';
  // Whole minutes away from zero: a running clock with seconds left still shows 1, an overdue one −1.
  const minutesLeft = leftMs === 0 ? 0 : Math.sign(leftMs) * Math.ceil(Math.abs(leftMs) / MINUTE_MS);
  return { dueAt, doneAt: null, state, minutesLeft };
}

/** The order's running stretches on the business axis. */
class OrderClock {
  constructor(
    readonly axis: BusinessAxis,
    private readonly runs: readonly { from: number; to: number }[],
  ) {}

  /** Business time the clock ran before the axis point `until`. */
  usedUntil(until: number): number {
    let used = 0;
    for (const run of this.runs) used += Math.max(0, Math.min(run.to, until) - run.from);
    return used;
  }

  /**
   * The instant the allowance runs out, as of `asOfMs`: the stretches that ran before it, then the
   * clock running on from `asOfMs` (as if it resumed then, when it is paused). The last instant at
   * which no more than `allowedMs` was used: a deadline that falls on a closing time moves to the
   * next opening, as an order created at night starts counting at the next opening.
   */
  dueMs(allowedMs: number, asOfMs: number): number {
    const asOf = this.axis.at(asOfMs);
    let used = 0;
    for (const run of this.runs) {
      const to = Math.min(run.to, asOf);
      if (to <= run.from) continue;
      if (used + (to - run.from) > allowedMs) return this.axis.instantOf(run.from + (allowedMs - used));
      used += to - run.from;
    }
    return this.axis.instantOf(asOf + (allowedMs - used));
  }
}

