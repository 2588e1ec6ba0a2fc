import type { Db } from '../../db/database.js';

/** The clientId of the item's delivered outcome, if one is stored (with its proof). */
export async function findDeliveredOutcome(db: Db, trackingNo: string): Promise<{ clientId: string } | undefined> {
  const row = await db
    .selectFrom('delivery_outcomes')
    .select('client_id')
    .where('tracking_no', '=', trackingNo)
    .where('outcome', '=', 'delivered')
    .orderBy('at_ms')
    .executeTakeFirst();
  return row && { clientId: row.client_id };
}
