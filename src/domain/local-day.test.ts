import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayNumber,
  endOfShiftInstant,
  formatLocalDate,
  localDateOf,
  localDayBounds,
  localToInstant,
  offsetMinutesAt,
  offsetMsAt,
  parseLocalDate,
  parseWallClock,
} from './local-day.js';

const date = (text: string) => {
  const d = parseLocalDate(text);
  if (!d) throw new Error(`bad test date ${text}`);
  return d;
};
const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('parseLocalDate / formatLocalDate / addDays', () => {
  it('reads real calendar dates and writes them back', () => {
    expect(parseLocalDate('2026-11-21')).toEqual({ year: 2026, month: 11, day: 21 });
    expect(parseLocalDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(formatLocalDate({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
  });

  it('refuses what is not a real YYYY-MM-DD date', () => {
    for (const bad of ['2026-02-29', '2100-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-11-21T00:00', '26-11-21', '2026-1-21', '0099-01-01', 'today', '']) {
      expect(parseLocalDate(bad), bad).toBeUndefined();
    }
  });

  it('adds days across month and year ends and leap days', () => {
    expect(formatLocalDate(addDays(date('2026-12-31'), 1))).toBe('2027-01-01');
    expect(formatLocalDate(addDays(date('2024-03-01'), -1))).toBe('2024-02-29');
    expect(formatLocalDate(addDays(date('2026-11-21'), -30))).toBe('2026-10-22');
  });

  it('numbers days so that they compare and subtract as numbers, where text would not', () => {
    expect(dayNumber(date('1970-01-01'))).toBe(0);
    expect(dayNumber(date('2000-01-01'))).toBe(10_957);
    expect(dayNumber(date('2024-03-01')) - dayNumber(date('2024-02-28'))).toBe(2);
    // As text, the day after 9999-12-31 ("10000-01-01") sorts before it.
    const last = date('9999-12-31');
    expect(dayNumber(addDays(last, 1))).toBe(dayNumber(last) + 1);
    fc.assert(
      fc.property(fc.integer({ min: dayNumber(date('1000-01-01')), max: dayNumber(last) }), fc.integer({ min: -400, max: 400 }), (n, k) => {
        const d = addDays(date('1970-01-01'), n);
        expect(dayNumber(d)).toBe(n);
        expect(dayNumber(addDays(d, k))).toBe(n + k);
      }),
    );
  });

  it('reads HH:MM wall-clock times', () => {
    expect(parseWallClock('21:00')).toEqual({ hour: 21, minute: 0 });
    expect(parseWallClock('00:05')).toEqual({ hour: 0, minute: 5 });
    for (const bad of ['24:00', '9:00', '21:60', '21:00:00', '']) expect(parseWallClock(bad), bad).toBeUndefined();
  });
});

describe('localDayBounds', () => {
  it('cuts a Shanghai day at local midnight (16:00 UTC the day before), 24 hours long', () => {
    expect(localDayBounds(date('2026-11-21'), 'Asia/Shanghai')).toEqual({
      startMs: utc('2026-11-20T16:00:00Z'),
      endMs: utc('2026-11-21T16:00:00Z'),
    });
  });

  it('makes Berlin days 23 hours on spring forward and 25 on fall back', () => {
    expect(localDayBounds(date('2026-03-29'), 'Europe/Berlin')).toEqual({ startMs: utc('2026-03-28T23:00:00Z'), endMs: utc('2026-03-29T22:00:00Z') });
    expect(localDayBounds(date('2026-10-25'), 'Europe/Berlin')).toEqual({ startMs: utc('2026-10-24T22:00:00Z'), endMs: utc('2026-10-25T23:00:00Z') });
    expect(localDayBounds(date('2026-07-01'), 'Europe/Berlin')).toEqual({ startMs: utc('2026-06-30T22:00:00Z'), endMs: utc('2026-07-01T22:00:00Z') });
  });

  it('starts the day when the clocks jump where a zone skips midnight (São Paulo, 2018-11-04 00:00 → 01:00)', () => {
    const { startMs, endMs } = localDayBounds(date('2018-11-04'), 'America/Sao_Paulo');
    expect(startMs).toBe(utc('2018-11-04T03:00:00Z'));
    expect(endMs - startMs).toBe(23 * HOUR);
    // The day before ends where this one starts: no instant belongs to two days or to none.
    expect(localDayBounds(date('2018-11-03'), 'America/Sao_Paulo').endMs).toBe(startMs);
  });

  it('puts every instant in exactly the local day its local date names, in any zone (property)', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/Sao_Paulo', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: utc('1990-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, zone) => {
        const day = localDateOf(ms, zone);
        const { startMs, endMs } = localDayBounds(day, zone);
        expect(startMs).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(endMs);
        expect(localDateOf(startMs, zone)).toEqual(day);
        expect(localDateOf(startMs - 1, zone)).toEqual(addDays(day, -1));
        expect(localDateOf(endMs, zone)).toEqual(addDays(day, 1));
      }),
      { numRuns: 500 },
    );
  });
});

