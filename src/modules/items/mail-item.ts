import type { Db } from '../../db/database.js';
import { DEFAULT_SERVICE_INDICATOR, allocateTrackingNumbers } from './item.service.js';
import { countItem } from './items-created.js';
import { findItemsWithSuspectScans } from './suspect-scans.js';

/** An item mailed for a program's request: its destination is known, its number is allocated here. */
export interface NewMailItem {
  programCode: string;
  destDivisionCode: string;
  destAddress: string;
  /** The delivery office that serves the destination. */
  deliveryOffice?: string | null;
  weightGrams: number | null;
  serviceIndicator?: string;
}

/**
 * Allocates an S10 number and stores the item with its program. Runs in the caller's transaction, so
 * the item disappears with the request if a later step fails (the serial stays consumed: numbers are
 * never reused). Undefined when the service indicator has no number left.
 */
export async function createMailItem(trx: Db, item: NewMailItem, now: number): Promise<string | undefined> {
  const serviceIndicator = item.serviceIndicator ?? DEFAULT_SERVICE_INDICATOR;
  const [trackingNo] = await allocateTrackingNumbers(trx, serviceIndicator, 1);
  if (!trackingNo) return undefined;
  await trx
    .insertInto('items')
    .values({
      tracking_no: trackingNo,
      service_indicator: serviceIndicator,
      origin_unit: null,
      dest_division_code: item.destDivisionCode,
      dest_address: item.destAddress,
      weight_grams: item.weightGrams,
      program_code: item.programCode,
      delivery_office: item.deliveryOffice ?? null,
      source: 'api',
      status: 'CREATED',
      created_at: now,
    })
    .execute();
  await countItem(trx, now, item.programCode, item.deliveryOffice ?? null, 1);
  return trackingNo;
}

export interface MailItemProgress {
  trackingNo: string;
  createdAt: number;
  /** The first ACCEPTED scan; null before it. */
  acceptedAt: number | null;
  deliveredAt: number | null;
  status: string;
  /** Has a scan dated before its request (suspect-scans.ts). */
  suspect: boolean;
}

/** Creation, acceptance and delivery instants of the given items (unknown numbers are left out). */
export async function listMailItemProgress(db: Db, trackingNos: readonly string[]): Promise<MailItemProgress[]> {
  const out: MailItemProgress[] = [];
  // Bounded IN lists: SQLite caps bound parameters per statement.
  for (let i = 0; i < trackingNos.length; i += 500) {
    const chunk = trackingNos.slice(i, i + 500);
    const suspect = await findItemsWithSuspectScans(db, chunk);
    const rows = await db
      .selectFrom('items')
      .select(['tracking_no', 'created_at', 'accepted_at', 'delivered_at', 'status'])
      .where('tracking_no', 'in', chunk)
      .execute();
    for (const r of rows) {
      out.push({
        trackingNo: r.tracking_no,
        createdAt: Number(r.created_at),
        acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
        deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
        status: r.status,
        suspect: suspect.has(r.tracking_no),
      });
    }
  }
  return out;
}
