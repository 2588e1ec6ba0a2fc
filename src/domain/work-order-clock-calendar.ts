/**
 * The calendars a work order's clock runs on (docs/work-orders-deadlines.md): 7×24, or working hours
 * on working days, minus holidays, plus make-up working days (调休), in a unit's time zone. Pure.
 */
import { AppError } from '../errors.js';
import { type Message, msg } from '../i18n/message.js';
import { type LocalDate, type WallClock, dayNumber, localDayBounds, localToInstant, offsetMsAt, parseLocalDate, parseWallClock } from './local-day.js';

/** When the clock runs. hours null = 7×24. Dates are local days in timeZone. */
export interface WorkCalendar {
  timeZone: string; // IANA, e.g. 'Asia/Shanghai'
  hours: null | { open: string; close: string; weekdays: number[] }; // 'HH:MM', close may be '24:00'; 1=Mon … 7=Sun
  holidays: string[]; // 'YYYY-MM-DD': no work that day
  workdays: string[]; // 'YYYY-MM-DD': worked although not in weekdays (调休)
}

export const ALWAYS_OPEN: WorkCalendar = frozen({ timeZone: 'Asia/Shanghai', hours: null, holidays: [], workdays: [] });

/**
 * The seed's customer-service centre: 08:00–24:00 every day. Holidays: the 13 days of 2027 that the
 * national rules on public holidays (全国年节及纪念日放假办法, as revised in 2024, in force from 2025)
 * give by law. The State Council's yearly notice adds bridging days off and make-up working days;
 * add them when it is published (docs/work-orders-deadlines.md says where each date comes from).
 */
