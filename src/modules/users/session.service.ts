import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../auth/api-token.service.js';
import { spendVerificationTime, verifyPassword } from './password.js';
import {
  clearSignInFailures,
  deleteExpiredSessions,
  deleteSession,
  extendSession,
  findLiveSession,
  findSignInFailures,
  insertSession,
  recordSignInFailure,
} from './session.repository.js';
import { findUser } from './user.repository.js';
import type { TSignInBody, TUser } from './user.schemas.js';
import { toUser } from './user.service.js';

/** A session ends after this long without a request (sliding expiry). */
export const SESSION_IDLE_MS = 12 * 3_600_000;
// Writing last_seen on every request would make every read a write; once a minute is plenty for a
// 12-hour window.
const EXTEND_EVERY_MS = 60_000;

/** Failed sign-ins allowed per username and client address within the window, before a wait. */
export const MAX_SIGN_IN_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

/** One message for every wrong username, wrong password or disabled user: no telling them apart. */
export const WRONG_CREDENTIALS = 'wrong username or password';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const sessionId = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface SignedIn {
  user: TUser;
  /** The cookie's value: 32 random bytes; only its hash is stored. */
  token: string;
}

/**
 * Checks a username and password and opens a session. Every failure costs one argon2 verification
 * whether or not the user exists, and counts towards the limit for that username from that address.
 */
export async function signIn(db: Db, body: TSignInBody, clientAddress: string, now: number): Promise<SignedIn> {
  const username = body.username.trim().toLowerCase();
  const key = `${username}|${clientAddress}`;
  const failures = await findSignInFailures(db, key);
  if (failures && failures.failures >= MAX_SIGN_IN_FAILURES && Number(failures.first_failed_at) > now - SIGN_IN_WINDOW_MS) {
    const minutes = Math.ceil((Number(failures.first_failed_at) + SIGN_IN_WINDOW_MS - now) / 60_000);
    throw new AppError('rate_limited', `too many failed sign-ins for this username from this address; try again in ${minutes} min`);
  }
  const user = await findUser(db, username);
  const passwordOk = user ? await verifyPassword(user.password_hash, body.password) : (await spendVerificationTime(body.password), false);
  if (!user || !passwordOk || user.disabled_at !== null) {
    await recordSignInFailure(db, key, now, SIGN_IN_WINDOW_MS);
    throw new AppError('unauthorized', WRONG_CREDENTIALS);
  }
  await clearSignInFailures(db, key);
  await deleteExpiredSessions(db, now);
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { id: sessionId(token), username: user.username, created_at: now, expires_at: now + SESSION_IDLE_MS, last_seen_at: now });
  return { user: toUser(user), token };
}

export interface LiveSession {
  caller: Caller;
  user: TUser;
  /** True when this request moved the expiry forward: the cookie is to be sent again. */
  extended: boolean;
}

/** The session a cookie value names, if it is live and its user is not disabled. */
export async function findSession(db: Db, token: string, now: number): Promise<LiveSession | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await findLiveSession(db, sessionId(token), now);
  if (!row) return undefined;
  const extended = now - Number(row.last_seen_at) >= EXTEND_EVERY_MS;
  if (extended) await extendSession(db, row.id, now, now + SESSION_IDLE_MS);
  return { caller: { actor: `user:${row.username}`, role: row.role }, user: toUser(row), extended };
}

export async function signOut(db: Db, token: string): Promise<void> {
  if (TOKEN.test(token)) await deleteSession(db, sessionId(token));
}
