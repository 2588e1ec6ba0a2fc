import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';

/**
 * Counts one more refused try at a tracking number's phone digits, in one statement, and answers the
 * count: concurrent tries each see their own number. A window that has run out starts again at this try.
 */
export async function countTrackingTry(db: Db, trackingNo: string, now: number, windowMs: number): Promise<number> {
  const [row] = await countTry(db, trackingNo, now, now - windowMs);
  return Number(row!.failures);
}

// Built once per database handle, like the read below: every refused try makes it.
const countTry = compiledQuery((db, trackingNo: string, now: number, expired: number) =>
  db
    .insertInto('tracking_guesses')
    .values({ tracking_no: trackingNo, failures: 1, first_failed_at: now })
    .onConflict((oc) =>
      oc.column('tracking_no').doUpdateSet((eb) => ({
        failures: eb.case().when('tracking_guesses.first_failed_at', '<=', expired).then(1).else(eb('tracking_guesses.failures', '+', 1)).end(),
        first_failed_at: eb.case().when('tracking_guesses.first_failed_at', '<=', expired).then(now).else(eb.ref('tracking_guesses.first_failed_at')).end(),
      })),
    )
    .returning('failures'),
);

/**
 * The refused tries counted at a tracking number within the window that ends at `now`, in one read:
 * what a try with the right digits is judged by, without writing anything.
 */
export async function countedTrackingTries(db: Db, trackingNo: string, now: number, windowMs: number): Promise<number> {
  const [row] = await triesSince(db, trackingNo, now - windowMs);
  return row ? Number(row.failures) : 0;
}

// Built once per database handle: read on every citizen's look-up.
const triesSince = compiledQuery((db, trackingNo: string, since: number) =>
  db.selectFrom('tracking_guesses').select('failures').where('tracking_no', '=', trackingNo).where('first_failed_at', '>', since),
);

/** Rows whose window has run out count for nothing; removed so tries at made-up numbers do not pile up. */
export async function deleteExpiredTrackingGuesses(db: Db, now: number, windowMs: number): Promise<void> {
  await deleteEndedSince(db, now - windowMs);
}

const deleteEndedSince = compiledQuery((db, expired: number) => db.deleteFrom('tracking_guesses').where('first_failed_at', '<=', expired));
