import type SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/write-tx.js';

// Items created, counted per hour of `created_at` with their program and delivery office ('' for
// none), in the transaction that creates the item or moves it to another office. Reports sum the hours
// of a period (items-mailed.ts) instead of reading every item of it.

export const HOUR_MS = 3_600_000;
/** Rows one hour's count is spread over: concurrent batches on PostgreSQL seldom add to the same row. */
const SLOTS = 16;

export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);
const slot = () => Math.floor(Math.random() * SLOTS);

const addSql = (values: string) => `INSERT INTO items_created_hours (hour, program_code, delivery_office, slot, items) VALUES ${values}
  ON CONFLICT (hour, program_code, delivery_office, slot) DO UPDATE SET items = items_created_hours.items + excluded.items`;
const ADD_POSTGRES = addSql('($1, $2, $3, $4, $5)');
const statements = preparedFor((sqlite) => sqlite.prepare(addSql('(?, ?, ?, ?, ?)')));

/** `n` items of no program and no office created at `at`, by the scan writer on SQLite. */
export function countScannedItemsSqlite(sqlite: SqliteDatabase.Database, at: number, n: number): void {
  if (n > 0) statements(sqlite).run(hourOf(at), '', '', slot(), n);
}

/** The same on PostgreSQL. */
export async function countScannedItemsPostgres(client: Pick<pg.PoolClient, 'query'>, at: number, n: number): Promise<void> {
  if (n > 0) await client.query(ADD_POSTGRES, [hourOf(at), '', '', slot(), n]);
}

/** An item created at `createdAt` of this program and office counted (delta 1) or taken away (-1), in the caller's transaction. */
export async function countItem(trx: Db, createdAt: number, programCode: string | null, deliveryOffice: string | null, delta: 1 | -1): Promise<void> {
  await trx
    .insertInto('items_created_hours')
    .values({ hour: hourOf(createdAt), program_code: programCode ?? '', delivery_office: deliveryOffice ?? '', slot: slot(), items: delta })
    .onConflict((oc) => oc.columns(['hour', 'program_code', 'delivery_office', 'slot']).doUpdateSet({ items: sql`items_created_hours.items + excluded.items` }))
    .execute();
}

/**
 * The programs and delivery offices with items created in the hours that overlap a period (a zone
 * whose offset is not whole hours may bring in a neighbouring half hour): which scopes had work.
 */
export async function findCreatedScopes(db: Db, period: { startMs: number; endMs: number }): Promise<{ programs: string[]; offices: string[] }> {
  const rows = await db
    .selectFrom('items_created_hours')
    .select(['program_code', 'delivery_office'])
    .distinct()
    .where('hour', '>=', hourOf(period.startMs))
    .where('hour', '<=', hourOf(period.endMs - 1))
    .groupBy(['program_code', 'delivery_office'])
    .having((eb) => eb.fn.sum('items'), '>', 0)
    .execute();
  return {
    programs: [...new Set(rows.flatMap((r) => (r.program_code === '' ? [] : [r.program_code])))],
    offices: [...new Set(rows.flatMap((r) => (r.delivery_office === '' ? [] : [r.delivery_office])))],
  };
}
