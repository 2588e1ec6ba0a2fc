import { msg } from '../../i18n/message.js';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { AppError } from '../../errors.js';
import { checkTokenPartner } from '../auth/api-token.service.js';
import { showInstant } from '../auth/api-token.schemas.js';
import { recordAudit } from '../audit/audit.service.js';
import { hashPassword } from './password.js';
import { deleteSessionsOf } from './session.repository.js';
import { findUser, findUserForUpdate, listUserPage, lockActiveAdmins, setPasswordHash, updateUserRow } from './user.repository.js';
import type { TCreateUserBody, TUpdateUserBody, TUserAccount, TUserListQuery, TUserPage } from './user.schemas.js';
import { type Actor, checkUserUnit, createUser, toUser } from './user.service.js';
import type { UserTable } from './user.table.js';

// The administrators' use cases behind /users: the list, a new user with a password shown once, a
// change of role, unit, partner, name or state, and a password reset. Every write is audited.

type ListedRow = Pick<UserTable, 'username' | 'role' | 'display_name' | 'created_at' | 'disabled_at' | 'partner' | 'unit'>;

export function showUserAccount(row: ListedRow, timeZone: string): TUserAccount {
  return {
    ...toUser(row),
    unit: row.unit,
    createdAt: showInstant(Number(row.created_at), timeZone),
    disabledAt: row.disabled_at === null ? null : showInstant(Number(row.disabled_at), timeZone),
  };
}

export async function listUserAccounts(db: Db, query: TUserListQuery, timeZone: string): Promise<TUserPage> {
  const filter = { role: query.role, unit: query.unit, partner: query.partner, state: query.state };
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listUserPage(db, filter, query.cursor, query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { rows: page.map((r) => showUserAccount(r, timeZone)), nextCursor: rows.length > query.limit ? (page.at(-1)?.username ?? null) : null };
}

export async function getUserAccount(db: Db, username: string, timeZone: string): Promise<TUserAccount> {
  const row = await findUser(db, username);
  if (!row) throw new AppError('not_found', msg('access.userNotFound', { username }));
  return showUserAccount(row, timeZone);
}

/** 16 characters of base64url: 96 random bits, typed once by the user before they choose their own. */
const generatePassword = () => randomBytes(12).toString('base64url');

/** POST /users: the CLI's rules (createUser); a password left out is generated and answered once. */
export async function createUserAccount(
  db: Db,
  body: TCreateUserBody,
  who: { actor: Actor; now: number; timeZone: string },
): Promise<{ user: TUserAccount; password: string | null }> {
  const password = body.password ?? generatePassword();
  const { username } = await createUser(db, { ...body, password }, who.now, who.actor);
  return { user: await getUserAccount(db, username, who.timeZone), password: body.password === undefined ? password : null };
}

/**
 * PATCH /users/:username. The new role must come with what it needs: a partner for role partner
 * (kept from before when not sent), no unit for it; leaving role partner drops the partner. Refused:
 * disabling oneself, and leaving no active admin user (by disabling or demoting the last one).
 * Disabling ends the user's sessions in the same transaction; a role or partner change applies to
 * their open sessions at their next request, since each request reads the user again.
 */
export async function updateUser(
  store: DbHandle,
  username: string,
  change: TUpdateUserBody,
  who: { actor: Actor; now: number; timeZone: string },
): Promise<TUserAccount> {
  const { actor, now } = who;
  const updated = await withWriteTransaction(store, async (trx) => {
    const before = await findUserForUpdate(trx, username);
    if (!before) throw new AppError('not_found', msg('access.userNotFound', { username }));
    const role = change.role ?? before.role;
    const partnerWanted = change.partner !== undefined ? change.partner : role === 'partner' ? before.partner : null;
    const partner = await checkTokenPartner(trx, role, partnerWanted ?? undefined);
    const unitWanted = change.unit !== undefined ? change.unit : role === 'partner' ? null : before.unit;
    const unit = await checkUserUnit(trx, role, unitWanted);
    const displayName = change.displayName !== undefined ? change.displayName : before.display_name;
    const wasActive = before.disabled_at === null;
    const active = change.disabled === undefined ? wasActive : !change.disabled;

    if (wasActive && !active && actor === `user:${before.username}`) {
      throw new AppError('conflict', msg('access.cannotDisableSelf'), { field: 'disabled' });
    }
    if (before.role === 'admin' && wasActive && (role !== 'admin' || !active)) {
      const admins = await lockActiveAdmins(trx);
      if (admins.filter((name) => name !== before.username).length === 0) {
        throw new AppError('conflict', msg('access.lastAdmin', { username: before.username }), { field: role !== 'admin' ? 'role' : 'disabled' });
      }
    }

    const fields: Record<string, [unknown, unknown]> = {};
    if (role !== before.role) fields.role = [before.role, role];
    if (partner !== before.partner) fields.partner = [before.partner, partner];
    if (unit !== before.unit) fields.unit = [before.unit, unit];
    if (displayName !== before.display_name) fields.displayName = [before.display_name, displayName];
    await updateUserRow(trx, before.username, {
      ...(fields.role ? { role } : {}),
      ...(fields.partner ? { partner } : {}),
      ...(fields.unit ? { unit } : {}),
      ...(fields.displayName ? { display_name: displayName } : {}),
      ...(wasActive !== active ? { disabled_at: active ? null : now } : {}),
    });
    const audited = { at: now, actor, subject: before.username, partner: (partner ?? before.partner) ?? undefined };
    if (Object.keys(fields).length > 0) await recordAudit(trx, { ...audited, action: 'user.update', detail: { changes: fields } });
    if (wasActive && !active) {
      const sessionsEnded = await deleteSessionsOf(trx, before.username);
      await recordAudit(trx, { ...audited, action: 'user.disable', detail: { sessionsEnded } });
    }
    if (!wasActive && active) await recordAudit(trx, { ...audited, action: 'user.enable' });
    return before.username;
  });
  return getUserAccount(store.db, updated, who.timeZone);
}

/**
 * POST /users/:username/password: sets the given password or a generated one (answered once), and
 * ends the user's sessions, so that whoever knew the old password is signed out too.
 */
export async function resetPassword(
  store: DbHandle,
  username: string,
  given: string | undefined,
  who: { actor: Actor; now: number },
): Promise<{ username: string; password: string | null; sessionsEnded: number }> {
  const password = given ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const sessionsEnded = await withWriteTransaction(store, async (trx) => {
    const before = await findUserForUpdate(trx, username);
    if (!before || !(await setPasswordHash(trx, before.username, passwordHash))) throw new AppError('not_found', msg('access.userNotFound', { username }));
    const ended = await deleteSessionsOf(trx, before.username);
    await recordAudit(trx, {
      at: who.now,
      actor: who.actor,
      action: 'user.password_reset',
      subject: before.username,
      partner: before.partner ?? undefined,
      detail: { generated: given === undefined, sessionsEnded: ended },
    });
    return ended;
  });
  return { username, password: given === undefined ? password : null, sessionsEnded };
}
