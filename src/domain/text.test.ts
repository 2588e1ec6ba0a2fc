import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkText, countCharacters, findForbiddenCharacter, foldCellLayout } from './text.js';
import { render } from '../i18n/message.js';

describe('checkText', () => {
  it.each([
    ['王建国', '王建国'],
    ['欧阳娜娜', '欧阳娜娜'],
    ['阿卜杜·热合曼', '阿卜杜·热合曼'],
    ['迪丽热巴・迪力木拉提', '迪丽热巴・迪力木拉提'],
    ['𠀀𪚥', '𠀀𪚥'],
    ['湖北省宜昌市夷陵区　小溪塔街道１号', '湖北省宜昌市夷陵区　小溪塔街道１号'],
    ['　张三　', '张三'],
    ['  Zhang San ', 'Zhang San'],
    ['José', 'José'],
  ])('keeps %j as %j', (text, stored) => {
    expect(checkText(text)).toEqual({ ok: true, value: stored });
  });

  it('stores a decomposed accent in NFC', () => {
    const decomposed = 'Jose\u0301';
    expect(checkText(decomposed)).toEqual({ ok: true, value: 'Jos\u00e9' });
  });

  it.each([
    ['张\u0000三', 2, 'control character U+0000'],
    ['张三\u0007', 3, 'control character U+0007'],
    ['张\n三', 2, 'control character U+000A'],
    ['张\t三', 2, 'control character U+0009'],
    ['张\u0085三', 2, 'control character U+0085'],
    ['张\u2028三', 2, 'line separator U+2028'],
    ['张\u202e三', 2, 'U+202E, an invisible control that changes the order'],
    ['张\u2066三\u2069', 2, 'U+2066'],
    ['张\u200f三', 2, 'U+200F'],
    ['张\u200b三', 2, 'U+200B, an invisible formatting character'],
    ['张\u200d三', 2, 'U+200D'],
    ['张\u00ad三', 2, 'U+00AD'],
    ['张\ufeff三', 2, 'U+FEFF'],
    ['张\u{e0041}三', 2, 'U+E0041'],
    ['张\ufffd三', 2, 'U+FFFD (the replacement character)'],
    ['张\uffff三', 2, 'U+FFFF, which is not a character'],
    ['张\ud800三', 2, 'lone UTF-16 surrogate (\\uD800)'],
    ['\udc00', 1, 'lone UTF-16 surrogate (\\uDC00)'],
    ['𠀀\ud83d', 2, 'lone UTF-16 surrogate (\\uD83D)'],
  ])('refuses %j, naming character %i', (text, position, what) => {
    const checked = checkText(text);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && String(checked.message)).toContain(`character ${position} is `);
    expect(!checked.ok && String(checked.message)).toContain(what);
    // Chinese readers read the position and the character's code in a Chinese sentence.
    expect(!checked.ok && render('zh-CN', checked.message)).toMatch(new RegExp(`^第 ${position} 个字符：.*[\u4e00-\u9fff]`));
  });

  const forbidden = fc.oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.constantFrom(0xfffd, 0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x2060, 0xfeff, 0xfffe),
    fc.integer({ min: 0x202a, max: 0x202e }),
    fc.integer({ min: 0x2066, max: 0x2069 }),
  );
  // Text with none of the characters refused; code units that would pair with the inserted one are avoided by construction.
  const acceptable = fc.string({ unit: fc.constantFrom('张', '三', '·', '　', ' ', 'a', 'é', 'e\u0301', '𠀀', '号', '1') });

  it('refuses any refused character wherever it stands, and names its position', () => {
    fc.assert(
      fc.property(acceptable, forbidden, acceptable, (before, cp, after) => {
        const checked = checkText(before + String.fromCharCode(cp) + after);
        expect(checked.ok).toBe(false);
        expect(!checked.ok && String(checked.message)).toContain(`character ${countCharacters(before) + 1} is `);
      }),
    );
  });

  it('stores only NFC text without refused characters or surrounding spaces, and stores it again unchanged', () => {
    const anyUnit = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) }));
    fc.assert(
      fc.property(anyUnit, (text) => {
        const checked = checkText(text);
        if (!checked.ok) return;
        expect(findForbiddenCharacter(checked.value)).toBeNull();
        expect(checked.value).toBe(checked.value.normalize('NFC'));
        expect(checked.value).toBe(checked.value.trim());
        expect(checkText(checked.value)).toEqual(checked);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findForbiddenCharacter', () => {
  it('refuses exactly the controls, format characters, surrogates, non-characters, line separators and U+FFFD, over every code point', () => {
    const refused = /^[\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\uFFFD]$/u;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const char = String.fromCodePoint(cp);
      if ((findForbiddenCharacter(`张${char}三`) !== null) !== refused.test(char)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('keeps private-use characters, with which older systems write rare characters of names', () => {
    expect(findForbiddenCharacter('王\ue000明')).toBeNull();
  });
});

describe('foldCellLayout', () => {
  it('turns the line breaks and tabs of a spreadsheet cell into spaces', () => {
    expect(foldCellLayout('湖北省宜昌市\r\n夷陵区\n小溪塔\r街道\t1号')).toBe('湖北省宜昌市 夷陵区 小溪塔 街道 1号');
  });

  it('leaves other control characters for the check to refuse', () => {
    expect(foldCellLayout('张\u0000三')).toBe('张\u0000三');
  });
});

describe('countCharacters', () => {
  it('counts a character outside the BMP once', () => {
    expect(countCharacters('𠀀张')).toBe(2);
    expect('𠀀张'.length).toBe(3);
  });
});
