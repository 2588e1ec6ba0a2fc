import type SqliteDatabase from 'better-sqlite3';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RecipientTable } from './recipient.table.js';

/** By the ID hash, or by any of several (the hashes under each key of the ring, during a key rotation). */
export function findRecipientByHash(db: Db, programCode: string, idHash: string | readonly string[]) {
  const hashes = typeof idHash === 'string' ? [idHash] : [...idHash];
  return db.selectFrom('recipients').selectAll().where('program_code', '=', programCode).where('id_hash', 'in', hashes).executeTakeFirst();
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

/**
 * During a key rotation a listed recipient may still be stored under the previous key's ID hash: a
 * row offered for them takes that hash, so the upsert updates them instead of listing them twice (the
 * rotation re-hashes the row later). `previousHashes[i]` is row i's hash under the previous key. Run
 * it in the write transaction of the upsert, on PostgreSQL (SQLite: keepStoredHashesSqlite).
 */
export async function keepStoredHashes(db: Db, rows: RecipientRow[], previousHashes: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const slice = rows.slice(i, i + 500);
    // FOR UPDATE (PostgreSQL only): a row the rotation is re-hashing right now is waited for and then
    // no longer matches, so the upsert finds it under its new hash instead of adding a second row.
    const found = await db
      .selectFrom('recipients')
      .select('id_hash')
      .where('program_code', '=', slice[0]!.program_code)
      .where('id_hash', 'in', previousHashes.slice(i, i + 500))
      .forUpdate()
      .execute();
    const listed = new Set(found.map((r) => r.id_hash));
    slice.forEach((row, j) => {
      if (listed.has(previousHashes[i + j]!)) row.id_hash = previousHashes[i + j]!;
    });
  }
}

/** keepStoredHashes on a raw SQLite connection, inside its write transaction. */
export function keepStoredHashesSqlite(sqlite: SqliteDatabase.Database, rows: RecipientRow[], previousHashes: readonly string[]): void {
  const listed = sqlite.prepare('SELECT 1 FROM recipients WHERE program_code = ? AND id_hash = ?').pluck();
  rows.forEach((row, i) => {
    if (listed.get(row.program_code, previousHashes[i]) !== undefined) row.id_hash = previousHashes[i]!;
  });
}

const COLUMNS = ['id', 'program_code', 'id_hash', 'id_sealed', 'id_masked', 'name', 'phone_sealed', 'phone_hash', 'phone_masked', 'category', 'address', 'division_code', 'created_at', 'updated_at'] as const;

/**
 * On a second import the id, the sealed ID and created_at of a listed recipient stay as they were
 * (the ID number is the key, so it cannot change); everything else is replaced.
 */