export const SEED_CENTRE_CALENDAR: WorkCalendar = frozen({
  timeZone: 'Asia/Shanghai',
  hours: { open: '08:00', close: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7] },
  holidays: [
    '2027-01-01', // 元旦
    '2027-02-05', // 春节: 除夕 (2-05), 初一 (2-06), 初二, 初三
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-04-05', // 清明 (the solar term)
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

/** Shared calendars are frozen through and through: one changed in place would change every order's clock. */
function frozen(calendar: WorkCalendar): WorkCalendar {
  Object.freeze(calendar.holidays);
  Object.freeze(calendar.workdays);
  if (calendar.hours) Object.freeze(Object.freeze(calendar.hours).weekdays);
  return Object.freeze(calendar);
}

/**
 * A stored calendar (JSON per unit), checked field by field; each refusal names its field, in its
 * message and as `details: [{field, message}]` (`at`: where the calendar sits in a request body).
 */
export function calendarFrom(json: unknown, at = ''): WorkCalendar {
  const invalid = (field: string, problem: Message) => {
    const path = [at, field].filter(Boolean).join('.');
    return new AppError('invalid_request', problem, [{ field: path, message: problem }]);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('', msg('clock.notObject'));
  const raw = json as Record<string, unknown>;
  const timeZone = raw.timeZone;
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) throw invalid('timeZone', msg('clock.timeZone', { value: String(timeZone) }));
  const holidays = datesFrom(raw.holidays, 'holidays', invalid);
  const workdays = datesFrom(raw.workdays, 'workdays', invalid);
  const both = workdays.find((d) => holidays.includes(d));
  if (both) throw invalid('workdays', msg('clock.holidayAndWorkday', { date: both }));
  return { timeZone, hours: hoursFrom(raw.hours, invalid), holidays, workdays };
}

type Refusal = (field: string, problem: Message) => AppError;

function hoursFrom(value: unknown, invalid: Refusal): WorkCalendar['hours'] {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid('hours', msg('clock.hours'));
  const { open, close, weekdays } = value as Record<string, unknown>;
  if (typeof open !== 'string' || !parseWallClock(open)) throw invalid('hours.open', msg('clock.hoursTime', { field: 'open', value: String(open) }));
  if (typeof close !== 'string' || (close !== '24:00' && !parseWallClock(close))) {
    throw invalid('hours.close', msg('clock.hoursTime', { field: 'close', value: String(close) }));
  }
  // 'HH:MM' texts compare as times; '24:00' is after every opening.
  if (close <= open) throw invalid('hours.close', msg('clock.hoursOrder', { open, close }));
  const days: unknown[] = Array.isArray(weekdays) ? weekdays : [];
  const valid = days.length > 0 && days.every((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7) && new Set(days).size === days.length;
  if (!valid) throw invalid('hours.weekdays', msg('clock.weekdays'));
  return { open, close, weekdays: [...(days as number[])].sort((a, b) => a - b) };
}

function datesFrom(value: unknown, field: 'holidays' | 'workdays', invalid: Refusal): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, msg('clock.dates', { field, value: JSON.stringify(value) ?? String(value) }));
  for (const d of value) {
    if (typeof d !== 'string' || !parseLocalDate(d)) throw invalid(field, msg('clock.dates', { field, value: JSON.stringify(d) ?? String(d) }));
  }
  return [...new Set(value as string[])].sort();
}

const knownZones = new Set<string>();

function isTimeZone(zone: string): boolean {
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  if (zone.length === 0) return false;
  knownZones.add(zone);
  return true;
}

const DAY_MS = 86_400_000;
const MIDNIGHT: WallClock = { hour: 0, minute: 0 };

interface CalendarDay {
  startMs: number;
  endMs: number;
  /** Working time within the day; openMs === closeMs on a day without work. */
  openMs: number;
  closeMs: number;
  /** Business time on the axis before this day. */
  before: number;
}

/**
 * Business time on a calendar as a number line from the start of the origin's local day: `at(ms)` is
 * the business time up to an instant; `instantOf(x)` is the first working instant at which `at`
 * reaches x, so that a value reached at a closing time lands at the next opening. Built a day at a
 * time and only as far as asked: a 90-day order costs 90 day steps, never a step per minute.
 */
export class BusinessAxis {
  private readonly c: PreparedCalendar;
  private readonly originDayNumber: number;
  private readonly originMs: number;
  private readonly days: CalendarDay[] = [];
  /** The day `at` last read. */
  private cursor = 0;

  constructor(calendar: WorkCalendar, originMs: number) {
    this.c = prepare(calendar);
    if (this.c.continuous) {
      // Only differences are read on a continuous axis: any origin will do.
      this.originDayNumber = 0;
      this.originMs = originMs;
      return;
    }
    const offset = offsetMsAt(originMs, this.c.timeZone);
    this.originDayNumber = Math.floor((originMs + offset) / DAY_MS);
    // The local midnight, from the offset when it is the same then; else from the zone rules.
    const midnight = this.originDayNumber * DAY_MS - offset;
    this.originMs = offsetMsAt(midnight, this.c.timeZone) === offset ? midnight : localDayBounds(this.date(0), this.c.timeZone).startMs;
  }

  /** The local date of day n from the origin (only where an offset changes: it costs a Date). */
  private date(n: number): LocalDate {
    return dateOfDayNumber(this.originDayNumber + n);
  }

  at(ms: number): number {
    if (this.c.continuous) return ms - this.originMs;
    if (ms <= this.originMs) return 0;
    while (this.lastDay().endMs <= ms) this.extend();
    // Rows come in time order: step on from the last day asked for, search only when going back.
    let i = this.cursor;
    if (this.days[i]!.startMs > ms) i = this.dayIndex((d) => d.startMs <= ms);
    else while (this.days[i]!.endMs <= ms) i += 1;
    this.cursor = i;
    const day = this.days[i]!;
    return day.before + Math.max(0, Math.min(ms, day.closeMs) - day.openMs);
  }

  instantOf(x: number): number {
    if (this.c.continuous) return this.originMs + x;
    for (let last = this.lastDay(); last.before + (last.closeMs - last.openMs) <= x; last = this.lastDay()) this.extend();
    const day = this.days[this.dayIndex((d) => d.before <= x)]!;
    return day.openMs + (x - day.before);
  }

  /** The last built day passing a test that the days pass from the first up to some day, then fail. */
  private dayIndex(reached: (day: CalendarDay) => boolean): number {
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (reached(this.days[mid]!)) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private lastDay(): CalendarDay {
    if (this.days.length === 0) this.extend();
    return this.days[this.days.length - 1]!;
  }

  private extend(): void {
    const n = this.days.length;
    const previous = this.days[n - 1];
    const startMs = previous ? previous.endMs : this.originMs;
    const before = previous ? previous.before + (previous.closeMs - previous.openMs) : 0;
    const number = this.originDayNumber + n;
    const zone = this.c.timeZone;
    // A day that starts at its local midnight and has the same offset 24 hours later is 24 hours long,
    // and its wall clock is its start plus minutes (local-day.ts assumes at most one change a day, as
    // here). A day that starts when the clocks jump past midnight (Santiago) is not.
    const offset = offsetMsAt(startMs, zone);
    const steady = (startMs + offset) % DAY_MS === 0 && offsetMsAt(startMs + DAY_MS, zone) === offset;
    const endMs = steady ? startMs + DAY_MS : localToInstant(this.date(n + 1), MIDNIGHT, zone);
    let openMs = startMs;
    let closeMs = startMs;
    if (!this.c.holidays.has(number)) {
      const hours = this.c.hours;
      if (!hours) closeMs = endMs;
      else if (hours.weekdays.has(weekdayOf(number)) || this.c.workdays.has(number)) {
        openMs = Math.max(startMs, this.wallClock(n, steady ? startMs : null, hours.open));
        closeMs = Math.max(openMs, Math.min(endMs, hours.close ? this.wallClock(n, steady ? startMs : null, hours.close) : endMs));
      }
    }
    this.days.push({ startMs, endMs, openMs, closeMs, before });
    // Past the last listed day the weeks repeat: seven days without work there mean no work ever.
    if (n >= 7 && number > this.c.lastListedDay + 7 && this.days.slice(-7).every((d) => d.openMs === d.closeMs)) {
      throw new RangeError('work calendar: no working time after its last listed day');
    }
  }

  /** The instant of a wall-clock time on day n: its start plus minutes on a steady day (startMs given). */
  private wallClock(n: number, steadyStartMs: number | null, time: WallClock): number {
    if (steadyStartMs !== null) return steadyStartMs + (time.hour * 60 + time.minute) * 60_000;
    return localToInstant(this.date(n), time, this.c.timeZone);
  }
}

function dateOfDayNumber(day: number): LocalDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday, of a day counted from 1970-01-01 (a Thursday). */
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

interface PreparedCalendar {
  timeZone: string;
  /** Every instant is business time: 7×24 without holidays. */
  continuous: boolean;
  hours: null | { open: WallClock; close: WallClock | null; weekdays: ReadonlySet<number> };
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
  /** The last day number a list names: beyond it, days repeat by weekday. */
  lastListedDay: number;
}

const preparedCalendars = new WeakMap<WorkCalendar, PreparedCalendar>();

/**
 * Day numbers and parsed times, once per calendar object (a page of orders of one unit shares one).
 * Hazard: a calendar object changed after its first use keeps its first reading; build a new one.
 */
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
