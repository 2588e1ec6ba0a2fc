import type { Db } from '../../db/database.js';

/** The queues an order of a unit climbs to when it is escalated (the unit tree: the unit, its city, its province). */
export interface EscalationUnits {
  /** Level 1: the unit itself, its manager's queue. */
  unit: string;
  /** Level 2: the unit that answers for the unit's city; the unit itself when its city has no other. */
  city: string;
  /** Level 3: the province's processing centre of the lowest code (else its unit of the lowest code); the city's when none. */
  province: string;
}

const RANK = ['processing_centre', 'delivery_office', 'counter'];

/**
 * Where each level of escalation of an order of `unit` goes. A city's unit and a province's are the
 * processing centre of the lowest code, else a delivery office, else a counter, so the same tree
 * always gives the same queues. undefined for an unknown unit.
 */
export async function findEscalationUnits(db: Db, unit: string): Promise<EscalationUnits | undefined> {
  const own = await db.selectFrom('units').select(['code', 'city_code', 'province_code']).where('code', '=', unit).executeTakeFirst();
  if (!own) return undefined;
  const first = async (column: 'city_code' | 'province_code', code: string | null) => {
    if (code === null) return undefined;
    const rows = await db.selectFrom('units').select(['code', 'kind']).where(column, '=', code).execute();
    return rows.sort((a, b) => RANK.indexOf(a.kind) - RANK.indexOf(b.kind) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))[0]?.code;
  };
  const city = (await first('city_code', own.city_code)) ?? own.code;
  const province = (await first('province_code', own.province_code)) ?? city;
  return { unit: own.code, city, province };
}
