import type { Db } from '../../db/database.js';
import { isPostgres } from '../../db/dialect.js';
import type { SessionTable } from './user.table.js';

export async function insertSession(db: Db, session: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** A live session and its user, in one read: this runs for every request a signed-in person makes. */
export function findLiveSession(db: Db, id: string, now: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.username', 's.username')
    .select(['s.id', 's.username', 's.expires_at', 's.last_seen_at', 'u.role', 'u.display_name', 'u.partner', 'u.unit'])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db, id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, username: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of the user but `keepId` (the one changing its password stays signed in). */
export async function deleteOtherSessionsOf(db: Db, username: string, keepId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('username', '=', username).where('id', '!=', keepId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Expired sessions are useless; they are removed as new ones are made, so the table stays small. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// ---- Failed sign-ins -----------------------------------------------------------------------------

/**
 * The failure counts of the keys, made if missing, and locked until the caller's transaction ends
 * (row locks on PostgreSQL; SQLite's write transaction holds the whole database). Locked in key
 * order, so two sign-ins sharing a key never wait on each other in a cycle.
 */
export async function lockSignInFailures(trx: Db, keys: readonly string[], now: number) {
  const sorted = [...new Set(keys)].sort();
  await trx
    .insertInto('sign_in_failures')
    .values(sorted.map((key) => ({ key, failures: 0, first_failed_at: now, last_failed_at: now })))
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const query = trx.selectFrom('sign_in_failures').select(['key', 'failures', 'first_failed_at', 'last_failed_at']).where('key', 'in', sorted).orderBy('key');
  return isPostgres(trx) ? query.forUpdate().execute() : query.execute();
}

export async function updateSignInFailures(trx: Db, key: string, count: { failures: number; first_failed_at: number; last_failed_at: number }): Promise<void> {
  await trx.updateTable('sign_in_failures').set(count).where('key', '=', key).execute();
}

/**
 * Takes back one counted attempt whose password was right, and its instant unless another attempt
 * came since: a success must not make the next attempt from that address wait.
 */
export async function uncountSignInFailure(db: Db, key: string, countedAt: number, lastBefore: number): Promise<void> {
  await db
    .updateTable('sign_in_failures')
    .set((eb) => ({
      failures: eb('failures', '-', 1),
      last_failed_at: eb.case().when('last_failed_at', '=', countedAt).then(lastBefore).else(eb.ref('last_failed_at')).end(),
    }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}

/** Counts quiet for longer than any limit looks back are worth nothing; removed as people sign in. */
export async function deleteQuietSignInFailures(db: Db, quietSince: number): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('last_failed_at', '<', quietSince).execute();
}
