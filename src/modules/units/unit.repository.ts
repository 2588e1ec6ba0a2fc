import type { Db } from '../../db/database.js';
import type { Insertable } from 'kysely';
import type { UnitTable } from './unit.table.js';

export async function findUnitCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('units').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

export async function upsertUnit(db: Db, unit: Omit<Insertable<UnitTable>, 'created_at' | 'updated_at'>, now: number): Promise<void> {
  await db
    .insertInto('units')
    .values({ ...unit, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        name: unit.name,
        kind: unit.kind,
        division_code: unit.division_code,
        province_code: unit.province_code,
        city_code: unit.city_code,
        parent_code: unit.parent_code,
        end_of_shift: unit.end_of_shift,
        updated_at: now,
      }),
    )
    .execute();
}

export function listUnits(db: Db, filter: { kind?: UnitTable['kind']; divisionPrefix?: string } = {}) {
  let q = db.selectFrom('units').selectAll().orderBy('code');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.divisionPrefix) q = q.where('division_code', 'like', `${filter.divisionPrefix}%`);
  return q.execute();
}

export function listAllUnitNames(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('units').select(['code', 'name']).execute();
}

export function findUnit(db: Db, code: string) {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

/** What the break-point rules need of every unit: its kind and end of shift. */
export async function loadUnitFacts(db: Db): Promise<Map<string, { kind: string; endOfShift: string | null }>> {
  const rows = await db.selectFrom('units').select(['code', 'kind', 'end_of_shift']).execute();
  return new Map(rows.map((r) => [r.code, { kind: r.kind, endOfShift: r.end_of_shift }]));
}

/** The names of these units, by code (unknown codes are absent). */
export async function findUnitNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const r of await db.selectFrom('units').select(['code', 'name']).where('code', 'in', codes.slice(i, i + 500)).execute()) out.set(r.code, r.name);
  }
  return out;
}
