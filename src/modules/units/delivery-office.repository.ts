import type { Db } from '../../db/database.js';

/**
 * The delivery office (揽投部) that serves a county: a unit of kind delivery_office whose division is
 * the county. Where a county has several, the lowest unit code is taken, so the same address always
 * goes to the same office until the units change.
 */
export function findDeliveryOfficeForCounty(db: Db, countyCode: string): Promise<{ code: string; name: string } | undefined> {
  return db
    .selectFrom('units')
    .select(['code', 'name'])
    .where('kind', '=', 'delivery_office')
    .where('division_code', '=', countyCode)
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
}
