import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/** The instant of each item's first DELIVERY_FAILED scan (items with none are left out). */
export async function findFirstFailures(db: Db, trackingNos: readonly string[]): Promise<Map<string, number>> {
  if (trackingNos.length === 0) return new Map();
  const result = await sql<{ tracking_no: string; at_ms: number | string }>`
    select tracking_no, min(at_ms) as at_ms from scan_events
    where code = ${sql.lit('DELIVERY_FAILED')} and tracking_no in (${sql.join(trackingNos)})
    group by tracking_no`.execute(db);
  return new Map(result.rows.map((r) => [r.tracking_no, Number(r.at_ms)]));
}
