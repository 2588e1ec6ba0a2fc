import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): a sign-in costs tens of milliseconds of one
// core, which the console does not notice and a password guesser does. The parameters are stored in
// each hash, so raising them later leaves existing hashes readable.
const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing a request's password costs nothing extra. */
export const MAX_PASSWORD_LENGTH = 1024;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, PARAMS);
}

/** False for a wrong password or a hash that cannot be read; never throws for bad input. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no user to check against, so that a wrong
 * username answers as slowly as a wrong password (no telling which usernames exist by timing).
 */
export async function spendVerificationTime(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await decoy, password);
}
