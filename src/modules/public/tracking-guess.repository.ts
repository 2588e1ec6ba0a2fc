import type { Db } from '../../db/database.js';

/**
 * Counts one more try at a tracking number's phone digits, in one statement, and answers the count:
 * concurrent tries each see their own number, so a burst cannot slip past the limit. A window that
 * has run out starts again at this try.
 */
export async function countTrackingTry(db: Db, trackingNo: string, now: number, windowMs: number): Promise<number> {
  const expired = now - windowMs;
  const row = await db
    .insertInto('tracking_guesses')
    .values({ tracking_no: trackingNo, failures: 1, first_failed_at: now })
    .onConflict((oc) =>
      oc.column('tracking_no').doUpdateSet((eb) => ({
        failures: eb.case().when('tracking_guesses.first_failed_at', '<=', expired).then(1).else(eb('tracking_guesses.failures', '+', 1)).end(),
        first_failed_at: eb.case().when('tracking_guesses.first_failed_at', '<=', expired).then(now).else(eb.ref('tracking_guesses.first_failed_at')).end(),
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Takes back a try that turned out right: a citizen who checks often never locks their own number. */
export async function uncountTrackingTry(db: Db, trackingNo: string): Promise<void> {
  await db
    .updateTable('tracking_guesses')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('tracking_no', '=', trackingNo)
    .where('failures', '>', 0)
    .execute();
}

/** Rows whose window has run out count for nothing; removed so tries at made-up numbers do not pile up. */
export async function deleteExpiredTrackingGuesses(db: Db, now: number, windowMs: number): Promise<void> {
  await db.deleteFrom('tracking_guesses').where('first_failed_at', '<=', now - windowMs).execute();
}
