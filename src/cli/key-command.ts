import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import { KEY_FILE_CHECK_MS, readKeyRingFile, writeKeyRingFile } from '../data-key.js';
import { DATA_KEY_BYTES, type DataKeyRing, createPersonalDataCipher, dataKeyId, tokenKeyOf } from '../domain/personal-data.js';
import { openStore } from '../main.js';
import { latestOpenInvitationExpiry } from '../modules/invitations/invitation.repository.js';
import { type ResealProgress, resealPersonalData } from '../reseal-personal-data.js';
import { UsageError } from './usage-error.js';

export const KEY_USAGE = 'usage: songda key rotate [--prepare] [--db URL]';

export interface KeyRotateOptions {
  /** Write the new key ring and stop, so it can be copied to every server before re-sealing starts. */
  prepare: boolean;
  now: () => number;
  print?: (line: string) => void;
  /** How long to let running servers take up a new ring before re-sealing: longer than they take to look. */
  settleMs?: number;
  batchRows?: number;
  onBatch?: (progress: ResealProgress) => void;
}

/** `songda key rotate`: a new data key, every sealed value re-sealed under it, the old key retired. */
export async function runKey(config: Config, rest: readonly string[], options: KeyRotateOptions): Promise<number> {
  if (rest[0] !== 'rotate' || rest.length > 1) throw new UsageError(KEY_USAGE);
  return rotateDataKey(config, options);
}

/**
 * The steps, each safe to repeat: (1) a new key becomes the current one in the key file, the old one
 * kept beside it as `previous` (servers reading the file follow within a second, opening and finding
 * values under both keys); (2) every sealed value is re-sealed under the new key, in short batches;
 * (3) the old key leaves the key file: into a file of its own, for the backups made before, and its
 * token key stays only while invitation links signed with it can still be used. Run again after an
 * interruption, it resumes at step 2.
 */
export async function rotateDataKey(config: Config, options: KeyRotateOptions): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  if (config.dataKey.kind !== 'file') {
    throw new UsageError('songda key rotate changes the key file, and SONGDA_DATA_KEY is set inline: move the key into a file named by SONGDA_DATA_KEY_FILE (mode 0600), unset SONGDA_DATA_KEY, restart, then rotate');
  }
  const path = config.dataKey.path;
  let ring = readRingOrExplain(path);
  if (ring.previous) {
    print(`resuming the rotation to key ${dataKeyId(ring.current)} (the previous key ${dataKeyId(ring.previous)} is still in ${path})`);
    if (options.prepare) return 0;
  } else {
    ring = { current: randomBytes(DATA_KEY_BYTES), previous: ring.current, retiredTokenKeys: ring.retiredTokenKeys ?? [] };
    writeKeyRingFile(path, ring);
    print(`new data key ${dataKeyId(ring.current)} written to ${path}; the previous key ${dataKeyId(ring.previous!)} stays there until every value is re-sealed`);
    if (options.prepare) {
      print(`copy ${path} to every server that shares this database (they take it up within a second, no restart), then run: songda key rotate`);
      return 0;
    }
    await sleep(options.settleMs ?? 3 * KEY_FILE_CHECK_MS);
  }

  const store = await openStore(config);
  try {
    const done = await resealPersonalData(store, createPersonalDataCipher(ring), { batchRows: options.batchRows, onBatch: options.onBatch });
    print(`re-sealed ${done.recipients} recipients, ${done.requests} requests and ${done.webhookSecrets} webhook endpoints' secrets under key ${dataKeyId(ring.current)}`);
    const linksUntil = await latestOpenInvitationExpiry(store.db);
    retirePreviousKey(path, ring, linksUntil, options.now(), print);
    return 0;
  } finally {
    await store.close();
  }
}

function readRingOrExplain(path: string): DataKeyRing {
  try {
    return readKeyRingFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no key file at ${path}: nothing has been sealed with it, so there is nothing to rotate`);
    throw err;
  }
}

/**
 * The previous key goes to `<key file>.retired-<keyId>` (0600): backups of the database made before
 * the rotation need it, and it belongs with them, off this machine. Only its token key stays in the
 * ring, until the last unused invitation signed with it expires; expired ones are dropped.
 */
function retirePreviousKey(path: string, ring: DataKeyRing, linksUntil: number | undefined, now: number, print: (line: string) => void): void {
  const previous = ring.previous!;
  const keyId = dataKeyId(previous);
  const retiredPath = `${path}.retired-${keyId}`;
  try {
    writeFileSync(retiredPath, `${previous.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Written by an earlier run that stopped before the ring was rewritten.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const kept = (ring.retiredTokenKeys ?? []).filter((r) => r.until > now);
  if (linksUntil !== undefined && linksUntil > now) kept.push({ keyId, tokenKey: tokenKeyOf(previous), until: linksUntil });
  writeKeyRingFile(path, { current: ring.current, retiredTokenKeys: kept });
  print(`retired key ${keyId}: removed from ${path} and written to ${retiredPath}; move that file to where the backups made before today are kept (they need it), or delete it if there are none`);
  if (linksUntil !== undefined && linksUntil > now) {
    print(`invitation links signed with key ${keyId} keep working until ${new Date(linksUntil).toISOString()}, when the last of them expires`);
  }
}
