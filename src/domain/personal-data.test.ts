import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createPersonalDataCipher, dataKeyId, parseDataKey, tokenKeyOf } from './personal-data.js';
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

describe('a key ring', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const before = createPersonalDataCipher(oldKey);
  const rotating = createPersonalDataCipher({ current: newKey, previous: oldKey });

  it('seals under the current key, naming it, and opens values under either key', () => {
    const sealed = rotating.seal('13812341234');
    expect(sealed.startsWith(`v2.${dataKeyId(newKey)}.`)).toBe(true);
    expect(rotating.currentKeyId).toBe(dataKeyId(newKey));
    expect(rotating.open(before.seal('13812341234'))).toBe('13812341234');
    expect(createPersonalDataCipher(newKey).open(sealed)).toBe('13812341234');
    expect(() => before.open(sealed)).toThrow(/not in the key ring/);
  });

  it('opens v1 values, sealed before values named their key', () => {
    const sealKey = Buffer.from(hkdfSync('sha256', oldKey, Buffer.alloc(0), 'songda seal v1', 32));
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', sealKey, iv);
    const body = Buffer.concat([c.update('11010519491231002X', 'utf8'), c.final()]);
    const v1 = `v1.${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    expect(before.open(v1)).toBe('11010519491231002X');
    expect(rotating.open(v1)).toBe('11010519491231002X');
    expect(() => createPersonalDataCipher(newKey).open(v1)).toThrow();
  });

  it('hashes under the current key and looks up under both; hashes of the first key are unchanged', () => {
    expect(rotating.lookupHashes('id', 'x')).toEqual([createPersonalDataCipher(newKey).lookupHash('id', 'x'), before.lookupHash('id', 'x')]);
    expect(rotating.lookupHash('id', 'x')).toBe(createPersonalDataCipher(newKey).lookupHash('id', 'x'));
    const hashKey = Buffer.from(hkdfSync('sha256', oldKey, Buffer.alloc(0), 'songda lookup-hash v1', 32));
    expect(before.lookupHash('phone', '13812341234')).toBe(createHmac('sha256', hashKey).update('phone:13812341234').digest('base64url'));
  });

  it('verifies signatures of the current, the previous and a retired token key, and no other', () => {
    const signedBefore = before.sign('payload');
    expect(rotating.verify('payload', signedBefore)).toBe(true);
    expect(rotating.verify('payload', rotating.sign('payload'))).toBe(true);
    const retired = createPersonalDataCipher({ current: newKey, retiredTokenKeys: [{ keyId: dataKeyId(oldKey), tokenKey: tokenKeyOf(oldKey), until: 0 }] });
    expect(retired.verify('payload', signedBefore)).toBe(true);
    expect(() => retired.open(before.seal('x'))).toThrow();
    expect(createPersonalDataCipher(newKey).verify('payload', signedBefore)).toBe(false);
    expect(rotating.verify('other', signedBefore)).toBe(false);
  });
});
