import type { Db } from '../../db/database.js';
import { committedIdHorizon, latestVisibleId } from '../../db/committed-horizon.js';
import type { RequestChangeKind } from './request.table.js';

/**
 * Tells the outbox a request was created or mailed, in the caller's transaction: the one call every
 * path that stores a request makes (through storeRequest), so no creation or mailing goes untold.
 */
export async function recordRequestChange(trx: Db, change: { requestId: string; programCode: string; kind: RequestChangeKind; trackingNo: string | null; at: number }): Promise<void> {
  await trx
    .insertInto('request_outbox')
    .values({ request_id: change.requestId, program_code: change.programCode, kind: change.kind, tracking_no: change.trackingNo, at: change.at })
    .execute();
}

/** How far a reader of the request outbox by id may go (see committed-horizon.ts). */
export const committedRequestOutboxHorizon = (db: Db) => committedIdHorizon(db, 'request_outbox');
export const latestVisibleRequestOutboxId = (db: Db) => latestVisibleId(db, 'request_outbox');

/** A request's change as the outbox tells it, with the agency's own id of the request. */
export interface RequestOutboxEntry {
  id: number;
  requestId: string;
  programCode: string;
  kind: RequestChangeKind;
  trackingNo: string | null;
  externalRef: string | null;
  at: number;
}

/** The next outbox rows after id `after` and at most `upTo`, in id order, at most `limit` of them. */
export async function listRequestOutboxAfter(db: Db, after: number, upTo: number, limit: number): Promise<RequestOutboxEntry[]> {
  const rows = await db
    .selectFrom('request_outbox as o')
    .leftJoin('requests as r', 'r.id', 'o.request_id')
    .select(['o.id', 'o.request_id', 'o.program_code', 'o.kind', 'o.tracking_no', 'o.at', 'r.external_ref'])
    .where('o.id', '>', after)
    .where('o.id', '<=', upTo)
    .orderBy('o.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    requestId: r.request_id,
    programCode: r.program_code,
    kind: r.kind,
    trackingNo: r.tracking_no,
    externalRef: r.external_ref ?? null,
    at: Number(r.at),
  }));
}

/** The request each item was mailed for, with the agency's id of it; one query per 500 numbers. */
export async function findRequestRefsByTrackingNos(db: Db, trackingNos: readonly string[]): Promise<Map<string, { requestId: string; externalRef: string | null }>> {
  const out = new Map<string, { requestId: string; externalRef: string | null }>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const rows = await db
      .selectFrom('requests')
      .select(['id', 'tracking_no', 'external_ref'])
      .where('tracking_no', 'in', trackingNos.slice(i, i + 500))
      // Should two requests ever carry one number, the later one wins, as for labels.
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) if (r.tracking_no) out.set(r.tracking_no, { requestId: r.id, externalRef: r.external_ref });
  }
  return out;
}
