import type { Db } from '../../db/database.js';
import type { S10Range } from '../../domain/s10.js';

/** Makes sure every configured range has its row; existing rows (and their next serial) are kept. */
export async function syncS10Ranges(db: Db, ranges: readonly S10Range[]): Promise<void> {
  for (const r of ranges) {
    await db
      .insertInto('s10_ranges')
      .values({ service_indicator: r.serviceIndicator, first_serial: r.first, last_serial: r.last, next_serial: r.first })
      .onConflict((oc) => oc.columns(['service_indicator', 'first_serial']).doUpdateSet({ last_serial: r.last }))
      .execute();
  }
}

/**
 * Reserves up to `count` consecutive serials of a service indicator, from the first range with room.
 * Must run inside the caller's transaction: the UPDATE takes the row lock (PostgreSQL) or the write
 * lock (SQLite), so concurrent callers never get the same serial, and a serial, once reserved, is
 * never handed out again even if the caller's later work fails after commit.
 */
export async function reserveSerials(
  trx: Db,
  serviceIndicator: string,
  count: number,
): Promise<{ first: number; count: number } | undefined> {
  const range = await trx
    .selectFrom('s10_ranges')
    .selectAll()
    .where('service_indicator', '=', serviceIndicator)
    .whereRef('next_serial', '<=', 'last_serial')
    .orderBy('first_serial')
    .executeTakeFirst();
  if (!range) return undefined;
  const take = Math.min(count, range.last_serial - range.next_serial + 1);
  const updated = await trx
    .updateTable('s10_ranges')
    .set({ next_serial: range.next_serial + take })
    .where('service_indicator', '=', serviceIndicator)
    .where('first_serial', '=', range.first_serial)
    .where('next_serial', '=', range.next_serial)
    .executeTakeFirst();
  // Another transaction moved the range first (PostgreSQL read committed): the caller retries.
  if (Number(updated.numUpdatedRows) !== 1) return { first: range.next_serial, count: 0 };
  return { first: range.next_serial, count: take };
}
