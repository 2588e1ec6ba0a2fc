import { describe, expect, it } from 'vitest';
import { addDays, formatLocalDate, parseLocalDate } from './local-day.js';
import { addWeeks, formatIsoWeek, isoWeekOf, isoWeekday, parseIsoWeek, weekDays, weeksInYear } from './iso-week.js';

const day = (text: string) => parseLocalDate(text)!;
const days = (week: string) => weekDays(parseIsoWeek(week)!).map(formatLocalDate);

describe('ISO weeks', () => {
  it('puts 2026-W48 on Monday 23 to Sunday 29 November', () => {
    expect(days('2026-W48')).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(isoWeekday(day('2026-11-23'))).toBe(1);
    expect(isoWeekday(day('2026-11-29'))).toBe(7);
  });

  it('knows the years of 53 weeks and refuses week 53 in the others', () => {
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(weeksInYear(2020)).toBe(53);
    expect(days('2026-W53')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(parseIsoWeek('2025-W53')).toBeUndefined();
    expect(parseIsoWeek('2026-W00')).toBeUndefined();
    expect(parseIsoWeek('2026-48')).toBeUndefined();
    expect(parseIsoWeek('2026-W5')).toBeUndefined();
  });

  it('gives early January to the year before and late December to the next when the Thursday says so', () => {
    expect(formatIsoWeek(isoWeekOf(day('2027-01-03')))).toBe('2026-W53');
    expect(formatIsoWeek(isoWeekOf(day('2027-01-04')))).toBe('2027-W01');
    expect(formatIsoWeek(isoWeekOf(day('2024-12-30')))).toBe('2025-W01');
    expect(formatIsoWeek(isoWeekOf(day('2021-01-03')))).toBe('2020-W53');
  });

  it('steps back across a year of 53 weeks', () => {
    expect(formatIsoWeek(addWeeks(parseIsoWeek('2027-W01')!, -1))).toBe('2026-W53');
    expect(formatIsoWeek(addWeeks(parseIsoWeek('2026-W01')!, -1))).toBe('2025-W52');
    expect(formatIsoWeek(addWeeks(parseIsoWeek('2026-W48')!, 1))).toBe('2026-W49');
  });

  it('agrees with itself on every day of forty years', () => {
    let date = day('2000-01-03'); // a Monday, 2000-W01
    for (let i = 0; i < 7 * 52 * 40; i++, date = addDays(date, 1)) {
      const w = isoWeekOf(date);
      expect(formatLocalDate(weekDays(w)[isoWeekday(date) - 1]!)).toBe(formatLocalDate(date));
      expect(formatIsoWeek(parseIsoWeek(formatIsoWeek(w))!)).toBe(formatIsoWeek(w));
    }
  });
});
