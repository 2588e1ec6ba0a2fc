import type { Db } from '../../db/database.js';

export interface Period {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

const count = (n: unknown) => Number(n ?? 0);

/**
 * Recipients the program listed in the period. A read of the recipients table for this report only
 * (the recipients module offers no count by period).
 */
export async function countListedRecipients(db: Db, programCode: string, period: Period): Promise<number> {
  const row = await db
    .selectFrom('recipients')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('program_code', '=', programCode)
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .executeTakeFirstOrThrow();
  return count(row.n);
}

/** Invitations made in the period for documents not on the list. */
export async function countDocumentInvitations(db: Db, programCode: string, period: Period): Promise<number> {
  const row = await db
    .selectFrom('invitations')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('program_code', '=', programCode)
    .where('document_no', 'is not', null)
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .executeTakeFirstOrThrow();
  return count(row.n);
}

export interface RequestCounts {
  requests: number;
  /** Requests for documents known neither from the list nor from a document invitation. */
  unlistedDocuments: number;
  /** Tracking numbers of the period's requests that became items. */
  trackingNos: string[];
}

/** The same counts as readPeriodRequests, counted by the database: the numbers without the list. */
export async function countPeriodRequests(db: Db, programCode: string, period: Period): Promise<Omit<RequestCounts, 'trackingNos'> & { mailed: number }> {
  const row = await db
    .selectFrom('requests')
    .select((eb) => [
      eb.fn.countAll().as('requests'),
      eb.fn.count('tracking_no').as('mailed'),
      eb.fn
        .sum(eb.case().when(eb.or([eb('recipient_id', 'is', null).and(eb('invitation_id', 'is', null)), eb('recipient_id', 'is', null).and(eb('document_no', 'is', null))])).then(1).else(0).end())
        .as('unlisted'),
    ])
    .where('program_code', '=', programCode)
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .executeTakeFirstOrThrow();
  return { requests: count(row.requests), mailed: count(row.mailed), unlistedDocuments: count(row.unlisted) };
}

export async function readPeriodRequests(db: Db, programCode: string, period: Period): Promise<RequestCounts> {
  const rows = await db
    .selectFrom('requests')
    .select(['recipient_id', 'invitation_id', 'document_no', 'tracking_no'])
    .where('program_code', '=', programCode)
    .where('created_at', '>=', period.startMs)
    .where('created_at', '<', period.endMs)
    .execute();
  return {
    requests: rows.length,
    unlistedDocuments: rows.filter((r) => r.recipient_id === null && (r.invitation_id === null || r.document_no === null)).length,
    trackingNos: rows.flatMap((r) => (r.tracking_no ? [r.tracking_no] : [])),
  };
}

/** Postage and donations charged for the items of the period's requests, all payers together. */
export async function sumPeriodCharges(db: Db, programCode: string, period: Period): Promise<{ postageFen: number; donationFen: number }> {
  const row = await db
    .selectFrom('item_charges')
    .innerJoin('requests', 'requests.tracking_no', 'item_charges.tracking_no')
    .select((eb) => [eb.fn.sum<number>('item_charges.postage_fen').as('postage'), eb.fn.sum<number>('item_charges.donation_fen').as('donation')])
    .where('requests.program_code', '=', programCode)
    .where('requests.created_at', '>=', period.startMs)
    .where('requests.created_at', '<', period.endMs)
    .executeTakeFirstOrThrow();
  return { postageFen: count(row.postage), donationFen: count(row.donation) };
}
