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
import { AppError } from '../errors.js';
import { type Message, msg } from '../i18n/message.js';
import {
  type LocalDate,
  addDays,
  dayNumber,
  localDateOf,
  localDayBounds,
  localToInstant,
  parseLocalDate,
  parseWallClock,
} from './local-day.js';

export const WORK_ORDER_TYPES = ['enquiry', 'complaint', 'address_change', 'redelivery', 'loss_report', 'other'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];
export const WORK_ORDER_PRIORITIES = ['normal', 'urgent'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
export const WORK_ORDER_STATUSES = ['new', 'assigned', 'in_progress', 'waiting_customer', 'waiting_unit', 'resolved', 'closed'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** When the clock runs. hours null = 7×24. Dates are local days in timeZone. */
export interface WorkCalendar {
  timeZone: string; // IANA, e.g. 'Asia/Shanghai'
  hours: null | { open: string; close: string; weekdays: number[] }; // 'HH:MM', close may be '24:00'; 1=Mon … 7=Sun
  holidays: string[]; // 'YYYY-MM-DD': no work that day
  workdays: string[]; // 'YYYY-MM-DD': worked although not in weekdays (调休)
}

export const ALWAYS_OPEN: WorkCalendar = Object.freeze({ timeZone: 'Asia/Shanghai', hours: null, holidays: [], workdays: [] });

/** Business minutes allowed. */
export interface ClockPolicy {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}
export type PolicyOverride = Partial<Record<WorkOrderType, Partial<ClockPolicy>>>; // per program

/**
 * Normal priority. address_change's resolution stands in for "before the next delivery run": the
 * clock knows no delivery runs, and 12 hours on the centre's calendar reaches the next morning's run.
 */
export const DEFAULT_POLICIES: Readonly<Record<WorkOrderType, ClockPolicy>> = Object.freeze({
  enquiry: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  complaint: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
  address_change: { firstResponseMinutes: 120, resolutionMinutes: 720 },
  redelivery: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
  loss_report: { firstResponseMinutes: 240, resolutionMinutes: 4320 },
  other: { firstResponseMinutes: 120, resolutionMinutes: 1440 },
});

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
  // Rows written after `now` have not happened yet as of `now`; rows are taken in time order.
  const events = input.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.at.getTime() <= input.now.getTime())
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
  const first = input.events.reduce<ClockEvent | undefined>((min, e) => (!min || e.at < min.at ? e : min), undefined);
  if (!first) throw new RangeError('a work order clock needs at least its creation row');
  if (events.length === 0) events.push(first);
  const createdMs = events[0]!.at.getTime();
  const nowMs = Math.max(input.now.getTime(), createdMs);
  const axis = new BusinessAxis(calendar, createdMs);

  // The running stretches, as [start, end) on the business axis; the last one may run up to now.
  const runs: { from: number; to: number }[] = [];
  let firstResponseMs: number | null = null;
  let resolvedMs: number | null = null;
  for (let i = 0; i < events.length; i += 1) {
    const event = events[i]!;
    const atMs = event.at.getTime();
    const previous = i > 0 ? events[i - 1]!.status : null;
    if (event.responds && firstResponseMs === null) firstResponseMs = atMs;
    if (DONE_STATUSES.has(event.status) && (previous === null || !DONE_STATUSES.has(previous))) resolvedMs = atMs;
    if (PAUSED_STATUSES.has(event.status)) continue;
    const endMs = i + 1 < events.length ? events[i + 1]!.at.getTime() : nowMs;
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

/**
 * Business time on a calendar as a number line: `at(ms)` is the business time from the start of the
 * origin's local day to the instant; `instantOf(x)` is the first working instant at which `at` reaches
 * x (so at a closing time it is the next opening). Built a day at a time, as far as asked.
 */
class BusinessAxis {
  private readonly prepared: PreparedCalendar;
  private readonly originDay: LocalDate;
  private readonly originDayNumber: number;
  /** Per day from the origin: its working interval (instants) and the business time before it. */
  private readonly days: { openMs: number; closeMs: number; before: number }[] = [];
  private readonly originMs: number;

  constructor(calendar: WorkCalendar, originMs: number) {
    this.prepared = prepare(calendar);
    this.originDay = localDateOf(originMs, calendar.timeZone);
    this.originDayNumber = dayNumber(this.originDay);
    this.originMs = localDayBounds(this.originDay, calendar.timeZone).startMs;
  }

  at(ms: number): number {
    if (this.prepared.continuous) return ms - this.originMs;
    const index = Math.max(0, dayNumber(localDateOf(ms, this.prepared.timeZone)) - this.originDayNumber);
    const day = this.day(index);
    return day.before + Math.max(0, Math.min(ms, day.closeMs) - day.openMs);
  }

  instantOf(x: number): number {
    if (this.prepared.continuous) return this.originMs + x;
    // The first day whose working time goes beyond x; at most a few days past the last one built.
    let index = this.searchDays(x);
    for (;;) {
      const day = this.day(index);
      if (day.before + (day.closeMs - day.openMs) > x) return day.openMs + (x - day.before);
      index += 1;
    }
  }

  /** The last built day whose business time before it is at most x, so the walk starts there. */
  private searchDays(x: number): number {
    let lo = 0;
    let hi = this.days.length - 1;
    if (hi < 0 || this.days[hi]!.before <= x) return Math.max(0, hi);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.days[mid]!.before <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private day(index: number): { openMs: number; closeMs: number; before: number } {
    while (this.days.length <= index) {
      const n = this.days.length;
      const previous = this.days[n - 1];
      const before = previous ? previous.before + (previous.closeMs - previous.openMs) : 0;
      const [openMs, closeMs] = this.workingInterval(addDays(this.originDay, n), this.originDayNumber + n);
      this.days.push({ openMs, closeMs, before });
      // Past the last listed day the week repeats: a week without work there is a week without end.
      if (openMs === closeMs && this.originDayNumber + n > this.prepared.lastListedDay + 7 && n >= 7) {
        if (this.days.slice(-7).every((d) => d.closeMs === d.openMs)) fail('no working time after its last listed day');
      }
    }
    return this.days[index]!;
  }

  private workingInterval(date: LocalDate, number: number): [number, number] {
    const c = this.prepared;
    const { startMs, endMs } = localDayBounds(date, c.timeZone);
    if (c.holidays.has(number)) return [startMs, startMs];
    if (!c.hours) return [startMs, endMs];
    const weekday = ((((number + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday; 1 = Monday
    if (!c.hours.weekdays.has(weekday) && !c.workdays.has(number)) return [startMs, startMs];
    const openMs = localToInstant(date, c.hours.open, c.timeZone);
    const closeMs = c.hours.close ? localToInstant(date, c.hours.close, c.timeZone) : endMs;
    return [openMs, Math.max(openMs, closeMs)];
  }
}

interface PreparedCalendar {
  timeZone: string;
  /** Every instant is business time: 7×24 without holidays. */
  continuous: boolean;
  hours: null | { open: { hour: number; minute: number }; close: { hour: number; minute: number } | null; weekdays: ReadonlySet<number> };
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
  /** The last day number a list names: beyond it, days repeat by weekday. */
  lastListedDay: number;
}

const preparedCalendars = new WeakMap<WorkCalendar, PreparedCalendar>();

/** Day numbers and parsed times, once per calendar object (a 50-row page shares one). */
function prepare(calendar: WorkCalendar): PreparedCalendar {
  const known = preparedCalendars.get(calendar);
  if (known) return known;
  const days = (list: string[]) => new Set(list.map((d) => dayNumber(parseLocalDate(d) ?? fail(`not a date: ${d}`))));
  const holidays = days(calendar.holidays);
  const workdays = days(calendar.workdays);
  const h = calendar.hours;
  const hours = h && {
    open: parseWallClock(h.open) ?? fail(`open is not HH:MM: ${h.open}`),
    close: h.close === '24:00' ? null : (parseWallClock(h.close) ?? fail(`close is not HH:MM: ${h.close}`)),
    weekdays: new Set(h.weekdays),
  };
  const prepared: PreparedCalendar = {
    timeZone: calendar.timeZone,
    continuous: hours === null && holidays.size === 0,
    hours,
    holidays,
    workdays,
    lastListedDay: Math.max(0, ...holidays, ...workdays),
  };
  preparedCalendars.set(calendar, prepared);
  return prepared;
}

function fail(problem: string): never {
  throw new RangeError(`work calendar: ${problem}`);
}

/** A stored calendar (JSON per unit), checked field by field; refusals name the field. */
export function calendarFrom(json: unknown): WorkCalendar {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid(msg('clock.notObject'));
  const raw = json as Record<string, unknown>;
  const timeZone = raw.timeZone;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) throw invalid(msg('clock.timeZone', { value: String(timeZone) }));
  const holidays = datesFrom(raw.holidays, 'holidays');
  const workdays = datesFrom(raw.workdays, 'workdays');
  const both = workdays.find((d) => holidays.includes(d));
  if (both) throw invalid(msg('clock.holidayAndWorkday', { date: both }));
  return { timeZone, hours: hoursFrom(raw.hours), holidays, workdays };
}

function hoursFrom(value: unknown): WorkCalendar['hours'] {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(msg('clock.hours'));
  const { open, close, weekdays } = value as Record<string, unknown>;
  if (typeof open !== 'string' || !parseWallClock(open)) throw invalid(msg('clock.hoursTime', { field: 'open', value: String(open) }));
  if (typeof close !== 'string' || (close !== '24:00' && !parseWallClock(close))) {
    throw invalid(msg('clock.hoursTime', { field: 'close', value: String(close) }));
  }
  if (close !== '24:00' && close <= open) throw invalid(msg('clock.hoursOrder', { open, close }));
  const days = Array.isArray(weekdays) ? weekdays : [];
  const valid = days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7) && new Set(days).size === days.length;
  if (!valid) throw invalid(msg('clock.weekdays'));
  return { open, close, weekdays: [...(days as number[])].sort((a, b) => a - b) };
}

function datesFrom(value: unknown, field: 'holidays' | 'workdays'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(msg('clock.dates', { field, value: String(value) }));
  for (const d of value) if (typeof d !== 'string' || !parseLocalDate(d)) throw invalid(msg('clock.dates', { field, value: String(d) }));
  return [...new Set(value as string[])].sort();
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const invalid = (problem: Message) => new AppError('invalid_request', problem);

/**
 * The seed's customer-service centre: 08:00–24:00 every day. Holidays: the 2027 days that the
 * national rules on public holidays (全国年节及纪念日放假办法, as revised in 2024) give by law, dated
 * for 2027; the State Council's yearly notice adds bridging days and make-up days, to be added when
 * it is published (docs/work-orders-deadlines.md).
 */
export const SEED_CENTRE_CALENDAR: WorkCalendar = Object.freeze({
  timeZone: 'Asia/Shanghai',
  hours: { open: '08:00', close: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  holidays: [
    '2027-01-01', // 元旦
    '2027-02-05', // 春节: 除夕 (农历腊月廿九 in 2027: 腊月 has 29 days), 初一 2-06, 初二, 初三
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-04-05', // 清明 (solar term)
    '2027-05-01', // 劳动节
    '2027-05-02',
    '2027-06-09', // 端午 (农历五月初五)
    '2027-09-15', // 中秋 (农历八月十五)
    '2027-10-01', // 国庆节
    '2027-10-02',
    '2027-10-03',
  ],
  workdays: [],
});
