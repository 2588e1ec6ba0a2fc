import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { ReportOutboxTable } from './report-outbox.table.js';

/**
 * Tells the outbox that a program's report for a week is stored, in the caller's transaction (the one
 * that stores the report): only program reports, a division's has no partner to push it to.
 */
export async function recordReportReady(trx: Db, row: Omit<Insertable<ReportOutboxTable>, 'id'>): Promise<void> {
  await trx.insertInto('report_outbox').values(row).execute();
}

/** How far a reader of the report outbox by id may go (see committed-horizon.ts). */
export const committedReportOutboxHorizon = (db: Db) => committedIdHorizon(db, 'report_outbox');
export const latestVisibleReportOutboxId = (db: Db) => latestVisibleId(db, 'report_outbox');

export type ReportOutboxRow = Selectable<ReportOutboxTable>;

/** The next outbox rows after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listReportOutboxAfter(db: Db, after: number, upTo: number, limit: number): Promise<ReportOutboxRow[]> {
  const rows = await db.selectFrom('report_outbox').selectAll().where('id', '>', after).where('id', '<=', upTo).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), at: Number(r.at) }));
}
