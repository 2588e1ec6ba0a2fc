import type { Db } from '../../db/database.js';
import type { Role } from '../auth/api-token.table.js';
import { hashPassword, verifyPassword } from './password.js';
import { findUser, insertUser, markUserEnabled } from './user.repository.js';
import { DEMO_USER, disableUser } from './user.service.js';

/** The demo's courier, who opens the phone page `/m`; the demo password, which no real user can have. */
export const DEMO_COURIER = { username: 'courier', password: DEMO_USER.password, role: 'courier' as Role };

/**
 * `songda serve --demo`: a courier of `office` (the demo's busiest delivery office) made beside the
 * demo user, and enabled again as it is. A real user named courier is never touched. True when
 * courier / demo signs in.
 */
export async function ensureDemoCourier(db: Db, office: string | undefined, now: number): Promise<boolean> {
  const user = await findUser(db, DEMO_COURIER.username);
  if (!user) {
    if (office === undefined) return false;
    return insertUser(db, {
      username: DEMO_COURIER.username,
      role: DEMO_COURIER.role,
      password_hash: await hashPassword(DEMO_COURIER.password),
      display_name: '演示投递员',
      created_at: now,
      disabled_at: null,
      partner: null,
      unit: office,
    });
  }
  if (!(await isDemoCourier(user))) return false;
  await markUserEnabled(db, DEMO_COURIER.username);
  return true;
}

/** A plain `songda serve` disables the demo courier as it does the demo user. True when it was disabled now. */
export async function retireDemoCourier(db: Db, now: number): Promise<boolean> {
  const user = await findUser(db, DEMO_COURIER.username);
  if (!user || user.disabled_at !== null || !(await isDemoCourier(user))) return false;
  await disableUser(db, DEMO_COURIER.username, now);
  return true;
}

async function isDemoCourier(user: { username: string; role: string; password_hash: string }): Promise<boolean> {
  return user.username === DEMO_COURIER.username && user.role === 'courier' && (await verifyPassword(user.password_hash, DEMO_COURIER.password));
}
