import { describe, expect, it } from 'vitest';
import { kindsOf, readSearchQuery } from './search-query.js';

const kinds = (q: string) => {
  const read = readSearchQuery(q);
  if (!read.ok) throw new Error(String(read.message));
  return kindsOf(read.terms);
};

describe('readSearchQuery', () => {
  it('reads a tracking number with a valid check digit, however it is typed', () => {
    expect(readSearchQuery(' ea 1234 5678 5cn ')).toEqual({ ok: true, terms: { trackingNo: 'EA123456785CN', externalRef: 'ea 1234 5678 5cn' } });
    expect(kinds('EA123456784CN')).toEqual(['documentNo', 'externalRef']);
  });

  it('reads a mobile number (with +86, spaces or dashes) as a phone, a document number and a reference', () => {
    expect(readSearchQuery('+86 139-1234-5678')).toMatchObject({ ok: true, terms: { phone: '13912345678' } });
    expect(kinds('13912345678')).toEqual(['phone', 'documentNo', 'externalRef']);
    expect(kinds('12912345678')).toEqual(['documentNo', 'externalRef']);
  });

  it('reads 18 characters of ID shape as a resident ID number, with a lower-case x made capital', () => {
    expect(readSearchQuery('11010519491231002x')).toMatchObject({ ok: true, terms: { idNumber: '11010519491231002X' } });
  });

  it('reads letters without digits as a name, middle dots and spaces kept', () => {
    expect(kinds('张三')).toEqual(['name', 'documentNo', 'externalRef']);
    expect(readSearchQuery('阿卜杜·热合曼')).toMatchObject({ ok: true, terms: { name: '阿卜杜·热合曼' } });
    expect(readSearchQuery('John  Smith')).toMatchObject({ ok: true, terms: { name: 'John Smith' } });
    expect(kinds('张三1')).toEqual(['documentNo', 'externalRef']);
  });

  it('refuses empty, short, long and broken text, saying what it accepts', () => {
    for (const q of ['', '  ', 'A', 'x'.repeat(65), 'a\u0000b']) {
      const read = readSearchQuery(q);
      expect(read.ok, q).toBe(false);
    }
    const empty = readSearchQuery(' ');
    expect(empty.ok === false && String(empty.message)).toMatch(/^q is empty: search by a tracking number/);
  });
});
