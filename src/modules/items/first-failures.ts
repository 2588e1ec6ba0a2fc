import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ScanCode } from '../scans/scan-event.table.js';

/** The instant of each item's first DELIVERY_FAILED scan (items with none are left out). */
export async function findFirstFailures(db: Db, trackingNos: readonly string[]): Promise<Map<string, number>> {
  return (await findFirstScans(db, ['DELIVERY_FAILED'], trackingNos)).get('DELIVERY_FAILED')!;
}

/** Per scan code, the instant of each item's first scan of it (items with none are left out). */
export async function findFirstScans<C extends ScanCode>(db: Db, codes: readonly C[], trackingNos: readonly string[]): Promise<Map<C, Map<string, number>>> {
  const out = new Map(codes.map((c) => [c, new Map<string, number>()]));
  if (trackingNos.length === 0 || codes.length === 0) return out;
  const result = await sql<{ tracking_no: string; code: C; at_ms: number | string }>`
    select tracking_no, code, min(at_ms) as at_ms from scan_events
    where code in (${sql.join(codes.map((c) => sql.lit(c)))}) and tracking_no in (${sql.join(trackingNos)})
    group by tracking_no, code`.execute(db);
  for (const r of result.rows) out.get(r.code)!.set(r.tracking_no, Number(r.at_ms));
  return out;
}
