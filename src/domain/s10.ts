// UPU S10 tracking numbers: 2-letter service indicator, 8-digit serial, check digit, 2-letter country.
import { type Message, msg } from '../i18n/message.js';

export interface S10Number {
  serviceIndicator: string;
  serial: number;
  checkDigit: number;
  country: string;
}

export type S10ParseResult =
  | { ok: true; value: S10Number }
  | { ok: false; reason: 'format' | 'check_digit'; message: Message };

export interface S10Range {
  serviceIndicator: string;
  first: number;
  last: number;
}

const S10_LENGTH = 13;
const SERIAL_START = 2;
const CHECK_DIGIT_INDEX = 10;
const MAX_SERIAL = 99_999_999;
const CODE_0 = 48;
const CODE_9 = 57;
const CODE_A = 65;
const CODE_Z = 90;


/** Check digit of an 8-digit serial. Throws RangeError unless `serial` is exactly 8 digits. */
export function s10CheckDigit(serial: string): number {
  if (serial.length !== 8 || !areDigits(serial, 0, 8)) {
    throw new RangeError(`S10 serial must be 8 digits, got "${serial}"`);
  }
  return checkDigitOfSerialAt(serial, 0);
}

/** True when `s` is a well-formed S10 number with the right check digit. Allocation-free: it is on the scan-ingest hot path. */
export function isValidS10(s: string): boolean {
  return (
    s.length === S10_LENGTH &&
    areCapitalLetters(s, 0, 2) &&
    areDigits(s, SERIAL_START, CHECK_DIGIT_INDEX + 1) &&
    areCapitalLetters(s, 11, 13) &&
    s.charCodeAt(CHECK_DIGIT_INDEX) - CODE_0 === checkDigitOfSerialAt(s, SERIAL_START)
  );
}

export function parseS10(s: string): S10ParseResult {
  if (
    s.length !== S10_LENGTH ||
    !areCapitalLetters(s, 0, 2) ||
    !areDigits(s, SERIAL_START, CHECK_DIGIT_INDEX + 1) ||
    !areCapitalLetters(s, 11, 13)
  ) {
    return { ok: false, reason: 'format', message: msg('s10.format') };
  }
  const expected = checkDigitOfSerialAt(s, SERIAL_START);
  const checkDigit = s.charCodeAt(CHECK_DIGIT_INDEX) - CODE_0;
  if (checkDigit !== expected) {
    return { ok: false, reason: 'check_digit', message: msg('s10.checkDigit', { trackingNo: s, expected }) };
  }
  return {
    ok: true,
    value: {
      serviceIndicator: s.slice(0, 2),
      serial: Number(s.slice(SERIAL_START, CHECK_DIGIT_INDEX)),
      checkDigit,
      country: s.slice(11),
    },
  };
}

/** Builds a tracking number from its parts. Throws RangeError on a bad indicator, serial or country. */
export function formatS10(serviceIndicator: string, serial: number, country = 'CN'): string {
  if (!isTwoCapitalLetters(serviceIndicator)) {
    throw new RangeError(`S10 service indicator must be 2 capital letters, got "${serviceIndicator}"`);
  }
  if (!Number.isInteger(serial) || serial < 0 || serial > MAX_SERIAL) {
    throw new RangeError(`S10 serial must be an integer from 0 to ${MAX_SERIAL}, got ${serial}`);
  }
  if (!isTwoCapitalLetters(country)) {
    throw new RangeError(`S10 country must be 2 capital letters, got "${country}"`);
  }
  const paddedSerial = String(serial).padStart(8, '0');
  return `${serviceIndicator}${paddedSerial}${checkDigitOfSerialAt(paddedSerial, 0)}${country}`;
}

/**
 * Parses a range configuration such as `EA:10000000-49999999,EB:00000001-99999999`.
 * An empty (or blank) spec means no ranges. Throws Error naming the offending part.
 */
export function parseS10Ranges(spec: string): S10Range[] {
  if (spec.trim() === '') return [];
  const ranges = spec.split(',').map((part) => parseS10Range(part.trim()));
  assertNoOverlaps(ranges);
  return ranges;
}

function parseS10Range(part: string): S10Range {
  const match = /^([^:]*):([^-]*)-(.*)$/.exec(part);
  if (!match) {
    throw new Error(`S10 range "${part}" must look like EA:10000000-49999999`);
  }
  const [, serviceIndicator = '', firstText = '', lastText = ''] = match;
  if (!isTwoCapitalLetters(serviceIndicator)) {
    throw new Error(`service indicator "${serviceIndicator}" in S10 range "${part}" must be 2 capital letters`);
  }
  const first = parseEightDigitBound(firstText, part);
  const last = parseEightDigitBound(lastText, part);
  if (first > last) {
    throw new Error(`S10 range "${part}" starts after it ends (${firstText} > ${lastText})`);
  }
  return { serviceIndicator, first, last };
}

function parseEightDigitBound(text: string, part: string): number {
  if (text.length !== 8 || !areDigits(text, 0, 8)) {
    throw new Error(`bound "${text}" in S10 range "${part}" must be 8 digits`);
  }
  return Number(text);
}

function assertNoOverlaps(ranges: readonly S10Range[]): void {
  const rangesByIndicator = new Map<string, S10Range[]>();
  for (const range of ranges) {
    const group = rangesByIndicator.get(range.serviceIndicator) ?? [];
    group.push(range);
    rangesByIndicator.set(range.serviceIndicator, group);
  }
  for (const group of rangesByIndicator.values()) {
    const byFirst = [...group].sort((a, b) => a.first - b.first);
    for (let i = 1; i < byFirst.length; i++) {
      const previous = byFirst[i - 1]!;
      const current = byFirst[i]!;
      if (current.first <= previous.last) {
        throw new Error(`S10 ranges ${describeRange(previous)} and ${describeRange(current)} overlap`);
      }
    }
  }
}

function describeRange(range: S10Range): string {
  const pad = (n: number) => String(n).padStart(8, '0');
  return `"${range.serviceIndicator}:${pad(range.first)}-${pad(range.last)}"`;
}

/** The caller guarantees s[start..start+8) are digits. */
function checkDigitOfSerialAt(s: string, start: number): number {
  const weightedSum =
    8 * digitAt(s, start) +
    6 * digitAt(s, start + 1) +
    4 * digitAt(s, start + 2) +
    2 * digitAt(s, start + 3) +
    3 * digitAt(s, start + 4) +
    5 * digitAt(s, start + 5) +
    9 * digitAt(s, start + 6) +
    7 * digitAt(s, start + 7);
  const check = 11 - (weightedSum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

function digitAt(s: string, index: number): number {
  return s.charCodeAt(index) - CODE_0;
}

function areDigits(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) return false;
  }
  return true;
}

function areCapitalLetters(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    if (code < CODE_A || code > CODE_Z) return false;
  }
  return true;
}

function isTwoCapitalLetters(s: string): boolean {
  return s.length === 2 && areCapitalLetters(s, 0, 2);
}
