import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPersonalDataCipher, parseDataKey } from './personal-data.js';
import { maskPhone, parseMobileNumber } from './phone.js';

describe('personal data cipher', () => {
  const cipher = createPersonalDataCipher(randomBytes(32));

  it('seals so that only the key opens, with a fresh IV each time', () => {
    const a = cipher.seal('11010519491231002X');
    const b = cipher.seal('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a).not.toContain('11010519491231002X');
    expect(cipher.open(a)).toBe('11010519491231002X');
    expect(() => createPersonalDataCipher(randomBytes(32)).open(a)).toThrow();
  });

  it('detects tampering', () => {
    const sealed = cipher.seal('13812341234');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
  });

  it('hashes deterministically per key and per kind', () => {
    expect(cipher.lookupHash('id', 'x')).toBe(cipher.lookupHash('id', 'x'));
    expect(cipher.lookupHash('id', 'x')).not.toBe(cipher.lookupHash('phone', 'x'));
    expect(createPersonalDataCipher(randomBytes(32)).lookupHash('id', 'x')).not.toBe(cipher.lookupHash('id', 'x'));
  });

  it('parses hex and base64 keys and refuses other lengths', () => {
    const key = randomBytes(32);
    expect(parseDataKey(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseDataKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseDataKey(key.toString('base64url'))?.equals(key)).toBe(true);
    expect(parseDataKey('abcd')).toBeUndefined();
  });
});

describe('mainland mobile numbers', () => {
  it('accepts 11 digits starting 13–19, with +86 and separators dropped', () => {
    expect(parseMobileNumber('138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(parseMobileNumber('+86-13812345678')).toEqual({ ok: true, value: '13812345678' });
    expect(parseMobileNumber('12812345678').ok).toBe(false);
    expect(parseMobileNumber('1381234567').ok).toBe(false);
    expect(parseMobileNumber('010-12345678').ok).toBe(false);
  });
  it('masks the middle four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('***');
  });
});

describe('sealing IVs', () => {
  it('never repeats an IV across many seals (the pool is refilled, not reused)', () => {
    const cipher = createPersonalDataCipher(randomBytes(32));
    const ivs = new Set<string>();
    for (let i = 0; i < 10_000; i++) ivs.add(cipher.seal('x').split('.')[2]!);
    expect(ivs.size).toBe(10_000);
  });
});
