import type { Updateable } from 'kysely';
import type { Db } from '../../db/database.js';
import { isPostgres } from '../../db/dialect.js';
import type { Role } from '../auth/api-token.table.js';
import type { UserTable } from './user.table.js';

const LISTED = ['username', 'role', 'display_name', 'created_at', 'disabled_at', 'partner', 'unit'] as const;

/** Inserts a user; false when the username is taken. */
export async function insertUser(db: Db, user: UserTable): Promise<boolean> {
  const result = await db.insertInto('users').values(user).onConflict((oc) => oc.column('username').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function findUser(db: Db, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function listUserRows(db: Db) {
  return db.selectFrom('users').select(LISTED).orderBy('username').execute();
}

export interface UserFilter {
  role?: Role;
  unit?: string;
  partner?: string;
  state: 'active' | 'disabled' | 'all';
}

/** By username; `after` is the last username of the previous page. */
export function listUserPage(db: Db, filter: UserFilter, after: string | undefined, limit: number) {
  let q = db.selectFrom('users').select(LISTED).orderBy('username').limit(limit);
  if (filter.role) q = q.where('role', '=', filter.role);
  if (filter.unit) q = q.where('unit', '=', filter.unit);
  if (filter.partner) q = q.where('partner', '=', filter.partner);
  if (filter.state === 'active') q = q.where('disabled_at', 'is', null);
  if (filter.state === 'disabled') q = q.where('disabled_at', 'is not', null);
  if (after !== undefined) q = q.where('username', '>', after);
  return q.execute();
}

/** The user's row for a change, locked until the caller's transaction ends (on PostgreSQL). */
export function findUserForUpdate(trx: Db, username: string) {
  const q = trx.selectFrom('users').select(LISTED).where('username', '=', username);
  return isPostgres(trx) ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

/**
 * The users who are admins and not disabled, locked (on PostgreSQL) until the caller's transaction
 * ends: two administrators demoting each other at once cannot both pass the last-admin check, since
 * the second reads again after the first commits. SQLite's write transaction holds the whole database.
 */
export async function lockActiveAdmins(trx: Db): Promise<string[]> {
  const q = trx.selectFrom('users').select('username').where('role', '=', 'admin').where('disabled_at', 'is', null).orderBy('username');
  const rows = isPostgres(trx) ? await q.forUpdate().execute() : await q.execute();
  return rows.map((r) => r.username);
}

export async function updateUserRow(db: Db, username: string, change: Updateable<Omit<UserTable, 'username' | 'created_at' | 'password_hash'>>): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db.updateTable('users').set(change).where('username', '=', username).execute();
}

export async function setPasswordHash(db: Db, username: string, passwordHash: string): Promise<boolean> {
  const result = await db.updateTable('users').set({ password_hash: passwordHash }).where('username', '=', username).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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
