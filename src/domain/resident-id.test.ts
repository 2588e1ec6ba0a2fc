import { render } from '../i18n/message.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidResidentId, maskResidentId, parseResidentId, residentIdCheckChar } from './resident-id.js';

const PUBLISHED_VECTOR = '11010519491231002X';

function withCheckChar(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

const digits = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''));
const validResidentId = fc
  .tuple(fc.integer({ min: 110000, max: 999999 }), birthDate, digits(3))
  .map(([division, birth, sequence]) => withCheckChar(`${division}${birth}${sequence}`));

describe('residentIdCheckChar', () => {
  it('matches the published vector', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it.each([...'10X98765432'].map((checkChar, remainder) => [remainder, checkChar]))(
    'maps remainder %i to %s',
    (remainder, checkChar) => {
      // Position 8 weighs 1 and position 3 weighs 10, so these sums are exactly the remainder.
      const first17 = remainder < 10 ? `0000000${remainder}000000000` : '00100000000000000';
      expect(residentIdCheckChar(first17)).toBe(checkChar);
    },
  );

  it.each(['1101051949123100', '110105194912310021', '1101051949123100X', ''])('throws for %j', (input) => {
    expect(() => residentIdCheckChar(input)).toThrow(RangeError);
  });
});

describe('parseResidentId', () => {
  it('accepts the published vector and splits it', () => {
    expect(parseResidentId(PUBLISHED_VECTOR)).toEqual({
      ok: true,
      value: {
        id: PUBLISHED_VECTOR,
        divisionCode: '110105',
        birthDate: '1949-12-31',
        sequence: '002',
        checkChar: 'X',
      },
    });
  });

  it('normalises a lowercase x', () => {
    expect(parseResidentId('11010519491231002x')).toMatchObject({ ok: true, value: { id: PUBLISHED_VECTOR } });
  });

  it.each([
    '',
    '1101051949123100X',
    '11010519491231002XX',
    '1101051949123100XX',
    '11010519491231002Y',
    ' 11010519491231002X',
    '110105-19491231-002X',
    '１１010519491231002X',
  ])('rejects %j as format', (input) => {
    expect(parseResidentId(input)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('rejects a division code below province 11', () => {
    expect(parseResidentId(withCheckChar('01010519491231002'))).toMatchObject({ ok: false, reason: 'division_code' });
    expect(parseResidentId(withCheckChar('10010519491231002'))).toMatchObject({ ok: false, reason: 'division_code' });
  });

  it.each([
    ['19490229', 'not a leap year'],
    ['19480229', 'a leap year'],
    ['19001231', 'in range'],
    ['20000229', 'a leap year divisible by 400'],
    ['19000229', 'a century that is not a leap year'],
    ['19491301', 'month 13'],
    ['19490001', 'month 0'],
    ['19490100', 'day 0'],
    ['19490431', 'April 31'],
    ['18991231', 'before 1900'],
  ])('checks birth date %s (%s)', (date) => {
    const result = parseResidentId(withCheckChar(`110105${date}002`));
    const isRealDate = ['19001231', '20000229', '19480229'].includes(date);
    if (isRealDate) {
      expect(result).toMatchObject({ ok: true });
    } else {
      expect(result).toMatchObject({ ok: false, reason: 'birth_date' });
    }
  });

  it('rejects a wrong check character and names the right one', () => {
    const result = parseResidentId('110105194912310021');
    expect(result).toMatchObject({ ok: false, reason: 'check_digit' });
    expect(!result.ok && [render('en', result.message), render('zh-CN', result.message)]).toEqual(['resident ID check character should be X, not 1', '身份证号校验码应为 X，而不是 1']);
  });

  it('never repeats the number in a message', () => {
    for (const input of ['110105194912310021', '110105194913310021', '010105194912310021', '11010519491231002']) {
      const result = parseResidentId(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        for (const text of [render('en', result.message), render('zh-CN', result.message)]) {
          expect(text).not.toContain('110105');
          expect(text).not.toContain('1949');
        }
      }
    }
  });
});

describe('maskResidentId', () => {
  it('keeps the division code and the last 4 characters', () => {
    expect(maskResidentId(PUBLISHED_VECTOR)).toBe('110105********002X');
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
  });

  it('stars out anything that is not 18 characters', () => {
    expect(maskResidentId('1101051949')).toBe('**********');
    expect(maskResidentId('')).toBe('');
  });
});

describe('resident ID properties', () => {
  it('every generated ID parses, and its mask hides the birth date', () => {
    fc.assert(
      fc.property(validResidentId, (id) => {
        expect(isValidResidentId(id)).toBe(true);
        const masked = maskResidentId(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
        expect(masked.slice(0, 6) + masked.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
      }),
    );
  });

  it('changing any single character makes an ID invalid', () => {
    fc.assert(
      fc.property(validResidentId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, position, shift) => {
        const alphabet = position === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id.charAt(position));
        const replacement = alphabet.charAt((current + shift) % alphabet.length);
        fc.pre(replacement !== id.charAt(position));
        const changed = id.slice(0, position) + replacement + id.slice(position + 1);
        expect(isValidResidentId(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('a check-character mismatch is always reported as check_digit once the rest is sound', () => {
    fc.assert(
      fc.property(validResidentId, fc.integer({ min: 1, max: 10 }), (id, shift) => {
        const alphabet = '0123456789X';
        const wrong = alphabet.charAt((alphabet.indexOf(id.charAt(17)) + shift) % alphabet.length);
        expect(parseResidentId(id.slice(0, 17) + wrong)).toMatchObject({ ok: false, reason: 'check_digit' });
      }),
    );
  });
});
