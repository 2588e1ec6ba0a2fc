import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { checkTokenPartner } from '../auth/api-token.service.js';
import type { Role } from '../auth/api-token.table.js';
import { hashPassword, verifyPassword } from './password.js';
import { deleteSessionsOf } from './session.repository.js';
import { countUsers, findUser, insertUser, listUserRows, markUserDisabled, markUserEnabled } from './user.repository.js';
import { type TNewUser, type TUser, ZNewUser } from './user.schemas.js';
import { msg } from '../../i18n/message.js';
import { issueMessage } from '../../http/validation-messages.js';

export interface UserListing extends TUser {
  createdAt: number;
  disabledAt: number | null;
}

/** Creates a user who signs in to the console; the password is kept only as an argon2id hash. */
export async function createUser(db: Db, input: TNewUser, now: number): Promise<TUser> {
  const parsed = ZNewUser.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new AppError('invalid_request', msg('http.fieldProblem', { field, problem: issueMessage(issue?.code ?? 'custom', issue?.message, { ...issue }) }), { field });
  }
  const { username, role, password, displayName } = parsed.data;
  const partner = await checkTokenPartner(db, role, parsed.data.partner);
  const inserted = await insertUser(db, {
    username,
    role,
    password_hash: await hashPassword(password),
    display_name: displayName ?? null,
    created_at: now,
    disabled_at: null,
    partner,
  });
  if (!inserted) throw new AppError('conflict', msg('access.userExists', { username }), { field: 'username' });
  return toUser({ username, role, display_name: displayName ?? null, partner });
}

export async function listUsers(db: Db): Promise<UserListing[]> {
  return (await listUserRows(db)).map((r) => ({ ...toUser(r), createdAt: Number(r.created_at), disabledAt: r.disabled_at === null ? null : Number(r.disabled_at) }));
}

/** Stops a user from signing in and ends their sessions at once. */
export async function disableUser(db: Db, username: string, now: number): Promise<{ sessionsEnded: number }> {
  const name = username.trim().toLowerCase();
  const ended = await db.transaction().execute(async (trx) => {
    if (!(await markUserDisabled(trx, name, now))) throw new AppError('not_found', msg('access.userNotFound', { username: name }), { field: 'username' });
    return deleteSessionsOf(trx, name);
  });
  return { sessionsEnded: ended };
}

export const DEMO_USER = { username: 'demo', password: 'demo', role: 'admin' as Role };

/**
 * `songda serve --demo`: a known sign-in so the console can be tried at once. Made on a database
 * without users; a demo user that a plain `serve` disabled is enabled again. Its password is shorter
 * than any created through `songda user create` may be, so a real user named demo is never touched.
 * True when demo / demo signs in.
 */
export async function ensureDemoUser(db: Db, now: number): Promise<boolean> {
  if ((await countUsers(db)) === 0) {
    return insertUser(db, {
      username: DEMO_USER.username,
      role: DEMO_USER.role,
      password_hash: await hashPassword(DEMO_USER.password),
      display_name: '演示用户',
      created_at: now,
      disabled_at: null,
      partner: null,
    });
  }
  if (!(await isDemoUser(await findUser(db, DEMO_USER.username)))) return false;
  await markUserEnabled(db, DEMO_USER.username);
  return true;
}

/**
 * A plain `songda serve` disables the demo user an earlier `--demo` made, and ends its sessions:
 * a password everyone knows must not open a server that is not a demo. True when it was disabled now.
 */
export async function retireDemoUser(db: Db, now: number): Promise<boolean> {
  const user = await findUser(db, DEMO_USER.username);
  if (!user || user.disabled_at !== null || !(await isDemoUser(user))) return false;
  await disableUser(db, DEMO_USER.username, now);
  return true;
}

/** The demo's own user: named demo and still with the demo password, which no real user can have. */
async function isDemoUser(user: { username: string; password_hash: string } | undefined): Promise<boolean> {
  return user?.username === DEMO_USER.username && (await verifyPassword(user.password_hash, DEMO_USER.password));
}

export function toUser(row: { username: string; role: Role; display_name: string | null; partner: string | null }): TUser {
  return { username: row.username, role: row.role, displayName: row.display_name ?? row.username, partner: row.partner };
}