describe('localToInstant', () => {
  it('places an ordinary wall-clock time with the zone offset of the moment', () => {
    expect(localToInstant(date('2026-11-21'), { hour: 9, minute: 30 }, 'Asia/Shanghai')).toBe(utc('2026-11-21T01:30:00Z'));
    expect(localToInstant(date('2026-01-15'), { hour: 9, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-01-15T08:30:00Z'));
    expect(localToInstant(date('2026-07-15'), { hour: 9, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-07-15T07:30:00Z'));
  });

  it('moves a time skipped by spring forward on by the gap (Berlin 02:30 → 03:30 CEST)', () => {
    expect(localToInstant(date('2026-03-29'), { hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
  });

  it('takes the earlier of a time shown twice at fall back (Berlin 02:30 CEST, not CET)', () => {
    expect(localToInstant(date('2026-10-25'), { hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
  });
});

describe('endOfShiftInstant', () => {
  it('defaults to 21:00 local', () => {
    expect(endOfShiftInstant(date('2026-11-21'), null, 'Asia/Shanghai')).toBe(utc('2026-11-21T13:00:00Z'));
  });

  it('takes a configured default when the office sets none', () => {
    expect(endOfShiftInstant(date('2026-11-21'), null, 'Asia/Shanghai', '20:00')).toBe(utc('2026-11-21T12:00:00Z'));
    expect(endOfShiftInstant(date('2026-11-21'), '18:00', 'Asia/Shanghai', '20:00')).toBe(utc('2026-11-21T10:00:00Z'));
  });

  it("uses the office's own end of shift", () => {
    expect(endOfShiftInstant(date('2026-11-21'), '17:30', 'Asia/Shanghai')).toBe(utc('2026-11-21T09:30:00Z'));
  });

  it('follows the offset in force on the day in a DST zone', () => {
    expect(endOfShiftInstant(date('2026-03-28'), null, 'Europe/Berlin')).toBe(utc('2026-03-28T20:00:00Z'));
    expect(endOfShiftInstant(date('2026-03-29'), null, 'Europe/Berlin')).toBe(utc('2026-03-29T19:00:00Z'));
    expect(endOfShiftInstant(date('2026-10-25'), '20:00', 'Europe/Berlin')).toBe(utc('2026-10-25T19:00:00Z'));
  });

  it('refuses a malformed end of shift instead of guessing', () => {
    expect(() => endOfShiftInstant(date('2026-11-21'), '9pm', 'Asia/Shanghai')).toThrow(/HH:MM/);
    expect(() => endOfShiftInstant(date('2026-11-21'), null, 'Asia/Shanghai', '25:00')).toThrow(/HH:MM/);
  });
});

describe('offsetMinutesAt', () => {
  it('gives minutes east of UTC at the instant', () => {
    expect(offsetMinutesAt(utc('2026-11-21T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutesAt(utc('2026-03-29T00:59:59Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutesAt(utc('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutesAt(utc('2026-01-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });
});

describe('offsetMsAt and localDateOf against the zone rules', () => {
  // Straight from Intl, at each instant: what both must agree with, however they get there.
  const formats = new Map<string, Intl.DateTimeFormat>();
  const reference = (ms: number, zone: string) => {
    const floored = Math.floor(ms / 1000) * 1000;
    let format = formats.get(zone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      formats.set(zone, format);
    }
    const p = Object.fromEntries(format.formatToParts(floored).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
    const wall = new Date(0);
    wall.setUTCFullYear(p.year!, p.month! - 1, p.day!);
    wall.setUTCHours(p.hour!, p.minute!, p.second!, 0);
    return { offsetMs: wall.getTime() - floored, year: p.year, month: p.month, day: p.day };
  };
  /** The instants, as "zone ISO", where either disagrees with Intl. */
  const disagreements = (zone: string, instants: Iterable<number>) => {
    const wrong: string[] = [];
    for (const ms of instants) {
      const want = reference(ms, zone);
      const date = localDateOf(ms, zone);
      if (offsetMsAt(ms, zone) !== want.offsetMs || date.year !== want.year || date.month !== want.month || date.day !== want.day) wrong.push(`${zone} ${new Date(ms).toISOString()}`);
    }
    return wrong;
  };
  function* every(from: string, to: string, stepMs: number) {
    for (let ms = utc(from); ms < utc(to); ms += stepMs) yield ms;
  }
  const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'UTC'];

  it("agrees every 37 minutes through Shanghai's summer times (1986–1991) and the years around them", () => {
    expect(disagreements('Asia/Shanghai', every('1985-01-01T00:00:00Z', '1993-01-01T00:00:00Z', 37 * 60_000 + 1_234))).toEqual([]);
  });

  it('agrees every 71 minutes over a year of changes in zones with summer time, half hours and a skipped day (Apia, 2011)', () => {
    for (const zone of ZONES) expect(disagreements(zone, every('2011-03-01T00:00:00Z', '2012-03-01T00:00:00Z', 71 * 60_000 + 777))).toEqual([]);
  });

  it('agrees on the seconds either side of each change, and at the UTC midnights around it', () => {
    for (const zone of ZONES) {
      const near: number[] = [];
      for (const ms of every('2011-03-01T00:00:00Z', '2012-03-01T00:00:00Z', 3_600_000)) {
        if (reference(ms, zone).offsetMs === reference(ms + 3_600_000, zone).offsetMs) continue;
        // The first second of the new offset, by halving the hour.
        let [lo, hi] = [ms, ms + 3_600_000];
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (reference(mid, zone).offsetMs === reference(lo, zone).offsetMs) lo = mid;
          else hi = mid;
        }
        const midnight = Math.floor(hi / 86_400_000) * 86_400_000;
        near.push(hi - 1000, hi - 1, hi, hi + 999, hi + 1000, midnight - 1, midnight, midnight + 86_400_000 - 1, midnight + 86_400_000);
      }
      expect(near.length > 0, zone).toBe(!['UTC', 'Asia/Shanghai', 'Asia/Kathmandu'].includes(zone));
      expect(disagreements(zone, near)).toEqual([]);
    }
  });

  it('agrees at any instant from 1900 to 2100, asked in any order (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: utc('1900-01-01T00:00:00Z'), max: utc('2100-01-01T00:00:00Z') }), (zone, ms) => {
        expect(disagreements(zone, [ms])).toEqual([]);
      }),
      { numRuns: 3_000 },
    );
  });
});
