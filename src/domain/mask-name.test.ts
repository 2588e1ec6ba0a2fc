import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskName } from './mask-name.js';

describe('maskName', () => {
  it.each([
    ['张三丰', '张*丰'],
    ['张三', '张*'],
    ['张', '张'],
    ['欧阳娜娜', '欧**娜'],
    ['司马相如', '司**如'],
    ['John Smith', 'J*** ****h'],
    ['Li', 'L*'],
    ['阿卜杜·热合曼', '阿**·**曼'],
    ['Mary-Jane Watson', 'M***-**** *****n'],
  ])('masks %s as %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('trims the name and collapses runs of white space', () => {
    expect(maskName('  张三丰 ')).toBe('张*丰');
    expect(maskName('John   Smith')).toBe('J*** ****h');
  });

  it('counts a character outside the BMP as one letter', () => {
    expect(maskName('𠀀𠀁𠀂')).toBe('𠀀*𠀂');
    expect(maskName('王𠀁')).toBe('王*');
  });

  it('leaves an empty name empty', () => {
    expect(maskName('')).toBe('');
    expect(maskName('   ')).toBe('');
  });

  it('never shows a letter between the first and the last of a name of three letters or more', () => {
    const letter = fc.constantFrom(...'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨abcdefghXYZ');
    fc.assert(
      fc.property(fc.array(letter, { minLength: 3, maxLength: 12 }), (letters) => {
        const masked = Array.from(maskName(letters.join('')));
        expect(masked).toHaveLength(letters.length);
        expect(masked[0]).toBe(letters[0]);
        expect(masked.at(-1)).toBe(letters.at(-1));
        expect(masked.slice(1, -1).every((c) => c === '*')).toBe(true);
      }),
    );
  });
});
