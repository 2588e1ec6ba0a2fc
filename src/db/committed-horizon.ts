import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db } from './database.js';
import { isPostgres } from './dialect.js';

/** Tables read by position (a generated id) by someone who must not skip a row: the scan events, the consignments' events and the outboxes. */
export type TailedTable = 'scan_events' | 'consignment_events' | 'breakpoint_outbox' | 'request_outbox' | 'work_order_outbox' | 'report_outbox';

/**
 * The highest id of `table` such that every row with a lower id is committed and visible: how far a
 * reader going by id may go without ever skipping a row committed later.
 *
 * SQLite has one writer, which numbers rows in commit order. PostgreSQL numbers them when they are
 * inserted, so a transaction still open may hold lower ids than one already committed. The horizon is
 * the highest id visible now, once every transaction that was writing the table at that moment has
 * ended: a row numbered below it was inserted by a transaction that held the table's ROW EXCLUSIVE
 * lock from before its id was drawn until it ended, so one not yet committed is among those writers.
 * They are seen in `pg_locks` and waited for there, taking no lock: the writers that come meanwhile
 * go on, where a SHARE lock on the table queued them behind it for as long as it waited
 * (docs/decisions/0051-committed-horizon-without-a-lock.md). Call it outside a transaction: a writer
 * waiting for the caller's locks would never end.
 */
export async function committedIdHorizon(db: Db, table: TailedTable): Promise<number> {
  const visible = await latestVisibleId(db, table);
  if (!isPostgres(db)) return visible;
  // Asked after the id: a transaction that held a lower id uncommitted then is still writing now,
  // or has ended (and its rows are seen by the reads that follow).
  let writers = await writersOf(db, table);
  const deadline = Date.now() + WRITERS_TIMEOUT_MS;
  for (let pause = 1; writers.length > 0; pause = Math.min(pause * 2, 20)) {
    if (Date.now() > deadline) throw new Error(`${table}: transactions writing it did not end within ${WRITERS_TIMEOUT_MS / 1000} s`);
    await sleep(pause);
    writers = await writersOf(db, table, writers);
  }
  return visible;
}

/** How long a reader waits for the writers of the moment: a write request takes a second or two. */
const WRITERS_TIMEOUT_MS = 10_000;

/**
 * The transactions (virtual transaction ids) holding `table`'s ROW EXCLUSIVE lock, which every
 * INSERT, UPDATE and DELETE of it takes; of `among` only, when given.
 */
async function writersOf(db: Db, table: TailedTable, among?: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ vxid: string }>`
    select virtualtransaction as vxid from pg_locks
    where locktype = 'relation' and relation = ${table}::regclass and mode = 'RowExclusiveLock' and granted
      and pid <> pg_backend_pid() ${among ? sql`and virtualtransaction = any(${[...among]})` : sql``}`.execute(db);
  return rows.map((r) => r.vxid);
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
