/**
 * Wall-clock arithmetic in an IANA time zone, with Intl only (no tz database of our own). Formatters
 * are cached: they are costly to build and these functions run on the scan hot path.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClockAt(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Minutes east of UTC in force at an instant. */
export function offsetMinutesAt(ms: number, timeZone: string): number {
  const w = wallClockAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of a local wall-clock time (for a time skipped by DST, the instant just after the gap). */
export function instantOfWallClock(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetMinutesAt(guess, timeZone) * 60_000;
  const second = guess - offsetMinutesAt(first, timeZone) * 60_000;
  return second;
}

/** "HH:MM" on the local day of `ms` as an instant; `dayOffset` moves to later days. */
export function localTimeOnDayOf(ms: number, hhmm: string, timeZone: string, dayOffset = 0): number {
  const w = wallClockAt(ms, timeZone);
  const [h, m] = hhmm.split(':').map(Number);
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day + dayOffset));
  return instantOfWallClock(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), h ?? 0, m ?? 0, timeZone);
}
