import type { DbHandle } from '../../db/open-db.js';
import { withRawWriteTransaction } from '../../db/write-tx.js';
import { itemStates } from '../items/item-state.repository.js';
import { SILENCE_TYPES, type SilenceType } from './breakpoint.table.js';
import { type BreakpointChanges, breakpointWriter } from './breakpoint-write.repository.js';

export interface SweepResult {
  opened: number;
  closed: number;
}

const BATCH = 1000;

const SILENCE_DETAIL: Record<SilenceType, string> = {
  SILENT_IN_TRANSIT: 'no scan since it left or was accepted (in transit too long)',
  SILENT_AT_OFFICE: 'arrived at the delivery office and not taken out for delivery',
  NO_DELIVERY_RESULT: 'out for delivery and no result by end of shift',
  SILENT_HELD: 'held or failed and not taken out again',
};

const SILENCES = new Set<string>(SILENCE_TYPES);

/**
 * Opens the silence break-points that are visible at `asOf` (DESIGN §5). Each item carries the
 * instant its pending silence becomes visible, so the sweep reads only the items that crossed it:
 * its cost follows the number of crossings, not the number of items stored. A silence closes when
 * the item's next event is stored (in the ingest transaction), not here; the sweep closes only a
 * stale silence of the same item that a newer one replaces. Break-points are written by the same
 * writer as the scan write path's, with their outbox rows.
 */
export async function sweepSilences(handle: DbHandle, asOf: number, now: number): Promise<SweepResult> {
  const total: SweepResult = { opened: 0, closed: 0 };
  for (;;) {
    const { crossed, opened, closed } = await withRawWriteTransaction(handle, async (tx) => {
      const items = itemStates(tx);
      const breakpoints = breakpointWriter(tx);
      const crossings = await items.findCrossedSilences(asOf, BATCH);
      if (crossings.length === 0) return { crossed: 0, opened: 0, closed: 0 };
      const existing = await breakpoints.ofItems(crossings.map((i) => i.trackingNo));
      const marked = await items.markSilencesOpened(crossings);
      const changes: BreakpointChanges[] = [];
      let opened = 0;
      for (const item of crossings) {
        if (!marked.has(item.trackingNo)) continue;
        const type = item.silenceType as SilenceType;
        const visit = item.silenceVisit ?? 0;
        const change: BreakpointChanges = { trackingNo: item.trackingNo, open: [], reopen: [], change: [], close: [], renumber: [] };
        const silences = (existing.get(item.trackingNo) ?? []).filter((b) => SILENCES.has(b.type));
        for (const b of silences) if (b.closedAt === null && !(b.type === type && b.visit === visit)) change.close.push(b.id);
        const same = silences.find((b) => b.type === type && b.visit === visit);
        if (!same || same.closedAt !== null) {
          const found = { type, visit, responsibleUnit: item.silenceUnit ?? '', openedAt: item.silenceDueAt, detail: SILENCE_DETAIL[type] };
          if (same) change.reopen.push({ id: same.id, found });
          else change.open.push(found);
          opened++;
        }
        changes.push(change);
      }
      const { closed } = await breakpoints.apply(changes, now);
      return { crossed: crossings.length, opened, closed };
    });
    total.opened += opened;
    total.closed += closed;
    if (crossed < BATCH) return total;
  }
}
