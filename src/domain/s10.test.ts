import { render } from '../i18n/message.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatS10, isValidS10, parseS10, parseS10Ranges, s10CheckDigit } from './s10.js';

const capitalLetter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const twoCapitalLetters = fc.tuple(capitalLetter, capitalLetter).map(([a, b]) => a + b);
const serialNumber = fc.integer({ min: 0, max: 99_999_999 });
const validS10 = fc
  .tuple(twoCapitalLetters, serialNumber, twoCapitalLetters)
  .map(([indicator, serial, country]) => formatS10(indicator, serial, country));

/** Σ mod 11 of the weighted serial, to tell the two sums that both give check digit 5 apart. */
function weightedSumMod11(serial: string): number {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  return [...serial].reduce((sum, digit, i) => sum + weights[i]! * Number(digit), 0) % 11;
}

describe('s10CheckDigit', () => {
  it('matches the published UPU vector RB123456785GB', () => {
    expect(s10CheckDigit('12345678')).toBe(5);
  });

  it('maps c = 10 to 0', () => {
    expect(weightedSumMod11('12345614')).toBe(1);
    expect(s10CheckDigit('12345614')).toBe(0);
  });

  it('maps c = 11 to 5', () => {
    expect(weightedSumMod11('12345602')).toBe(0);
    expect(s10CheckDigit('12345602')).toBe(5);
    expect(s10CheckDigit('00000000')).toBe(5);
  });

  it('uses c itself from 1 to 9', () => {
    expect(s10CheckDigit('00000001')).toBe(4);
    expect(s10CheckDigit('00000002')).toBe(8);
    expect(s10CheckDigit('00000003')).toBe(1);
  });

  it.each(['1234567', '123456789', '1234567a', ''])('rejects serial %j', (serial) => {
    expect(() => s10CheckDigit(serial)).toThrow(RangeError);
  });
});

describe('isValidS10 and parseS10', () => {
  it('accepts the published vector and any country suffix', () => {
    expect(isValidS10('RB123456785GB')).toBe(true);
    expect(isValidS10('EA123456785CN')).toBe(true);
    expect(parseS10('RB123456785GB')).toEqual({
      ok: true,
      value: { serviceIndicator: 'RB', serial: 12345678, checkDigit: 5, country: 'GB' },
    });
  });

  it('keeps leading zeros of the serial as a number', () => {
    expect(parseS10('EA000000045CN')).toMatchObject({ ok: true, value: { serial: 4 } });
  });

  it.each([
    '',
    'RB12345678GB',
    'RB1234567855GB',
    'rb123456785GB',
    'RB123456785gb',
    'R1123456785GB',
    'RB12345678XGB',
    'RB1234A6785GB',
    ' RB123456785GB',
    'RB123456785G1',
  ])('rejects %j as format', (input) => {
    expect(isValidS10(input)).toBe(false);
    const result = parseS10(input);
    expect(result).toMatchObject({ ok: false, reason: 'format' });
    if (!result.ok) expect(String(result.message)).toContain('e.g. EA123456785CN');
  });

  it('rejects a wrong check digit and names the right one', () => {
    expect(isValidS10('EA123456780CN')).toBe(false);
    const result = parseS10('EA123456780CN');
    expect(result).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(!result.ok && [render('en', result.message), render('zh-CN', result.message)]).toEqual(['check digit of EA123456780CN should be 5', '邮件号 EA123456780CN 的校验码应为 5']);
  });

  it('cannot catch every single-digit error when the check digit is 5 (a weakness of S10 itself)', () => {
    // Σ ≡ 0 and Σ ≡ 6 (mod 11) both give 5, so these two numbers one digit apart are both valid.
    expect(isValidS10('RB123456785GB')).toBe(true);
    expect(isValidS10('RB323456785GB')).toBe(true);
  });
});

describe('formatS10', () => {
  it('pads the serial and appends the check digit', () => {
    expect(formatS10('RB', 12345678, 'GB')).toBe('RB123456785GB');
    expect(formatS10('EA', 4)).toBe('EA000000045CN');
    expect(formatS10('EA', 12345614)).toBe('EA123456140CN');
  });

  it.each([
    ['ea', 1, 'CN'],
    ['E', 1, 'CN'],
    ['EA', -1, 'CN'],
    ['EA', 100_000_000, 'CN'],
    ['EA', 1.5, 'CN'],
    ['EA', Number.NaN, 'CN'],
    ['EA', 1, 'cn'],
    ['EA', 1, 'CHN'],
  ])('throws RangeError for (%j, %j, %j)', (indicator, serial, country) => {
    expect(() => formatS10(indicator, serial, country)).toThrow(RangeError);
  });
});

