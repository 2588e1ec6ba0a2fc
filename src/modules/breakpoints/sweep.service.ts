import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { SilenceType } from './breakpoint.table.js';
import {
  addToOutbox,
  closeBreakpoints,
  findCrossedSilences,
  findSilenceBreakpoints,
  markSilenceOpened,
  openBreakpoint,
  reopenBreakpoint,
} from './sweep.repository.js';

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

/**
 * Opens the silence break-points that are visible at `asOf` (DESIGN §5). Each item carries the
 * instant its pending silence becomes visible, so the sweep reads only the items that crossed it:
 * its cost follows the number of crossings, not the number of items stored. A silence closes when
 * the item's next event is stored (in the ingest transaction), not here; the sweep closes only a
 * stale silence of the same item that a newer one replaces.
 */
export async function sweepSilences(handle: DbHandle, asOf: number, now: number): Promise<SweepResult> {
  const total: SweepResult = { opened: 0, closed: 0 };
  for (;;) {
    const { crossed, opened, closed } = await withWriteTransaction(handle, async (trx) => {
      const items = await findCrossedSilences(trx, handle.dialect, asOf, BATCH);
      if (items.length === 0) return { crossed: 0, opened: 0, closed: 0 };
      const existing = await findSilenceBreakpoints(
        trx,
        items.map((i) => i.tracking_no),
      );
      let opened = 0;
      const toClose: number[] = [];
      for (const item of items) {
        const type = item.silence_type as SilenceType;
        const visit = item.silence_visit ?? 0;
        const unit = item.silence_unit ?? '';
        const dueAt = item.silence_due_at!;
        if (!(await markSilenceOpened(trx, item.tracking_no, dueAt))) continue;
        const mine = existing.filter((b) => b.tracking_no === item.tracking_no);
        for (const b of mine) if (b.closed_at === null && !(b.type === type && b.visit === visit)) toClose.push(Number(b.id));
        const same = mine.find((b) => b.type === type && b.visit === visit);
        if (same && same.closed_at === null) continue;
        const detail = SILENCE_DETAIL[type];
        let id: number;
        if (same) {
          id = Number(same.id);
          await reopenBreakpoint(trx, id, unit, dueAt, detail, now);
        } else {
          id = await openBreakpoint(trx, { trackingNo: item.tracking_no, type, visit, responsibleUnit: unit, openedAt: dueAt, detail }, now);
        }
        await addToOutbox(trx, { breakpointId: id, trackingNo: item.tracking_no, type, responsibleUnit: unit, openedAt: dueAt }, now);
        opened++;
      }
      return { crossed: items.length, opened, closed: await closeBreakpoints(trx, toClose, now) };
    });
    total.opened += opened;
    total.closed += closed;
    if (crossed < BATCH) return total;
  }
}
