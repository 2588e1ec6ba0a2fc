import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError, type DataKeySource } from './config.js';
import { DATA_KEY_BYTES, parseDataKey } from './domain/personal-data.js';

/**
 * The data key from its source. A missing key file is created (mode 0600, never overwritten: `wx`),
 * so the first start of a new installation needs no setup; losing that file loses the sealed data,
 * which is why its path is printed by `serve` and documented.
 */
export function loadDataKey(source: DataKeySource): Buffer {
  if (source.kind === 'inline') return source.key;
  try {
    return readKeyFile(source.path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(source.path), { recursive: true });
  try {
    writeFileSync(source.path, `${randomBytes(DATA_KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKeyFile(source.path);
}

function readKeyFile(path: string): Buffer {
  const key = parseDataKey(readFileSync(path, 'utf8'));
  if (!key) throw new ConfigError('SONGDA_DATA_KEY_FILE', `${path} does not hold a 32-byte key (64 hex digits)`);
  if ((statSync(path).mode & 0o077) !== 0) {
    throw new ConfigError('SONGDA_DATA_KEY_FILE', `${path} is readable by others; run chmod 600 ${path}`);
  }
  return key;
}
