import { type Kysely, sql } from 'kysely';
import type { Db } from './database.js';
import { isPostgres } from './dialect.js';

/** Tables read by position (a generated id) by someone who must not skip a row: the scan events, the consignments' events and the outboxes. */
export type TailedTable = 'scan_events' | 'consignment_events' | 'breakpoint_outbox' | 'request_outbox' | 'work_order_outbox' | 'report_outbox';

/**
 * The highest id of `table` such that every row with a lower id is committed and visible: how far a
 * reader going by id may go without ever skipping a row committed later.
 *
 * SQLite has one writer, which numbers rows in commit order. PostgreSQL numbers them when they are
 * inserted, so a transaction still open may hold lower ids than one already committed: a SHARE lock
 * waits for the inserting transactions of the moment (a write request, at most a second or two) and
 * is released at once. Each table is locked in its own transaction, so the reader never holds one
 * lock while waiting for another.
 */
export async function committedIdHorizon(db: Db, table: TailedTable): Promise<number> {
  if (!isPostgres(db as unknown as Kysely<unknown>)) return latestVisibleId(db, table);
  return db.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = '10s'`.execute(trx);
    await sql`lock table ${sql.table(table)} in share mode`.execute(trx);
    return latestVisibleId(trx, table);
  });
}

/**
 * The highest id of `table` this read sees, without waiting for anyone: every write acknowledged
 * before the read is at or under it (on PostgreSQL, lower ids of transactions still open may not be).
 * Cheap: a reader compares it with its position before asking for the horizon.
 */
export async function latestVisibleId(db: Db, table: TailedTable): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
  return Number(row.m ?? 0);
}
