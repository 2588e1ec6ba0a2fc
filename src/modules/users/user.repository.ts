import type { Db } from '../../db/database.js';
import type { UserTable } from './user.table.js';

/** Inserts a user; false when the username is taken. */
export async function insertUser(db: Db, user: UserTable): Promise<boolean> {
  const result = await db.insertInto('users').values(user).onConflict((oc) => oc.column('username').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findUser(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function listUserRows(db: Db) {
  return db.selectFrom('users').select(['username', 'role', 'display_name', 'created_at', 'disabled_at', 'partner']).orderBy('username').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a user disabled (keeping the first instant if already disabled); false for an unknown user. */
export async function markUserDisabled(db: Db, username: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ disabled_at: eb.fn.coalesce('disabled_at', eb.val(now)) }))
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markUserEnabled(db: Db, username: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: null }).where('username', '=', username).execute();
}