const UPDATED_COLUMNS = ['name', 'phone_sealed', 'phone_hash', 'phone_masked', 'category', 'address', 'division_code', 'updated_at'] as const;
const ON_CONFLICT_UPDATE = `ON CONFLICT (program_code, id_hash) DO UPDATE SET ${UPDATED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

export type RecipientRow = Selectable<RecipientTable>;

/**
 * Inserts recipients, or updates the one the program already lists with the same ID hash: on
 * PostgreSQL, all rows as arrays in one statement (unnest). Rows go in ID-hash order, so each page of
 * the (program, ID hash) index is visited once.
 */
export async function upsertRecipientsPostgres(db: Db, rows: readonly RecipientRow[]): Promise<void> {
  const sorted = byIdHash(rows);
  const [id, programCode, idHash, idSealed, idMasked, name, phoneSealed, phoneHash, phoneMasked, category, address, divisionCode, createdAt, updatedAt] = COLUMNS.map((c) => sorted.map((r) => r[c]));
  await sql`INSERT INTO recipients (${sql.raw(COLUMNS.join(', '))})
    SELECT * FROM unnest(${id}::text[], ${programCode}::text[], ${idHash}::text[], ${idSealed}::text[], ${idMasked}::text[], ${name}::text[],
      ${phoneSealed}::text[], ${phoneHash}::text[], ${phoneMasked}::text[], ${category}::text[], ${address}::text[], ${divisionCode}::text[], ${createdAt}::bigint[], ${updatedAt}::bigint[])
    ${sql.raw(ON_CONFLICT_UPDATE)}`.execute(db);
}

interface UpsertStatements {
  insertNew: SqliteDatabase.Statement;
  updateListed: SqliteDatabase.Statement;
}

const upsertStatements = new WeakMap<SqliteDatabase.Database, UpsertStatements>();

/**
 * The same upsert on SQLite, with prepared statements per connection (none to build and prepare per
 * call). Run it inside a write transaction on that connection. Answers how many of the rows updated a
 * recipient the program already listed. A row is inserted unless the program lists its ID hash, and
 * only then updated: one statement with RETURNING, to tell the two apart, cost a first import a
 * quarter more time in SQLite (and a second one, all updates, a sixth less).
 */
export function upsertRecipientsSqlite(sqlite: SqliteDatabase.Database, rows: readonly RecipientRow[]): number {
  let statements = upsertStatements.get(sqlite);
  if (!statements) {
    statements = {
      insertNew: sqlite.prepare(`INSERT INTO recipients (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) ON CONFLICT (program_code, id_hash) DO NOTHING`),
      updateListed: sqlite.prepare(`UPDATE recipients SET ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE program_code = ? AND id_hash = ?`),
    };
    upsertStatements.set(sqlite, statements);
  }
  const { insertNew, updateListed } = statements;
  let updated = 0;
  for (const r of byIdHash(rows)) {
    if (insertNew.run(r.id, r.program_code, r.id_hash, r.id_sealed, r.id_masked, r.name, r.phone_sealed, r.phone_hash, r.phone_masked, r.category, r.address, r.division_code, r.created_at, r.updated_at).changes === 1) continue;
    // In UPDATED_COLUMNS order, then the key.
    updateListed.run(r.name, r.phone_sealed, r.phone_hash, r.phone_masked, r.category, r.address, r.division_code, r.updated_at, r.program_code, r.id_hash);
    updated++;
  }
  return updated;
}

const byIdHash = (rows: readonly RecipientRow[]) => [...rows].sort((a, b) => (a.id_hash < b.id_hash ? -1 : a.id_hash > b.id_hash ? 1 : 0));

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

export type SealedRecipient = Pick<RecipientRow, 'id' | 'program_code' | 'id_hash' | 'id_sealed' | 'phone_sealed' | 'phone_hash'>;

/**
 * The next recipients, in id order after `afterId`, with a value not yet sealed under the key
 * `keyId`, or without a phone hash yet: a batch of a key rotation. Key ids are hex digits, so the
 * pattern holds no wildcard.
 */
export function listRecipientsToReseal(db: Db, keyId: string, afterId: string, limit: number): Promise<SealedRecipient[]> {
  const sealedUnder = `v2.${keyId}.%`;
  return db
    .selectFrom('recipients')
    .select(['id', 'program_code', 'id_hash', 'id_sealed', 'phone_sealed', 'phone_hash'])
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('id_sealed', 'not like', sealedUnder), eb('phone_sealed', 'not like', sealedUnder), eb('phone_hash', 'is', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Replaces a recipient's sealed values and ID hash with those made under the new key, if the row is
 * still as it was read (an import may have changed it since: it is then left for the next pass).
 */
export async function resealRecipient(trx: Db, before: SealedRecipient, after: Pick<RecipientRow, 'id_hash' | 'id_sealed' | 'phone_sealed' | 'phone_hash'>): Promise<boolean> {
  const result = await trx
    .updateTable('recipients')
    .set(after)
    .where('id', '=', before.id)
    .where('id_hash', '=', before.id_hash)
    .where('id_sealed', '=', before.id_sealed)
    .where('phone_sealed', '=', before.phone_sealed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
