import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';
import type { Insertable, Selectable } from 'kysely';
import type { ProgramTable } from './program.table.js';

export async function findProgram(db: Db, code: string): Promise<Selectable<ProgramTable> | undefined> {
  return (await programByCode(db, code))[0];
}

const programByCode = compiledQuery((db, code: string) => db.selectFrom('programs').selectAll().where('code', '=', code));

// Built once per database handle: read on every citizen's tracking look-up.
const programNameByCode = compiledQuery((db, code: string) => db.selectFrom('programs').select('name').where('code', '=', code));

export async function findProgramName(db: Db, code: string): Promise<string | undefined> {
  return (await programNameByCode(db, code))[0]?.name;
}

export async function findProgramCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('programs').select('code').where('code', 'in', [...codes]).execute();
  return new Set(rows.map((r) => r.code));
}

export function listPrograms(db: Db): Promise<Selectable<ProgramTable>[]> {
  return db.selectFrom('programs').selectAll().orderBy('code').execute();
}

export async function upsertProgram(db: Db, program: Omit<Insertable<ProgramTable>, 'created_at' | 'updated_at'>, now: number): Promise<void> {
  const { code: _code, ...changes } = program;
  await db
    .insertInto('programs')
    .values({ ...program, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('code').doUpdateSet({ ...changes, updated_at: now }))
    .execute();
}
