import type { Db } from '../../db/database.js';

/** An open break-point, as proactive service reads it. */
export interface OpenBreakpoint {
  id: number;
  trackingNo: string;
  type: string;
  responsibleUnit: string;
  openedAt: number;
}

/**
 * The open break-points of a program's items opened at or before `openedBefore`, oldest first, `limit`
 * after id `afterId` (a read model over the items' program: the break-points module reads
 * `items.program_code`, never writes it).
 */
export async function listOpenBreakpointsOfProgram(db: Db, programCode: string, openedBefore: number, afterId: number, limit: number): Promise<OpenBreakpoint[]> {
  const rows = await db
    .selectFrom('breakpoints as b')
    .innerJoin('items as i', 'i.tracking_no', 'b.tracking_no')
    .select(['b.id', 'b.tracking_no', 'b.type', 'b.responsible_unit', 'b.opened_at'])
    .where('i.program_code', '=', programCode)
    .where('b.closed_at', 'is', null)
    .where('b.opened_at', '<=', openedBefore)
    .where('b.id', '>', afterId)
    .orderBy('b.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), trackingNo: r.tracking_no, type: r.type, responsibleUnit: r.responsible_unit, openedAt: Number(r.opened_at) }));
}

/** The open break-points of these items, by item. */
export async function listOpenBreakpointsOfItems(db: Db, trackingNos: readonly string[]): Promise<Map<string, OpenBreakpoint[]>> {
  const out = new Map<string, OpenBreakpoint[]>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const chunk = trackingNos.slice(i, i + 500);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('breakpoints')
      .select(['id', 'tracking_no', 'type', 'responsible_unit', 'opened_at'])
      .where('tracking_no', 'in', chunk)
      .where('closed_at', 'is', null)
      .execute();
    for (const r of rows) {
      const list = out.get(r.tracking_no) ?? [];
      list.push({ id: Number(r.id), trackingNo: r.tracking_no, type: r.type, responsibleUnit: r.responsible_unit, openedAt: Number(r.opened_at) });
      out.set(r.tracking_no, list);
    }
  }
  return out;
}
