import type { Db } from '../../db/database.js';
import { countItem } from './items-created.js';

/** Where an item is going: its address, the county it is in, and the delivery office that serves it. */
export interface ItemDestination {
  trackingNo: string;
  programCode: string | null;
  status: string;
  address: string | null;
  divisionCode: string | null;
  deliveryOffice: string | null;
  /** Delivered (a DELIVERED event is stored) or sent back (a RETURNED event is stored): its way can no longer change. */
  finished: 'delivered' | 'returned' | null;
}

/**
 * The item's destination and whether it is finished; undefined for an unknown number. Reads in the
 * caller's transaction; with `lock`, the item's row is locked first (a no-op update: PostgreSQL's row
 * lock, SQLite's transaction already holds the write lock), so that a change and a delivery scan
 * writing the item at once are told apart in order and the change reads what the scan stored.
 */
export async function findItemDestination(db: Db, trackingNo: string, options: { lock?: boolean } = {}): Promise<ItemDestination | undefined> {
  if (options.lock) await db.updateTable('items').set((eb) => ({ tracking_no: eb.ref('tracking_no') })).where('tracking_no', '=', trackingNo).execute();
  const item = await db
    .selectFrom('items')
    .select(['tracking_no', 'program_code', 'status', 'dest_address', 'dest_division_code', 'delivery_office', 'delivered_at'])
    .where('tracking_no', '=', trackingNo)
    .executeTakeFirst();
  if (!item) return undefined;
  const returned = await db.selectFrom('scan_events').select('id').where('tracking_no', '=', trackingNo).where('code', '=', 'RETURNED').limit(1).executeTakeFirst();
  return {
    trackingNo: item.tracking_no,
    programCode: item.program_code,
    status: item.status,
    address: item.dest_address,
    divisionCode: item.dest_division_code,
    deliveryOffice: item.delivery_office,
    finished: item.delivered_at !== null || item.status === 'DELIVERED' ? 'delivered' : returned ? 'returned' : null,
  };
}

/**
 * Sends the item to a new address: the county and the delivery office that serves it. The scans decide
 * where the item is; this only says where it should go (an item already at the old office is
 * dispatched from it to the new one, a new visit to the break-point rules).
 */
export async function setItemDestination(trx: Db, trackingNo: string, to: { address: string; divisionCode: string; deliveryOffice: string }): Promise<void> {
  const item = await trx.selectFrom('items').select(['created_at', 'program_code', 'delivery_office']).where('tracking_no', '=', trackingNo).executeTakeFirst();
  if (item && item.delivery_office !== to.deliveryOffice) {
    // The items created per hour are counted by office: the item moves from the old one's count to the new one's.
    await countItem(trx, Number(item.created_at), item.program_code, item.delivery_office, -1);
    await countItem(trx, Number(item.created_at), item.program_code, to.deliveryOffice, 1);
  }
  await trx
    .updateTable('items')
    .set({ dest_address: to.address, dest_division_code: to.divisionCode, delivery_office: to.deliveryOffice })
    .where('tracking_no', '=', trackingNo)
    .execute();
}
