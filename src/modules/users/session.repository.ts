import type { Db } from '../../db/database.js';
import type { SessionTable } from './user.table.js';

export async function insertSession(db: Db, session: SessionTable): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** A live session and its user, in one read: this runs for every request a signed-in person makes. */
export function findLiveSession(db: Db, id: string, now: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.username', 's.username')
    .select(['s.id', 's.username', 's.expires_at', 's.last_seen_at', 'u.role', 'u.display_name'])
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

/** Expired sessions are useless; they are removed as new ones are made, so the table stays small. */
export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// ---- Failed sign-ins -----------------------------------------------------------------------------

export function findSignInFailures(db: Db, key: string) {
  return db.selectFrom('sign_in_failures').select(['failures', 'first_failed_at']).where('key', '=', key).executeTakeFirst();
}

/** Counts one more failure; a window that has run out starts again at this one. */
export async function recordSignInFailure(db: Db, key: string, now: number, windowMs: number): Promise<void> {
  await db
    .insertInto('sign_in_failures')
    .values({ key, failures: 1, first_failed_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('sign_in_failures.first_failed_at', '<=', now - windowMs)
          .then(1)
          .else(eb('sign_in_failures.failures', '+', 1))
          .end(),
        first_failed_at: eb
          .case()
          .when('sign_in_failures.first_failed_at', '<=', now - windowMs)
          .then(now)
          .else(eb.ref('sign_in_failures.first_failed_at'))
          .end(),
      })),
    )
    .execute();
}

export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
