import type { Db } from '../db/database.js';
import { writingWhenFree } from '../db/write-transaction.js';

/**
 * Takes or renews a named lease in the database until `now + ttlMs`. Several servers sharing one
 * PostgreSQL call this before a job; only the holder runs it, and a crashed holder's lease expires.
 */
export function tryAcquireLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  // Renewed every few seconds by every job: on SQLite, while the scan writer commits a batch.
  return writingWhenFree(db, (db) => takeLease(db, name, holder, now, ttlMs));
}

async function takeLease(db: Db, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  await db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: now + ttlMs })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: now + ttlMs })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<=', now), eb('job_leases.holder', '=', holder)])),
    )
    .execute();
  const row = await db.selectFrom('job_leases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder === holder;
}

/** Gives a lease up at once (a server stopping), so another server need not wait for it to expire. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.updateTable('job_leases').set({ expires_at: 0 }).where('name', '=', name).where('holder', '=', holder).execute();
}
