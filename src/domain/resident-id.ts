// GB 11643 citizen identity numbers (公民身份号码): 6-digit division code, 8-digit birth date,
// 3-digit sequence, check character.
//
// Resident IDs are personal data, so no message here ever repeats the number or its parts.
import { type Message, msg } from '../i18n/message.js';

export interface ResidentId {
  /** 18 characters, with a check character `x` normalised to `X`. */
  id: string;
  divisionCode: string;
  /** `YYYY-MM-DD` */
  birthDate: string;
  sequence: string;
  checkChar: string;
}

export type ResidentIdRejection = 'format' | 'division_code' | 'birth_date' | 'check_digit';

export type ResidentIdParseResult =
  | { ok: true; value: ResidentId }
  | { ok: false; reason: ResidentIdRejection; message: Message };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const RESIDENT_ID_SHAPE = /^\d{17}[\dXx]$/;
// Division codes start at province 11; 81–83 and 9x appear on residence permits and foreigners' cards.
const LOWEST_PROVINCE_CODE = 11;
// Nobody alive was born earlier; the upper bound needs `now`, so callers who care check it.
const EARLIEST_BIRTH_YEAR = 1900;

/** Check character (`0`–`9` or `X`) for the first 17 digits. Throws RangeError unless given exactly 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('the first part of a resident ID must be exactly 17 digits');
  }
  let weightedSum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) weightedSum += WEIGHTS[i]! * (first17.charCodeAt(i) - 48);
  return CHECK_CHARS.charAt(weightedSum % 11);
}

export function parseResidentId(s: string): ResidentIdParseResult {
  if (!RESIDENT_ID_SHAPE.test(s)) {
    return reject('format', msg('residentId.format'));
  }
  const id = s.toUpperCase();
  const divisionCode = id.slice(0, 6);
  if (Number(divisionCode.slice(0, 2)) < LOWEST_PROVINCE_CODE) {
    return reject('division_code', msg('residentId.division'));
  }
  const birthDate = toIsoDate(id.slice(6, 14));
  if (birthDate === undefined) {
    return reject('birth_date', msg('residentId.birthDate'));
  }
  const expectedCheckChar = residentIdCheckChar(id.slice(0, 17));
  const checkChar = id.charAt(17);
  if (checkChar !== expectedCheckChar) {
    return reject('check_digit', msg('residentId.checkChar', { expected: expectedCheckChar, given: checkChar }));
  }
  return { ok: true, value: { id, divisionCode, birthDate, sequence: id.slice(14, 17), checkChar } };
}

export function isValidResidentId(s: string): boolean {
  return parseResidentId(s).ok;
}

/**
 * `110105********002X`: division code and last 4 kept, birth date hidden. Anything that is not
 * 18 characters is starred out entirely rather than risk showing an unexpected part of it.
 */
export function maskResidentId(id: string): string {
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(14).toUpperCase()}`;
}

function toIsoDate(yyyymmdd: string): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < EARLIEST_BIRTH_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  // Gregorian leap years; computed rather than asked of Date, which a list import would do per row.
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function reject(reason: ResidentIdRejection, message: Message): ResidentIdParseResult {
  return { ok: false, reason, message };
}
