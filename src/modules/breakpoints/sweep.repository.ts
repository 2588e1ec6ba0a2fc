import type { Db, Dialect } from '../../db/database.js';
import { SILENCE_TYPES, type BreakpointType } from './breakpoint.table.js';

/** Items whose pending silence became visible before `asOf`, oldest first. */
export function findCrossedSilences(trx: Db, dialect: Dialect, asOf: number, limit: number) {
  const q = trx
    .selectFrom('items')
    .select(['tracking_no', 'silence_type', 'silence_unit', 'silence_visit', 'silence_due_at'])
    .where('silence_due_at', '<', asOf)
    .orderBy('silence_due_at')
    .orderBy('tracking_no')
    .limit(limit);
  // Two servers sweeping at once take disjoint items.
  return dialect === 'postgres' ? q.forUpdate().skipLocked().execute() : q.execute();
}

export function findSilenceBreakpoints(trx: Db, trackingNos: readonly string[]) {
  return trx
    .selectFrom('breakpoints')
    .select(['id', 'tracking_no', 'type', 'visit', 'closed_at'])
    .where('tracking_no', 'in', trackingNos)
    .where('type', 'in', SILENCE_TYPES)
    .execute();
}

export async function openBreakpoint(
  trx: Db,
  bp: { trackingNo: string; type: BreakpointType; visit: number; responsibleUnit: string; openedAt: number; detail: string },
  now: number,
): Promise<number> {
  const row = await trx
    .insertInto('breakpoints')
    .values({
      tracking_no: bp.trackingNo,
      type: bp.type,
      visit: bp.visit,
      responsible_unit: bp.responsibleUnit,
      opened_at: bp.openedAt,
      closed_at: null,
      detail: bp.detail,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function reopenBreakpoint(trx: Db, id: number, responsibleUnit: string, openedAt: number, detail: string, now: number): Promise<void> {
  await trx
    .updateTable('breakpoints')
    .set({ closed_at: null, responsible_unit: responsibleUnit, opened_at: openedAt, detail, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function closeBreakpoints(trx: Db, ids: readonly number[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await trx.updateTable('breakpoints').set({ closed_at: now, updated_at: now }).where('id', 'in', ids).where('closed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function addToOutbox(
  trx: Db,
  entry: { breakpointId: number; trackingNo: string; type: BreakpointType; responsibleUnit: string; openedAt: number },
  now: number,
): Promise<void> {
  await trx
    .insertInto('breakpoint_outbox')
    .values({
      breakpoint_id: entry.breakpointId,
      tracking_no: entry.trackingNo,
      type: entry.type,
      responsible_unit: entry.responsibleUnit,
      opened_at: entry.openedAt,
      created_at: now,
      delivered_at: null,
    })
    .execute();
}

/** Marks the item's pending silence as opened; only if it is still the one this sweep read. */
export async function markSilenceOpened(trx: Db, trackingNo: string, dueAt: number): Promise<boolean> {
  const r = await trx.updateTable('items').set({ silence_due_at: null }).where('tracking_no', '=', trackingNo).where('silence_due_at', '=', dueAt).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
