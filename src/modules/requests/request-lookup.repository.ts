import type { Db } from '../../db/database.js';
import type { RequestTable } from './request.table.js';

/** What a label needs of the request an item was made from; sealed ID and phone are never read. */
export type RequestForLabel = Pick<
  RequestTable,
  'id' | 'tracking_no' | 'program_code' | 'name' | 'phone_masked' | 'address' | 'division_code' | 'delivery_office' | 'created_at'
>;

const CHUNK = 500;

/**
 * The requests that made the items `trackingNos`, by tracking number, one query per 500 numbers.
 * Should two requests ever carry one number, the later one is kept: it is the one the item was
 * last mailed for.
 */
export async function findRequestsByTrackingNos(db: Db, trackingNos: readonly string[]): Promise<Map<string, RequestForLabel>> {
  const byTrackingNo = new Map<string, RequestForLabel>();
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const chunk = trackingNos.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('requests')
      .select(['id', 'tracking_no', 'program_code', 'name', 'phone_masked', 'address', 'division_code', 'delivery_office', 'created_at'])
      .where('tracking_no', 'in', chunk)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) if (row.tracking_no) byTrackingNo.set(row.tracking_no, row);
  }
  return byTrackingNo;
}

/**
 * The keyed hash of the recipient's ID number for each item made from a request that holds one: what
 * a courier's ID check at the door is compared with. The sealed number is never read.
 */
export async function findRecipientIdHashes(db: Db, trackingNos: readonly string[]): Promise<Map<string, string>> {
  const byTrackingNo = new Map<string, string>();
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const rows = await db
      .selectFrom('requests')
      .select(['tracking_no', 'id_hash'])
      .where('tracking_no', 'in', trackingNos.slice(i, i + CHUNK))
      .where('id_hash', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) if (row.tracking_no && row.id_hash) byTrackingNo.set(row.tracking_no, row.id_hash);
  }
  return byTrackingNo;
}

/**
 * The recipient's phone, sealed and masked, for each item made from a request: what the
 * notifications module sends to. The number is handed over sealed and opened only to send.
 */
export async function findRecipientPhones(db: Db, trackingNos: readonly string[]): Promise<Map<string, { phoneSealed: string; phoneMasked: string }>> {
  const byTrackingNo = new Map<string, { phoneSealed: string; phoneMasked: string }>();
  for (let i = 0; i < trackingNos.length; i += CHUNK) {
    const rows = await db
      .selectFrom('requests')
      .select(['tracking_no', 'phone_sealed', 'phone_masked'])
      .where('tracking_no', 'in', trackingNos.slice(i, i + CHUNK))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const row of rows) if (row.tracking_no) byTrackingNo.set(row.tracking_no, { phoneSealed: row.phone_sealed, phoneMasked: row.phone_masked });
  }
  return byTrackingNo;
}
