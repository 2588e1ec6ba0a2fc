import { z } from 'zod';
import { type LocalDate, dayNumber, localDayBounds, parseLocalDate } from '../domain/local-day.js';
import { msg } from '../i18n/message.js';

// The local days a query may name and the periods they make, shared by every report and list that
// takes from..to (break-points, items, overview, program reports, reconciliation).

/**
 * The days a query may name. Fixed rather than relative to today, so a saved link never turns
 * invalid; no postal record is older than the first, and the cost of a query is bounded by the
 * length of its period (MAX_PERIOD_DAYS), not by where the period lies. See
 * docs/decisions/0010-bounded-periods.md.
 */
export const EARLIEST_QUERY_DAY = '2000-01-01';
export const LATEST_QUERY_DAY = '2099-12-31';
/** Longest period one report covers: a leap year, so that a year over year comparison fits. */
export const MAX_PERIOD_DAYS = 366;

const FIRST_DAY = dayNumber(parseLocalDate(EARLIEST_QUERY_DAY)!);
const LAST_DAY = dayNumber(parseLocalDate(LATEST_QUERY_DAY)!);

/** A real calendar date written YYYY-MM-DD, e.g. 2026-11-21: a local day in the configured zone. */
export const ZLocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'schema.date')
  .superRefine((v, ctx) => {
    const date = parseLocalDate(v);
    if (!date) ctx.addIssue({ code: 'custom', message: 'schema.notCalendarDate' });
    else if (!isQueryDay(date)) ctx.addIssue({ code: 'custom', message: 'schema.dayInRange', params: { first: EARLIEST_QUERY_DAY, last: LATEST_QUERY_DAY } });
  });

/** Whether a date lies within the days a query may name (as numbers, never as text). */
export function isQueryDay(date: LocalDate): boolean {
  const n = dayNumber(date);
  return n >= FIRST_DAY && n <= LAST_DAY;
}

/** Days from..to, both included, for dates that passed ZLocalDate: 0 or less when to is before from. */
export function periodLength(from: string, to: string): number {
  return dayNumber(localDate(to)) - dayNumber(localDate(from)) + 1;
}

/** Whole local days `from`..`to`, both included, as the half-open instants [startMs, endMs). */
export interface Period {
  startMs: number;
  endMs: number;
}

/** For dates that passed ZLocalDate. */
export function localPeriod(from: string, to: string, timeZone: string): Period {
  return { startMs: localDayBounds(localDate(from), timeZone).startMs, endMs: localDayBounds(localDate(to), timeZone).endMs };
}

function localDate(text: string): LocalDate {
  const date = parseLocalDate(text);
  if (!date) throw new Error(`not a local date: ${text}`);
  return date;
}

/** What is wrong with a report period longer than MAX_PERIOD_DAYS (the error names `from`). */
export const periodTooLongMessage = (days: number) => msg('period.tooLong', { days, max: MAX_PERIOD_DAYS });

/**
 * `to` not before `from` (compared as day numbers); with `maxDays`, a period at most that long.
 * Runs in the schema, so an over-long period is refused before any day of it is computed.
 */
export function checkPeriod(maxDays?: number) {
  return (q: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) => {
    if (q.from === undefined || q.to === undefined) return;
    // Fields that failed their own check arrive here too when the object's other fields passed.
    if (!parseLocalDate(q.from) || !parseLocalDate(q.to)) return;
    const days = periodLength(q.from, q.to);
    if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'period.notBeforeFrom', params: { from: q.from } });
    else if (maxDays !== undefined && days > maxDays) ctx.addIssue({ code: 'custom', path: ['from'], message: 'period.tooLong', params: { days, max: maxDays } });
  };
}
