/**
 * ISO 8601 weeks (`2026-W48`): Monday to Sunday, week 1 being the week with the year's first Thursday.
 * A week is a run of seven local dates; which instants they cover depends on the time zone, and is
 * left to `localDayBounds`. Pure: no clock is read.
 */
import { addDays, dayNumber, type LocalDate } from './local-day.js';

export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** 1 for Monday … 7 for Sunday. */
export function isoWeekday(date: LocalDate): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of week 1 of an ISO year: the Monday on or before 4 January. */
function firstMonday(year: number): LocalDate {
  const jan4 = { year, month: 1, day: 4 };
  return addDays(jan4, 1 - isoWeekday(jan4));
}

/** 52 or 53. */
export function weeksInYear(year: number): number {
  return (dayNumber(firstMonday(year + 1)) - dayNumber(firstMonday(year))) / 7;
}

/** `YYYY-Www` as a week that exists (week 53 only in the years that have it), or undefined. */
export function parseIsoWeek(text: string): IsoWeek | undefined {
  const m = ISO_WEEK.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1000 || week < 1 || week > weeksInYear(year)) return undefined;
  return { year, week };
}

export function formatIsoWeek(w: IsoWeek): string {
  return `${String(w.year).padStart(4, '0')}-W${String(w.week).padStart(2, '0')}`;
}

/** The ISO week a date falls in (early January may belong to the year before, late December to the next). */
export function isoWeekOf(date: LocalDate): IsoWeek {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const week = Math.floor((dayNumber(thursday) - dayNumber(firstMonday(thursday.year))) / 7) + 1;
  return { year: thursday.year, week };
}

/** Monday to Sunday of the week. */
export function weekDays(w: IsoWeek): LocalDate[] {
  const monday = addDays(firstMonday(w.year), (w.week - 1) * 7);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** The week `weeks` weeks after (before, if negative) `w`. */
export function addWeeks(w: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOf(addDays(weekDays(w)[0]!, weeks * 7));
}
