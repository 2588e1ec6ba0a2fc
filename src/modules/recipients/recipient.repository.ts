import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RecipientTable } from './recipient.table.js';

export function findRecipientByHash(db: Db, programCode: string, idHash: string) {
  return db.selectFrom('recipients').selectAll().where('program_code', '=', programCode).where('id_hash', '=', idHash).executeTakeFirst();
}

export function findRecipient(db: Db, id: string) {
  return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countProgramRecipients(db: Db, programCode: string): Promise<number> {
  const row = await db
    .selectFrom('recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_code', '=', programCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these ID hashes the program already lists. */
export async function findListedHashes(db: Db, programCode: string, idHashes: readonly string[]): Promise<Set<string>> {
  if (idHashes.length === 0) return new Set();
  const rows = await db.selectFrom('recipients').select('id_hash').where('program_code', '=', programCode).where('id_hash', 'in', [...idHashes]).execute();
  return new Set(rows.map((r) => r.id_hash));
}

// 13 columns: 500 rows stay well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_STATEMENT = 500;

/**
 * Inserts recipients, or updates the one the program already lists with the same ID hash. The id,
 * the sealed ID and created_at of a listed recipient stay as they were (the ID number is the key,
 * so it cannot change); everything else is replaced.
 */
export async function upsertRecipients(db: Db, rows: readonly Insertable<RecipientTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto('recipients')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['program_code', 'id_hash']).doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          phone_sealed: eb.ref('excluded.phone_sealed'),
          phone_masked: eb.ref('excluded.phone_masked'),
          category: eb.ref('excluded.category'),
          address: eb.ref('excluded.address'),
          division_code: eb.ref('excluded.division_code'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

export interface RecipientPageFilter {
  programCode: string;
  category?: string;
}

/**
 * One page of a program's recipients, in the order of the (program, ID hash) index: stable, cheap at
 * any depth, though not meaningful to a reader. `afterId` is the last recipient of the previous page;
 * its hash is looked up here so that hashes never leave the server.
 */
export function listRecipientPage(db: Db, filter: RecipientPageFilter, afterId: string | undefined, limit: number) {
  let q = db
    .selectFrom('recipients')
    .select(['id', 'program_code', 'id_masked', 'name', 'phone_masked', 'category', 'address', 'division_code', 'created_at', 'updated_at'])
    .where('program_code', '=', filter.programCode)
    .orderBy('id_hash')
    .limit(limit);
  if (filter.category) q = q.where('category', '=', filter.category);
  if (afterId !== undefined) q = q.where('id_hash', '>', (eb) => eb.selectFrom('recipients').select('id_hash').where('id', '=', afterId));
  return q.execute();
}
