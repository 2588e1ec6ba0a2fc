import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AddressChangeTable } from './address-change.table.js';

export async function insertAddressChange(trx: Db, change: Insertable<AddressChangeTable>): Promise<void> {
  await trx.insertInto('address_changes').values(change).execute();
}

/** The item's address changes, oldest first. */
export function listAddressChanges(db: Db, trackingNo: string) {
  return db.selectFrom('address_changes').selectAll().where('tracking_no', '=', trackingNo).orderBy('id').execute();
}

/** Records the day the recipient asked for; a later ask replaces an earlier one. */
export async function saveDeliveryWish(trx: Db, wish: { tracking_no: string; wished_date: string; asked_at: number }): Promise<void> {
  await trx
    .insertInto('delivery_wishes')
    .values(wish)
    .onConflict((oc) => oc.column('tracking_no').doUpdateSet({ wished_date: wish.wished_date, asked_at: wish.asked_at }))
    .execute();
}

export function findDeliveryWish(db: Db, trackingNo: string) {
  return db.selectFrom('delivery_wishes').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirst();
}

/** The wishes of these items, by tracking number (for an office's lists). */
export async function findDeliveryWishes(db: Db, trackingNos: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const chunk = trackingNos.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('delivery_wishes').select(['tracking_no', 'wished_date']).where('tracking_no', 'in', chunk).execute();
    for (const r of rows) out.set(r.tracking_no, r.wished_date);
  }
  return out;
}
