/**
 * Local days and wall-clock times in an IANA time zone, as instants (epoch milliseconds UTC).
 * Reports are cut by local days (DESIGN §4): a local day is not always 24 hours long (23 or 25 on
 * DST changes), and a wall-clock time may not exist (spring forward) or exist twice (fall back).
 * Pure: no clock is read; zone rules come from the runtime's ICU data through Intl.
 */

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface WallClock {
  readonly hour: number;
  readonly minute: number;
}

/** An office's end of shift when its unit sets none (DESIGN §2, 收班). */
export const DEFAULT_END_OF_SHIFT = '21:00';

const DAY_MS = 86_400_000;
/** Per zone, per UTC day number: the zone's offset all that day, or null if it changes within it. */
const dayOffsets = new Map<string, Map<number, number | null>>();
const REMEMBERED_DAYS = 20_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * `YYYY-MM-DD` as a real calendar date, or undefined. Years before 1000 are refused: no scan is that
 * old, and two-digit years would be misread by `Date.UTC`.
 */
export function parseLocalDate(text: string): LocalDate | undefined {
  const m = LOCAL_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** The calendar date `days` days after (or before, if negative) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(utcMs(date.year, date.month, date.day, 0, 0) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The date as a count of days since 1970-01-01, so that dates compare and subtract as numbers: as
 * text, "10000-01-01" sorts before "9999-12-31".
 */
export function dayNumber(date: LocalDate): number {
  return Math.round(utcMs(date.year, date.month, date.day, 0, 0) / DAY_MS);
}

/** `HH:MM` (00:00–23:59), or undefined. */
export function parseWallClock(text: string): WallClock | undefined {
  const m = WALL_CLOCK.exec(text);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/**
 * The zone's offset from UTC at an instant, in milliseconds east of UTC.
 *
 * Asked through Intl at most twice per zone and UTC day, then remembered: look-ups and lists show
 * every instant in local time, and Intl's formatter costs microseconds a call. A day whose offset
 * is the same at its start and at the next day's start has that offset throughout (at most one
 * change within a day, as `localToInstant` assumes too); a day with a change asks Intl each time.
 */
export function offsetMsAt(ms: number, zone: string): number {
  // Whole seconds: the formatter shows no milliseconds, and historical (LMT) offsets have seconds.
  const floored = Math.floor(ms / 1000) * 1000;
  const day = Math.floor(floored / DAY_MS);
  let days = dayOffsets.get(zone);
  if (!days) {
    days = new Map();
    dayOffsets.set(zone, days);
  }
  let offset = days.get(day);
  if (offset === undefined) {
    const atStart = intlOffsetMs(day * DAY_MS, zone);
    offset = intlOffsetMs((day + 1) * DAY_MS, zone) === atStart ? atStart : null;
    // Bounded: days far apart (an audit list over decades) must not grow it without end.
    if (days.size >= REMEMBERED_DAYS) days.clear();
    days.set(day, offset);
  }
  return offset ?? intlOffsetMs(floored, zone);
}

/** The offset at a whole-second instant, from the zone rules themselves. */
function intlOffsetMs(floored: number, zone: string): number {
  const w = wallClockParts(floored, zone);
  return utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second) - floored;
}

/** The zone's offset at an instant in whole minutes east of UTC, as scan instants are written. */
export function offsetMinutesAt(ms: number, zone: string): number {
  return Math.round(offsetMsAt(ms, zone) / 60_000);
}

/** The local calendar date of an instant in a zone. */
export function localDateOf(ms: number, zone: string): LocalDate {
  const floored = Math.floor(ms / 1000) * 1000;
  const wall = new Date(floored + offsetMsAt(floored, zone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/**
 * The instant at which clocks in `zone` show `time` on `date`. Like Temporal's "compatible"
 * disambiguation: a time skipped by a spring-forward gap is moved forward by the gap's length
 * (02:30 → 03:30 in Berlin), and a time shown twice at a fall-back takes the earlier instant.
 * Assumes at most one offset change within a day either side, which holds for every zone in use.
 */
export function localToInstant(date: LocalDate, time: WallClock, zone: string): number {
  const wall = utcMs(date.year, date.month, date.day, time.hour, time.minute);
  const before = offsetMsAt(wall - DAY_MS, zone);
  const after = offsetMsAt(wall + DAY_MS, zone);
  const matching = [wall - before, wall - after].filter((t) => offsetMsAt(t, zone) === wall - t);
  if (matching.length > 0) return Math.min(...matching);
  // In a gap: read with the offset in force before it, the instant lands as far past the gap's
  // end as the time was past its start.
  return wall - before;
}

/**
 * A local day as the half-open interval [startMs, endMs): from the first instant whose local date
 * is `date` to the first instant of the next day. 23 or 25 hours long on DST changes; where a
 * zone skips midnight, the day starts when the clocks jump.
 */
export function localDayBounds(date: LocalDate, zone: string): { startMs: number; endMs: number } {
  const midnight: WallClock = { hour: 0, minute: 0 };
  return { startMs: localToInstant(date, midnight, zone), endMs: localToInstant(addDays(date, 1), midnight, zone) };
}

/**
 * An office's end of shift on a local day: its unit's `end_of_shift` ('HH:MM', local wall clock),
 * or `defaultEndOfShift` (21:00 unless configured) when it sets none, on `date` in `zone`.
 */
export function endOfShiftInstant(date: LocalDate, endOfShift: string | null, zone: string, defaultEndOfShift = DEFAULT_END_OF_SHIFT): number {
  const text = endOfShift ?? defaultEndOfShift;
  const time = parseWallClock(text);
  if (!time) throw new RangeError(`end of shift must be HH:MM, got "${text}"`);
  return localToInstant(date, time, zone);
}

interface WallClockParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(ms: number, zone: string): WallClockParts {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year ?? Number.NaN,
    month: parts.month ?? Number.NaN,
    day: parts.day ?? Number.NaN,
    hour: parts.hour ?? Number.NaN,
    minute: parts.minute ?? Number.NaN,
    second: parts.second ?? Number.NaN,
  };
}

/** Date.UTC without its hazard: years 0–99 would be read as 1900–1999. */
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second = 0): number {
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
