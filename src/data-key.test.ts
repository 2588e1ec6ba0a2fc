import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataKey, openDataKeyCipher, readKeyRingFile, writeKeyRingFile } from './data-key.js';
import { createPersonalDataCipher } from './domain/personal-data.js';

describe('loadDataKey', () => {
  it('creates a key file with mode 0600 on first use and reads the same key after', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'songda-key-')), 'nested', 'songda.key');
    const first = loadDataKey({ kind: 'file', path });
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.toString('hex'));
    expect(loadDataKey({ kind: 'file', path }).equals(first)).toBe(true);
  });

  it('refuses a key file others can read, and one that holds no key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'songda-key-'));
    const open = join(dir, 'open.key');
    writeFileSync(open, '0f'.repeat(32));
    chmodSync(open, 0o644);
    expect(() => loadDataKey({ kind: 'file', path: open })).toThrow(/readable by others; run chmod 600/);
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not a key', { mode: 0o600 });
    expect(() => loadDataKey({ kind: 'file', path: bad })).toThrow(/does not hold a 32-byte key/);
  });
});

describe('the key ring file', () => {
  it('reads a key file of one key as a ring of one, and writes a ring atomically with mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'songda-ring-'));
    const path = join(dir, 'songda.key');
    writeFileSync(path, `${'0f'.repeat(32)}\n`, { mode: 0o600 });
    expect(readKeyRingFile(path)).toEqual({ current: Buffer.from('0f'.repeat(32), 'hex'), retiredTokenKeys: [] });

    const ring = { current: randomBytes(32), previous: randomBytes(32), retiredTokenKeys: [{ keyId: 'abc123', tokenKey: randomBytes(32), until: Date.parse('2027-01-01T00:00:00Z') }] };
    writeKeyRingFile(path, ring);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readKeyRingFile(path)).toEqual(ring);
    expect(loadDataKey({ kind: 'file', path }).equals(ring.current)).toBe(true);
    expect(readdirSync(dir)).toEqual(['songda.key']);
  });

  it('names the line of a ring it cannot read', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'songda-ring-')), 'songda.key');
    writeFileSync(path, `${'0f'.repeat(32)}\nprevious abcd\n`, { mode: 0o600 });
    expect(() => readKeyRingFile(path)).toThrow(/line 2: the previous key is not a 32-byte key/);
  });
});

describe('the cipher of a running server, over a key file', () => {
  it('takes up a ring written while it runs, opening and finding values under the new key and the old', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'songda-ring-')), 'songda.key');
    const oldKey = randomBytes(32);
    writeFileSync(path, `${oldKey.toString('hex')}\n`, { mode: 0o600 });
    // Checked at every use here; a server checks once a second.
    const cipher = openDataKeyCipher({ kind: 'file', path }, 0);
    const sealedBefore = cipher.seal('13812341234');

    const newKey = randomBytes(32);
    writeKeyRingFile(path, { current: newKey, previous: oldKey });
    const sealedByRotation = createPersonalDataCipher(newKey).seal('13900001111');

    expect(cipher.open(sealedByRotation)).toBe('13900001111');
    expect(cipher.open(sealedBefore)).toBe('13812341234');
    expect(cipher.lookupHashes('id', 'x')).toEqual([createPersonalDataCipher(newKey).lookupHash('id', 'x'), createPersonalDataCipher(oldKey).lookupHash('id', 'x')]);
  });
});
