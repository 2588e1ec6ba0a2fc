import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomFillSync } from 'node:crypto';

/**
 * Personal data at rest (ID numbers, phone numbers): sealed with AES-256-GCM under a key derived from
 * the data key, and found by a keyed hash (HMAC-SHA256) under another derived key, so equality lookups
 * work without storing anything a leaked database would give away. A third derived key signs tokens.
 */
export interface PersonalDataCipher {
  /** `v1.<iv>.<tag>.<ciphertext>`, base64url; a fresh IV each time. */
  seal(plain: string): string;
  open(sealed: string): string;
  /** Deterministic: the same input (after the caller's normalisation) gives the same hash. */
  lookupHash(kind: 'id' | 'phone', plain: string): string;
  /** HMAC-SHA256 of `payload` under the token key, base64url. */
  sign(payload: string): string;
}

export const DATA_KEY_BYTES = 32;

// The key each cipher was made from, kept off the cipher object so that logging or serialising a
// cipher never shows it.
const dataKeys = new WeakMap<PersonalDataCipher, Buffer>();

export function createPersonalDataCipher(dataKey: Buffer): PersonalDataCipher {
  if (dataKey.length !== DATA_KEY_BYTES) throw new Error(`the data key must be ${DATA_KEY_BYTES} bytes, got ${dataKey.length}`);
  const cipher = makeCipher(dataKey);
  dataKeys.set(cipher, Buffer.from(dataKey));
  return cipher;
}

/**
 * A copy of the data key a cipher was made from, so that a worker thread can make the same cipher
 * (a cipher's functions cannot cross threads); undefined for a cipher not made here.
 */
export function dataKeyOf(cipher: PersonalDataCipher): Buffer | undefined {
  const key = dataKeys.get(cipher);
  return key && Buffer.from(key);
}

function makeCipher(dataKey: Buffer): PersonalDataCipher {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `songda ${purpose} v1`, 32));
  const sealKey = derive('seal');
  const hashKey = derive('lookup-hash');
  const tokenKey = derive('token');
  return {
    seal(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', sealKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    lookupHash(kind, plain) {
      return createHmac('sha256', hashKey).update(`${kind}:${plain}`).digest('base64url');
    },
    sign(payload) {
      return createHmac('sha256', tokenKey).update(payload).digest('base64url');
    },
  };
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
