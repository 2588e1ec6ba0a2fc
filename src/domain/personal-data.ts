import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Personal data at rest (ID numbers, phone numbers): sealed with AES-256-GCM under a key derived from
 * the data key, and found by a keyed hash (HMAC-SHA256) under another derived key, so equality lookups
 * work without storing anything a leaked database would give away. A third derived key signs tokens.
 *
 * A cipher works over a key ring: it seals, hashes and signs under the current key, and opens, finds
 * and verifies under the current and the previous one, so that a server keeps working while the data
 * is re-sealed under a new key (see `songda key rotate`).
 */
export interface PersonalDataCipher {
  /** `v2.<keyId>.<iv>.<tag>.<ciphertext>`, base64url; a fresh IV each time; under the current key. */
  seal(plain: string): string;
  /** Opens a value sealed under any key of the ring (`v1.` values, made before key ids, too). */
  open(sealed: string): string;
  /** Under the current key. Deterministic: the same input (after the caller's normalisation) gives the same hash. */
  lookupHash(kind: 'id' | 'phone' | 'pickup', plain: string): string;
  /** The hash under every key of the ring, the current key's first: what a lookup must search for during a rotation. */
  lookupHashes(kind: 'id' | 'phone' | 'pickup', plain: string): string[];
  /** HMAC-SHA256 of `payload` under the current token key, base64url. */
  sign(payload: string): string;
  /** Whether `signature` signs `payload` under the token key of any key of the ring, or of a retired one still kept for that. */
  verify(payload: string, signature: string): boolean;
  /** The id of the current key: a sealed value `v2.<currentKeyId>.…` needs no re-sealing. */
  readonly currentKeyId: string;
}

export const DATA_KEY_BYTES = 32;

/**
 * The keys a cipher works with. `previous` is there only while a rotation re-seals the data; a
 * retired key leaves behind its token key alone (it opens nothing), so that links signed before the
 * rotation still verify until they expire.
 */
export interface DataKeyRing {
  readonly current: Buffer;
  readonly previous?: Buffer;
  readonly retiredTokenKeys?: readonly { readonly keyId: string; readonly tokenKey: Buffer; readonly until: number }[];
}

// The ring each cipher was made from, kept off the cipher object so that logging or serialising a
// cipher never shows it.
const rings = new WeakMap<PersonalDataCipher, () => DataKeyRing>();

export function createPersonalDataCipher(keys: Buffer | DataKeyRing): PersonalDataCipher {
  const ring = copyRing(Buffer.isBuffer(keys) ? { current: keys } : keys);
  const cipher = makeCipher(ring);
  rings.set(cipher, () => ring);
  return cipher;
}

/**
 * A cipher that asks `currentRing` for its ring before each use and follows it when it changes (the
 * key file re-read while a server runs); `currentRing` must answer the same object until it changes.
 */
export function createFollowingCipher(currentRing: () => DataKeyRing): PersonalDataCipher {
  let ring = currentRing();
  let inner = createPersonalDataCipher(ring);
  const now = () => {
    const latest = currentRing();
    if (latest !== ring) {
      ring = latest;
      inner = createPersonalDataCipher(latest);
    }
    return inner;
  };
  const cipher: PersonalDataCipher = {
    seal: (plain) => now().seal(plain),
    open: (sealed) => now().open(sealed),
    lookupHash: (kind, plain) => now().lookupHash(kind, plain),
    lookupHashes: (kind, plain) => now().lookupHashes(kind, plain),
    sign: (payload) => now().sign(payload),
    verify: (payload, signature) => now().verify(payload, signature),
    get currentKeyId() {
      return now().currentKeyId;
    },
  };
  rings.set(cipher, () => {
    now();
    return ring;
  });
  return cipher;
}

/**
 * A copy of the key ring a cipher was made from, so that a worker thread can make the same cipher
 * (a cipher's functions cannot cross threads); undefined for a cipher not made here.
 */
export function keyRingOf(cipher: PersonalDataCipher): DataKeyRing | undefined {
  const ring = rings.get(cipher)?.();
  return ring && copyRing(ring);
}

