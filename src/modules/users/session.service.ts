import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { limitedAddress } from '../../domain/client-address.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../auth/api-token.service.js';
import { hashPassword, spendVerificationTime, verifyPassword } from './password.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  clearSignInFailures,
  deleteExpiredSessions,
  deleteOtherSessionsOf,
  deleteQuietSignInFailures,
  deleteSession,
  extendSession,
  findLiveSession,
  insertSession,
  lockSignInFailures,
  uncountSignInFailure,
  updateSignInFailures,
} from './session.repository.js';
import { type AttemptPolicy, PER_ADDRESS, PER_USERNAME, countedAttempt, waitBeforeAttempt } from './session-limits.js';
import { findUser, setPasswordHash } from './user.repository.js';
import type { TPasswordChangeBody, TSignInBody, TUser } from './user.schemas.js';
import { toUser } from './user.service.js';
import { type Message, msg } from '../../i18n/message.js';

/** A session ends after this long without a request (sliding expiry). */
export const SESSION_IDLE_MS = 12 * 3_600_000;
// Writing last_seen on every request would make every read a write; once a minute is plenty for a
// 12-hour window.
const EXTEND_EVERY_MS = 60_000;

/** One message for every wrong username, wrong password or disabled user: no telling them apart. */
export const WRONG_CREDENTIALS = msg('access.wrongCredentials');

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const sessionId = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface SignedIn {
  user: TUser;
  /** The cookie's value: 32 random bytes; only its hash is stored. */
  token: string;
}

/**
 * Checks a username and password and opens a session. Every check costs one argon2 verification
 * whether or not the user exists. The attempt is counted against its username and its address
 * before the password is checked, so a burst of parallel guesses cannot pass the limits together;
 * a right password takes its count back.
 */
export async function signIn(store: DbHandle, body: TSignInBody, clientAddress: string, now: number): Promise<SignedIn> {
  const db = store.db;
  const username = body.username.trim().toLowerCase();
  const keys = { username: `user:${username}`, address: `addr:${limitedAddress(clientAddress)}` };
  const addressLastFailedAt = await countAttempt(store, keys, now);
  const user = await findUser(db, username);
  const passwordOk = user ? await verifyPassword(user.password_hash, body.password) : (await spendVerificationTime(body.password), false);
  if (!user || !passwordOk || user.disabled_at !== null) throw new AppError('unauthorized', WRONG_CREDENTIALS);
  await clearSignInFailures(db, keys.username);
  await uncountSignInFailure(db, keys.address, now, addressLastFailedAt);
  await deleteQuietSignInFailures(db, now - PER_USERNAME.quietMs);
  await deleteExpiredSessions(db, now);
  const token = randomBytes(32).toString('base64url');
  await insertSession(db, { id: sessionId(token), username: user.username, created_at: now, expires_at: now + SESSION_IDLE_MS, last_seen_at: now });
  return { user: toUser(user), token };
}

/**
 * Refuses the attempt with 429 and the wait (details.retryAfterSeconds) while either its username or
 * its address must wait; otherwise counts it as a failure of both, and answers the address's last
 * failure before this attempt (restored if the password is right).
 */
async function countAttempt(store: DbHandle, keys: { username: string; address: string }, now: number): Promise<number> {
  return withWriteTransaction(store, async (trx) => {
    const rows = new Map((await lockSignInFailures(trx, [keys.username, keys.address], now)).map((r) => [r.key, r]));
    const limits: [string, AttemptPolicy, Message][] = [
      [keys.username, PER_USERNAME, msg('access.forUser')],
      [keys.address, PER_ADDRESS, msg('access.fromAddress')],
    ];
    for (const [key, policy, which] of limits) {
      const wait = waitBeforeAttempt(rows.get(key), now, policy);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new AppError('rate_limited', msg('access.tooManySignIns', { which, wait: formatWait(seconds) }), { retryAfterSeconds: seconds });
      }
    }
    for (const [key, policy] of limits) await updateSignInFailures(trx, key, countedAttempt(rows.get(key), now, policy));
    return Number(rows.get(keys.address)?.last_failed_at ?? now);
  });
}

const formatWait = (seconds: number) => (seconds < 120 ? msg('access.seconds', { n: seconds }) : msg('access.minutes', { n: Math.ceil(seconds / 60) }));

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
  return { caller: { actor: `user:${row.username}`, role: row.role, partner: row.partner, unit: row.unit }, user: toUser(row), extended };
}

/**
 * A signed-in user sets a new password, giving the current one. A wrong current password counts
 * against the username and the address as a failed sign-in does, so a session left open cannot be
 * used to guess it faster than the sign-in form allows. The user's other sessions end (whoever knew
 * the old password is signed out); this one stays. Audited as user.password_change.
 */
export async function changeOwnPassword(store: DbHandle, token: string, change: TPasswordChangeBody, clientAddress: string, now: number): Promise<{ sessionsEnded: number }> {
  const session = TOKEN.test(token) ? await findLiveSession(store.db, sessionId(token), now) : undefined;
  if (!session) throw new AppError('unauthorized', msg('access.notSignedIn'));
  const keys = { username: `user:${session.username}`, address: `addr:${limitedAddress(clientAddress)}` };
  const addressLastFailedAt = await countAttempt(store, keys, now);
  const user = await findUser(store.db, session.username);
  if (!user || !(await verifyPassword(user.password_hash, change.currentPassword))) {
    throw new AppError('invalid_request', msg('access.wrongCurrentPassword'), { field: 'currentPassword' });
  }
  await clearSignInFailures(store.db, keys.username);
  await uncountSignInFailure(store.db, keys.address, now, addressLastFailedAt);
  const passwordHash = await hashPassword(change.newPassword);
  const sessionsEnded = await withWriteTransaction(store, async (trx) => {
    await setPasswordHash(trx, user.username, passwordHash);
    const ended = await deleteOtherSessionsOf(trx, user.username, session.id);
    await recordAudit(trx, {
      at: now,
      actor: `user:${user.username}`,
      action: 'user.password_change',
      subject: user.username,
      partner: user.partner ?? undefined,
      detail: { sessionsEnded: ended },
    });
    return ended;
  });
  return { sessionsEnded };
}

export async function signOut(db: Db, token: string): Promise<void> {
  if (TOKEN.test(token)) await deleteSession(db, sessionId(token));
}
