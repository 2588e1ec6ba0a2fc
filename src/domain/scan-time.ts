import { offsetMinutesAt } from './local-day.js';
import { type Message, msg } from '../i18n/message.js';

/**
 * ISO 8601 instants as scanners write them. An offset (Z or ±HH:MM) is required: a local time alone
 * cannot be placed on the timeline.
 */
export type ParsedInstant = { ok: true; ms: number; offsetMin: number } | { ok: false; message: Message };

/** 2000-01-01T00:00Z: no postal record is older, so an earlier instant is a mistyped one. */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);

const ISO_WITH_OPTIONAL_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseInstant(value: string): ParsedInstant {
  return parseCanonicalInstant(value) ?? parseAnyInstant(value);
}

/**
 * The form scanners send almost always (`2026-11-21T09:30:00+08:00`, optional milliseconds, or Z),
 * read digit by digit: this runs once per scan on the ingest hot path. Anything else → undefined,
 * and the general parser decides.
 */
function parseCanonicalInstant(v: string): ParsedInstant | undefined {
  const len = v.length;
  if (len < 20 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45 || v.charCodeAt(10) !== 84 || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) {
    return undefined;
  }
  const year = digits(v, 0, 4);
  const month = digits(v, 5, 2);
  const day = digits(v, 8, 2);
  const hour = digits(v, 11, 2);
  const minute = digits(v, 14, 2);
  const second = digits(v, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  if (day > daysInMonth(year, month)) return undefined;
  let i = 19;
  let millis = 0;
  if (v.charCodeAt(i) === 46) {
    if (len < 24) return undefined;
    millis = digits(v, 20, 3);
    if (millis < 0) return undefined;
    i = 23;
  }
  let offsetMin: number;
  const sign = v.charCodeAt(i);
  if (sign === 90 && i + 1 === len) offsetMin = 0;
  else if ((sign === 43 || sign === 45) && i + 6 === len && v.charCodeAt(i + 3) === 58) {
    const oh = digits(v, i + 1, 2);
    const om = digits(v, i + 4, 2);
    if (oh < 0 || oh > 18 || om < 0 || om > 59) return undefined;
    offsetMin = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  } else return undefined;
  return { ok: true, ms: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMin * 60_000, offsetMin };
}

/** The number written by `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(v: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function parseAnyInstant(value: string): ParsedInstant {
  const m = ISO_WITH_OPTIONAL_OFFSET.exec(value);
  if (!m) return { ok: false, message: msg('instant.notIso', { value }) };
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  if (offset === undefined) {
    return { ok: false, message: msg('instant.noOffset', { value }) };
  }
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: msg('instant.notReal', { value }) };
  }
  const offsetMin = parseOffset(offset);
  if (offsetMin === undefined || Math.abs(offsetMin) > 18 * 60) {
    return { ok: false, message: msg('instant.badOffset', { value }) };
  }
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMin * 60_000;
  return { ok: true, ms, offsetMin };
}

function parseOffset(offset: string): number | undefined {
  if (offset === 'Z' || offset === 'z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  if (digits.length !== 2 && digits.length !== 4) return undefined;
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length === 4 ? Number(digits.slice(2)) : 0;
  if (minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS_IN_MONTH[month - 1] ?? 0;
}

/** The instant written back with the offset it was scanned in: 2026-11-21T09:30:00.000+08:00. */
export function formatInstant(ms: number, offsetMin: number): string {
  const local = isoDateTime(ms + offsetMin * 60_000);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** The instant in UTC as `Date.prototype.toISOString` writes it: 2026-11-21T01:30:00.000Z. */
export function formatUtc(ms: number): string {
  return `${isoDateTime(ms)}Z`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

const DAY_MS = 86_400_000;
/** Years 0000–9999 as toISOString writes them with four digits; outside, it is asked itself. */
const FIRST_FOUR_DIGIT_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_FOUR_DIGIT_MS = Date.parse('9999-12-31T23:59:59.999Z');

// The last day written: an item's events, a page's rows, mostly fall on a few days.
let lastDay = Number.NaN;
let lastDate = '';

/**
 * `YYYY-MM-DDTHH:mm:ss.sss` of an instant, as toISOString writes it without the Z, by arithmetic: it runs
 * twice per event of every timeline, where building a Date and its string cost three times as much.
 */
function isoDateTime(ms: number): string {
  if (!(ms >= FIRST_FOUR_DIGIT_MS && ms <= LAST_FOUR_DIGIT_MS)) return new Date(ms).toISOString().slice(0, -1);
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDate = civilDate(day);
    lastDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${lastDate}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}`;
}

/** `YYYY-MM-DD` of a day counted from 1970-01-01, in the proleptic Gregorian calendar (days from civil, inverted). */
function civilDate(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(date)}`;
}

/** An instant as ISO 8601 with the zone's offset at that instant: 2026-11-20T09:00:00.000+08:00. */
export function formatZoned(ms: number, timeZone: string): string {
  return formatInstant(ms, offsetMinutesAt(ms, timeZone));
}
