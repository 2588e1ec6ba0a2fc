import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, type DataKeySource } from './config.js';
import { DATA_KEY_BYTES, type DataKeyRing, type PersonalDataCipher, createFollowingCipher, createPersonalDataCipher, parseDataKey } from './domain/personal-data.js';

/**
 * The data key from its source. A missing key file is created (mode 0600, never overwritten: `wx`),
 * so the first start of a new installation needs no setup; losing that file loses the sealed data,
 * which is why its path is printed by `serve` and documented.
 */
export function loadDataKey(source: DataKeySource): Buffer {
  return loadKeyRing(source).current;
}

/**
 * The key ring from its source: an inline key is a ring of one key; a key file holds the current key
 * and, during a rotation, the previous one (see `writeKeyRingFile`).
 */
export function loadKeyRing(source: DataKeySource): DataKeyRing {
  if (source.kind === 'inline') return { current: source.key };
  try {
    return readKeyRingFile(source.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(source.path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(source.path, `${randomBytes(DATA_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKeyRingFile(source.path);
}

// How often a running server looks at its key file for a new ring: `songda key rotate` waits longer
// than this after writing the ring before it re-seals anything.
export const KEY_FILE_CHECK_MS = 1_000;

/**
 * The cipher a server uses. Over a key file it follows the file: a ring written by `songda key
 * rotate` is taken up within KEY_FILE_CHECK_MS, without a restart. A ring that cannot be read (the
 * file being replaced by hand, say) leaves the cipher on the ring it had.
 */
export function openDataKeyCipher(source: DataKeySource, checkEveryMs = KEY_FILE_CHECK_MS): PersonalDataCipher {
  let ring = loadKeyRing(source);
  if (source.kind === 'inline') return createPersonalDataCipher(ring);
  let seen = fileSignature(source.path);
  let checkedAt = performance.now();
  return createFollowingCipher(() => {
    const at = performance.now();
    if (at - checkedAt < checkEveryMs) return ring;
    checkedAt = at;
    try {
      const signature = fileSignature(source.path);
      if (signature !== seen) {
        ring = readKeyRingFile(source.path);
        seen = signature;
      }
    } catch {
      // Kept on the ring it has; the next check tries again.
    }
    return ring;
  });
}

const fileSignature = (path: string) => {
  const s = statSync(path);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
};

/**
 * The key file's lines: the current key (64 hex digits) alone on the first key line, as a key file
 * has always held; `previous <key>` while a rotation re-seals; `retired-token <keyId> <tokenKey>
 * until <instant>` for a retired key whose signed links may still be in use. `#` starts a comment.
 */
export function readKeyRingFile(path: string): DataKeyRing {
  const text = readFileSync(path, 'utf8');
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new ConfigError('SONGDA_DATA_KEY_FILE', `${path} is readable by others; run chmod 600 ${path}`);
  }
  const bad = (what: string) => new ConfigError('SONGDA_DATA_KEY_FILE', `${path} ${what}`);
  let current: Buffer | undefined;
  let previous: Buffer | undefined;
  const retiredTokenKeys: { keyId: string; tokenKey: Buffer; until: number }[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    if (words.length === 1 && !current) {
      current = parseDataKey(line);
      if (!current) throw bad('does not hold a 32-byte key (64 hex digits)');
    } else if (words[0] === 'previous' && words.length === 2 && !previous) {
      previous = parseDataKey(words[1]!);
      if (!previous) throw bad(`line ${index + 1}: the previous key is not a 32-byte key (64 hex digits)`);
    } else if (words[0] === 'retired-token' && words.length === 5 && words[3] === 'until') {
      const tokenKey = parseDataKey(words[2]!);
      const until = Date.parse(words[4]!);
      if (!tokenKey || !Number.isFinite(until)) throw bad(`line ${index + 1}: a retired token key needs "retired-token <keyId> <64 hex digits> until <ISO instant>"`);
      retiredTokenKeys.push({ keyId: words[1]!, tokenKey, until });
    } else {
      throw bad(current ? `line ${index + 1}: expected "previous <key>" or "retired-token <keyId> <key> until <instant>"` : 'does not hold a 32-byte key (64 hex digits)');
    }
  }
  if (!current) throw bad('does not hold a 32-byte key (64 hex digits)');
  return { current, ...(previous ? { previous } : {}), retiredTokenKeys };
}

/**
 * Replaces the key file with this ring, atomically (a new file, synced, renamed over the old one),
 * mode 0600: a reader sees the old ring or the new one, never half of one.
 */
export function writeKeyRingFile(path: string, ring: DataKeyRing): void {
  const lines = [
    '# Songda data key ring: keep it apart from the database and its backups (see README, personal data).',
    ring.current.toString('hex'),
    ...(ring.previous ? [`previous ${ring.previous.toString('hex')}`] : []),
    ...(ring.retiredTokenKeys ?? []).map((r) => `retired-token ${r.keyId} ${r.tokenKey.toString('hex')} until ${new Date(r.until).toISOString()}`),
  ];
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeFileSync(fd, `${lines.join('\n')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
