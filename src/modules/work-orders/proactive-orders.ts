import type { Db } from '../../db/database.js';
import { OPEN_STATUSES } from './escalation-candidates.js';
import type { WorkOrderRow } from './work-order.repository.js';

/** The open proactive orders, `limit` after id `afterId`. */
export function listOpenProactiveOrders(db: Db, afterId: number, limit: number): Promise<WorkOrderRow[]> {
  return db
    .selectFrom('work_orders')
    .selectAll()
    .where('channel', '=', 'proactive')
    .where('status', 'in', OPEN_STATUSES)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** For each of these items: whether an order about it is open, and when its latest proactive order was opened. */
export async function workOrderPresence(db: Db, trackingNos: readonly string[]): Promise<Map<string, { open: boolean; lastProactiveAt: number | null }>> {
  const out = new Map<string, { open: boolean; lastProactiveAt: number | null }>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const chunk = trackingNos.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db.selectFrom('work_orders').select(['tracking_no', 'status', 'channel', 'created_at']).where('tracking_no', 'in', chunk).execute();
    for (const r of rows) {
      const seen = out.get(r.tracking_no!) ?? { open: false, lastProactiveAt: null };
      if ((OPEN_STATUSES as readonly string[]).includes(r.status)) seen.open = true;
      if (r.channel === 'proactive') seen.lastProactiveAt = Math.max(seen.lastProactiveAt ?? 0, Number(r.created_at));
      out.set(r.tracking_no!, seen);
    }
  }
  return out;
}