describe('S10 properties', () => {
  it('formatS10 output always validates and parses back to its parts', () => {
    fc.assert(
      fc.property(twoCapitalLetters, serialNumber, twoCapitalLetters, (indicator, serial, country) => {
        const trackingNo = formatS10(indicator, serial, country);
        expect(isValidS10(trackingNo)).toBe(true);
        const parsed = parseS10(trackingNo);
        expect(parsed).toMatchObject({ ok: true, value: { serviceIndicator: indicator, serial, country } });
      }),
    );
  });

  it('changing the check digit always makes a number invalid', () => {
    fc.assert(
      fc.property(validS10, fc.integer({ min: 1, max: 9 }), (trackingNo, delta) => {
        const wrongDigit = (Number(trackingNo[10]) + delta) % 10;
        const changed = trackingNo.slice(0, 10) + wrongDigit + trackingNo.slice(11);
        expect(isValidS10(changed)).toBe(false);
        expect(parseS10(changed)).toMatchObject({ ok: false, reason: 'check_digit' });
      }),
    );
  });

  it('changing any serial digit makes a number invalid, except between the two sums that give 5', () => {
    fc.assert(
      fc.property(
        validS10,
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (trackingNo, position, delta) => {
          const newDigit = (Number(trackingNo[position]) + delta) % 10;
          const changed = trackingNo.slice(0, position) + newDigit + trackingNo.slice(position + 1);
          const sums = new Set([weightedSumMod11(trackingNo.slice(2, 10)), weightedSumMod11(changed.slice(2, 10))]);
          const isKnownWeakness = sums.has(0) && sums.has(6);
          expect(isValidS10(changed)).toBe(isKnownWeakness);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('isValidS10 agrees with parseS10 on arbitrary strings', () => {
    const nearS10 = fc.stringMatching(/^[A-Za-z0-9]{0,3}[0-9]{0,9}[A-Za-z0-9]{0,3}$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), nearS10, validS10), (input) => {
        expect(isValidS10(input)).toBe(parseS10(input).ok);
      }),
    );
  });
});

describe('parseS10Ranges', () => {
  it('parses the configured ranges in order', () => {
    expect(parseS10Ranges('EA:10000000-49999999,EB:00000001-99999999')).toEqual([
      { serviceIndicator: 'EA', first: 10_000_000, last: 49_999_999 },
      { serviceIndicator: 'EB', first: 1, last: 99_999_999 },
    ]);
  });

  it('tolerates spaces around entries and allows a one-serial range', () => {
    expect(parseS10Ranges(' EA:00000005-00000005 , EA:00000006-00000009 ')).toEqual([
      { serviceIndicator: 'EA', first: 5, last: 5 },
      { serviceIndicator: 'EA', first: 6, last: 9 },
    ]);
  });

  it('reads a blank spec as no ranges', () => {
    expect(parseS10Ranges('')).toEqual([]);
    expect(parseS10Ranges('  ')).toEqual([]);
  });

  it('allows the same serials under different indicators', () => {
    expect(parseS10Ranges('EA:00000001-00000010,EB:00000001-00000010')).toHaveLength(2);
  });

  it.each([
    ['EA10000000-49999999', /"EA10000000-49999999" must look like EA:10000000-49999999/],
    ['EA:10000000', /"EA:10000000" must look like/],
    ['EA:00000001-00000002,,EB:00000003-00000004', /"" must look like/],
    ['ea:10000000-49999999', /service indicator "ea"/],
    ['E1:10000000-49999999', /service indicator "E1"/],
    ['EAX:10000000-49999999', /service indicator "EAX"/],
    ['EA:1000000-49999999', /bound "1000000" in S10 range "EA:1000000-49999999" must be 8 digits/],
    ['EA:10000000-4999999A', /bound "4999999A"/],
    ['EA:10000000-100000000', /bound "100000000"/],
    ['EA:50000000-10000000', /"EA:50000000-10000000" starts after it ends/],
  ])('rejects %j', (spec, message) => {
    expect(() => parseS10Ranges(spec)).toThrow(message);
  });

  it('rejects overlapping ranges of one indicator and names both', () => {
    expect(() => parseS10Ranges('EA:10000000-49999999,EB:00000001-99999999,EA:40000000-59999999')).toThrow(
      'S10 ranges "EA:10000000-49999999" and "EA:40000000-59999999" overlap',
    );
    expect(() => parseS10Ranges('EA:00000001-00000010,EA:00000010-00000020')).toThrow(/overlap/);
  });

  it('finds an overlap hidden behind a wide earlier range', () => {
    expect(() => parseS10Ranges('EA:00000050-00000060,EA:00000001-00000100,EA:00000200-00000300')).toThrow(
      '"EA:00000001-00000100" and "EA:00000050-00000060" overlap',
    );
  });
});