/** A short, stable name for a key (not secret: it is derived one way and names the key in sealed values). */
export function dataKeyId(dataKey: Buffer): string {
  return createHmac('sha256', dataKey).update('songda key id').digest('hex').slice(0, 12);
}

/** The key that signs tokens, derived from a data key: what a retired key leaves behind. */
export function tokenKeyOf(dataKey: Buffer): Buffer {
  return derive(dataKey, 'token');
}

function copyRing(ring: DataKeyRing): DataKeyRing {
  for (const key of [ring.current, ring.previous]) {
    if (key && key.length !== DATA_KEY_BYTES) throw new Error(`the data key must be ${DATA_KEY_BYTES} bytes, got ${key.length}`);
  }
  return {
    current: Buffer.from(ring.current),
    ...(ring.previous ? { previous: Buffer.from(ring.previous) } : {}),
    retiredTokenKeys: (ring.retiredTokenKeys ?? []).map((r) => ({ keyId: r.keyId, tokenKey: Buffer.from(r.tokenKey), until: r.until })),
  };
}

const derive = (dataKey: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `songda ${purpose} v1`, 32));

interface DerivedKeys {
  id: string;
  sealKey: Buffer;
  hashKey: Buffer;
  tokenKey: Buffer;
}

function deriveKeys(dataKey: Buffer): DerivedKeys {
  return { id: dataKeyId(dataKey), sealKey: derive(dataKey, 'seal'), hashKey: derive(dataKey, 'lookup-hash'), tokenKey: derive(dataKey, 'token') };
}

function makeCipher(ring: DataKeyRing): PersonalDataCipher {
  const current = deriveKeys(ring.current);
  const all = ring.previous ? [current, deriveKeys(ring.previous)] : [current];
  const byId = new Map(all.map((k) => [k.id, k]));
  const tokenKeys = [...all.map((k) => k.tokenKey), ...(ring.retiredTokenKeys ?? []).map((r) => r.tokenKey)];
  const hash = (k: DerivedKeys, kind: string, plain: string) => createHmac('sha256', k.hashKey).update(`${kind}:${plain}`).digest('base64url');
  return {
    currentKeyId: current.id,
    seal(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', current.sealKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v2.${current.id}.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts[0] === 'v2' && parts.length === 5) {
        const key = byId.get(parts[1]!);
        if (!key) throw new Error(`sealed under key ${parts[1]}, which is not in the key ring`);
        return openWith(key.sealKey, parts[2]!, parts[3]!, parts[4]!);
      }
      if (parts[0] !== 'v1' || parts.length !== 4) throw new Error('not a sealed value');
      // Sealed before values named their key: by the installation's first key, which is the
      // previous one during the first rotation. GCM's tag tells a wrong key apart.
      for (const key of [...all].reverse()) {
        try {
          return openWith(key.sealKey, parts[1]!, parts[2]!, parts[3]!);
        } catch (err) {
          if (key === current) throw err;
        }
      }
      throw new Error('not a sealed value');
    },
    lookupHash: (kind, plain) => hash(current, kind, plain),
    lookupHashes: (kind, plain) => all.map((k) => hash(k, kind, plain)),
    sign: (payload) => createHmac('sha256', current.tokenKey).update(payload).digest('base64url'),
    verify(payload, signature) {
      const given = Buffer.from(signature, 'base64url');
      let ok = false;
      // Every key is tried, so the time taken does not tell which one matched.
      for (const key of tokenKeys) {
        const expected = createHmac('sha256', key).update(payload).digest();
        if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
      }
      return ok;
    },
  };
}

function openWith(sealKey: Buffer, iv: string, tag: string, body: string): string {
  const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

// Random IVs drawn from a pool filled 4,096 at a time: one call to the system's random source per
// IV is a third of the cost of sealing a short value, and a list import seals two values a row.
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 4096);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  // A copy: the pool is refilled in place, and the cipher must keep its own IV.
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

/** Parses SONGDA_DATA_KEY: 64 hex digits or base64 of 32 bytes. */
export function parseDataKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
    return key.length === DATA_KEY_BYTES ? key : undefined;
  }
  return undefined;
}
