import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { checkTokenPartner } from '../auth/api-token.service.js';
import type { Role } from '../auth/api-token.table.js';
import { recordAudit } from '../audit/audit.service.js';
import { getUnit } from '../units/unit.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { deleteSessionsOf } from './session.repository.js';
import { countUsers, findUser, insertUser, listUserRows, markUserDisabled, markUserEnabled } from './user.repository.js';
import { type TNewUser, type TUser, ZNewUser } from './user.schemas.js';
import { msg } from '../../i18n/message.js';
import { issueMessage } from '../../http/validation-messages.js';

export interface UserListing extends TUser {
  unit: string | null;
  createdAt: number;
  disabledAt: number | null;
}

/** Who made a change, as the audit log names them: `user:<name>`, `token:<id>`, or `cli`. */
export type Actor = string;

/**
 * Creates a user who signs in to the console; the password is kept only as an argon2id hash. The one
 * set of rules for `songda user create` and POST /users; audited as user.create.
 */
export async function createUser(db: Db, input: TNewUser, now: number, actor: Actor = 'cli'): Promise<TUser> {
  const parsed = ZNewUser.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    throw new AppError('invalid_request', msg('http.fieldProblem', { field, problem: issueMessage(issue?.code ?? 'custom', issue?.message, { ...issue }) }), { field });
  }
  const { username, role, password, displayName } = parsed.data;
  const partner = await checkTokenPartner(db, role, parsed.data.partner);
  const unit = await checkUserUnit(db, role, parsed.data.unit ?? null);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const inserted = await insertUser(trx, { username, role, password_hash: passwordHash, display_name: displayName ?? null, created_at: now, disabled_at: null, partner, unit });
    if (!inserted) throw new AppError('conflict', msg('access.userExists', { username }), { field: 'username' });
    await recordAudit(trx, {
      at: now,
      actor,
      action: 'user.create',
      subject: username,
      partner: partner ?? undefined,
      detail: { role, displayName: displayName ?? null, ...(partner ? { partner } : {}), ...(unit ? { unit } : {}) },
    });
  });
  return toUser({ username, role, display_name: displayName ?? null, partner });
}

/**
 * The unit a user is to belong to: none for a partner's user (who belongs to the partner), a delivery
 * office for a courier, and otherwise none or a unit that exists.
 */
export async function checkUserUnit(db: Db, role: Role, unit: string | null): Promise<string | null> {
  if (unit === null) {
    if (role === 'courier') throw new AppError('invalid_request', msg('courier.needsUnit'), { field: 'unit' });
    return null;
  }
  if (role === 'partner') throw new AppError('invalid_request', msg('access.unitForPartnerUser'), { field: 'unit' });
  const found = await getUnit(db, unit);
  if (!found) throw new AppError('unknown_reference', msg('access.unknownUnit', { unit }), { field: 'unit' });
  // A courier records outcomes for the items at their office: only a delivery office has any.
  if (role === 'courier' && found.kind !== 'delivery_office') throw new AppError('invalid_request', msg('courier.unitNotOffice', { unit }), { field: 'unit' });
  return unit;
}

export async function listUsers(db: Db): Promise<UserListing[]> {
  return (await listUserRows(db)).map((r) => ({
    ...toUser(r),
    unit: r.unit,
    createdAt: Number(r.created_at),
    disabledAt: r.disabled_at === null ? null : Number(r.disabled_at),
  }));
}

/**
 * Stops a user from signing in and ends their sessions at once: the command line's way, which an
 * operator uses to recover, so it does not refuse the last admin as PATCH /users does. Audited as
 * user.disable when it changed anything.
 */
export async function disableUser(db: Db, username: string, now: number, actor: Actor = 'cli'): Promise<{ sessionsEnded: number }> {
  const name = username.trim().toLowerCase();
  // Read before the transaction, which then writes first (a SQLite transaction that reads first cannot take the write lock later).
  const before = await findUser(db, name);
  const ended = await db.transaction().execute(async (trx) => {
    if (!before || !(await markUserDisabled(trx, name, now))) throw new AppError('not_found', msg('access.userNotFound', { username: name }), { field: 'username' });
    const sessionsEnded = await deleteSessionsOf(trx, name);
    if (before.disabled_at === null) {
      await recordAudit(trx, { at: now, actor, action: 'user.disable', subject: name, partner: before.partner ?? undefined, detail: { sessionsEnded } });
    }
    return sessionsEnded;
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
      unit: null,
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
