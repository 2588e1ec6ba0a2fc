import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan, yuanOf } from './money.js';

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [10, '0.10'],
    [100, '1.00'],
    [123456, '1,234.56'],
    [99999, '999.99'],
    [100000, '1,000.00'],
    [123456789012, '1,234,567,890.12'],
    [-5, '-0.05'],
    [-123456, '-1,234.56'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%d fen reads %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('refuses an amount that is not a whole number of fen', () => {
    expect(() => formatYuan(1.5)).toThrow(RangeError);
    expect(() => formatYuan(Number.NaN)).toThrow(RangeError);
    expect(() => formatYuan(2 ** 53)).toThrow(RangeError);
  });

  it('gives back the fen it was given when the separators are taken out', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const text = formatYuan(fen);
        expect(text).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(BigInt(text.replaceAll(',', '').replace('.', ''))).toBe(BigInt(fen));
      }),
    );
  });
});

describe('yuanOf', () => {
  it('is the number a spreadsheet reads from the two-decimal text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), (fen) => {
        expect(yuanOf(fen)).toBe(Number(formatYuan(fen).replaceAll(',', '')));
      }),
    );
  });
});
