import type { Db } from '../../db/database.js';
import type { DeliveryIdMismatchTable, DeliveryOutcomeTable, ImageKind } from './delivery.table.js';

// Reads of the deliveries' tables, and the one write made outside the scan write path: a counted ID
// mismatch (its outcome is refused, so there is no event to write with it). Outcomes and their images
// are written by delivery-proof.writer.ts, inside the transaction of their events.

const CHUNK = 500;

/** The outcomes already stored under these clientIds: clientId → item. */
export async function findClientIds(db: Db, clientIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < clientIds.length; i += CHUNK) {
    const rows = await db.selectFrom('delivery_outcomes').select(['client_id', 'tracking_no']).where('client_id', 'in', clientIds.slice(i, i + CHUNK)).execute();
    for (const r of rows) found.set(r.client_id, r.tracking_no);
  }
  return found;
}

export async function insertIdMismatches(db: Db, rows: readonly Omit<DeliveryIdMismatchTable, 'id'>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('delivery_id_mismatches').values([...rows]).execute();
}

export async function countIdMismatches(db: Db, trackingNo: string): Promise<number> {
  const row = await db
    .selectFrom('delivery_id_mismatches')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('tracking_no', '=', trackingNo)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** An item's outcomes by instant, with the kinds of image each keeps (never the bytes). */
export async function listOutcomesOf(db: Db, trackingNo: string): Promise<(DeliveryOutcomeTable & { images: ImageKind[] })[]> {
  const outcomes = await db.selectFrom('delivery_outcomes').selectAll().where('tracking_no', '=', trackingNo).orderBy('at_ms').orderBy('created_at').execute();
  if (outcomes.length === 0) return [];
  const images = await db
    .selectFrom('delivery_images')
    .select(['outcome_id', 'kind'])
    .where('tracking_no', '=', trackingNo)
    .where(
      'outcome_id',
      'in',
      outcomes.map((o) => o.id),
    )
    .orderBy('kind')
    .execute();
  return outcomes.map((o) => ({ ...o, images: images.filter((i) => i.outcome_id === o.id).map((i) => i.kind) }));
}

export function findOutcome(db: Db, trackingNo: string, id: string) {
  return db.selectFrom('delivery_outcomes').select(['id', 'tracking_no', 'site']).where('id', '=', id).where('tracking_no', '=', trackingNo).executeTakeFirst();
}

export function findImage(db: Db, trackingNo: string, outcomeId: string, kind: ImageKind) {
  return db
    .selectFrom('delivery_images')
    .select(['media_type', 'bytes'])
    .where('tracking_no', '=', trackingNo)
    .where('outcome_id', '=', outcomeId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** Refused ID numbers recorded in [startMs, endMs), counted per office and per program. */
export async function countIdMismatchesIn(db: Db, period: { startMs: number; endMs: number }) {
  const bySite = await db
    .selectFrom('delivery_id_mismatches')
    .select((eb) => ['site', eb.fn.countAll<number | string>().as('n')])
    .where('at', '>=', period.startMs)
    .where('at', '<', period.endMs)
    .groupBy('site')
    .orderBy('site')
    .execute();
  const byProgram = await db
    .selectFrom('delivery_id_mismatches')
    .select((eb) => ['program_code', eb.fn.countAll<number | string>().as('n')])
    .where('at', '>=', period.startMs)
    .where('at', '<', period.endMs)
    .groupBy('program_code')
    .orderBy('program_code')
    .execute();
  return { bySite, byProgram };
}
