import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataKey } from './data-key.js';

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
