import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { OneTimeCodeTable } from './notification.table.js';

export type OneTimeCodeRow = Selectable<OneTimeCodeTable>;

/** The item's code and counts, or a fresh row's values (not stored) when it has none. */
export async function findOneTimeCode(db: Db, trackingNo: string, now: number): Promise<OneTimeCodeRow> {
  const row = await db.selectFrom('one_time_codes').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
  if (!row) return { tracking_no: trackingNo, code_hash: null, expires_at: null, sends: 0, sends_since: now, last_sent_at: null, failures: 0, failures_since: now };
  return {
    ...row,
    expires_at: row.expires_at === null ? null : Number(row.expires_at),
    sends: Number(row.sends),
    sends_since: Number(row.sends_since),
    last_sent_at: row.last_sent_at === null ? null : Number(row.last_sent_at),
    failures: Number(row.failures),
    failures_since: Number(row.failures_since),
  };
}

/** Writes the item's row as it now stands. Run inside the caller's write transaction. */
export async function saveOneTimeCode(db: Db, row: OneTimeCodeRow): Promise<void> {
  const { tracking_no: _, ...rest } = row;
  await db
    .insertInto('one_time_codes')
    .values(row)
    .onConflict((oc) => oc.column('tracking_no').doUpdateSet(rest))
    .execute();
}
