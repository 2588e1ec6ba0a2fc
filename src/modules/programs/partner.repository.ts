import type { Db } from '../../db/database.js';
import type { Insertable, Selectable } from 'kysely';
import type { PartnerTable } from './program.table.js';

export function findPartner(db: Db, code: string): Promise<Selectable<PartnerTable> | undefined> {
  return db.selectFrom('partners').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findPartners(db: Db, codes: readonly string[]): Promise<Selectable<PartnerTable>[]> {
  if (codes.length === 0) return [];
  return db.selectFrom('partners').selectAll().where('code', 'in', [...codes]).execute();
}

export function listPartners(db: Db, filter: { kind?: PartnerTable['kind'] } = {}): Promise<Selectable<PartnerTable>[]> {
  let q = db.selectFrom('partners').selectAll().orderBy('code');
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return q.execute();
}

export async function upsertPartner(db: Db, partner: Omit<Insertable<PartnerTable>, 'created_at' | 'updated_at'>, now: number): Promise<void> {
  await db
    .insertInto('partners')
    .values({ ...partner, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({ name: partner.name, kind: partner.kind, division_code: partner.division_code, updated_at: now }),
    )
    .execute();
}
