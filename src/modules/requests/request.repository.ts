import type { Insertable, Selectable } from 'kysely';
import { compiledQuery } from '../../db/compiled-query.js';
import type { Db } from '../../db/database.js';
import type { ItemChargeTable, RequestTable } from './request.table.js';

export type RequestRow = Selectable<RequestTable>;

export async function insertRequest(trx: Db, row: Insertable<RequestTable>): Promise<void> {
  await trx.insertInto('requests').values(row).execute();
}

/**
 * Takes a waiting request for completion. The condition makes two completions of the same request
 * exclusive: on PostgreSQL the second waits for the first's row lock, then finds it no longer
 * waiting; on SQLite writers are serialised already.
 */
export async function claimWaitingRequest(trx: Db, id: string, now: number): Promise<boolean> {
  const result = await trx.updateTable('requests').set({ updated_at: now }).where('id', '=', id).where('status', '=', 'waiting').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateRequest(trx: Db, id: string, changes: Partial<Omit<RequestTable, 'id' | 'program_code' | 'created_at'>>): Promise<void> {
  await trx.updateTable('requests').set(changes).where('id', '=', id).execute();
}

export function findRequest(db: Db, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * What a citizen's tracking look-up reads of the request behind a tracking number: no sealed data, and
 * all of it in the index `requests_by_tracking_no` (migration 0030), so the read stops there.
 */
export const TRACKING_REQUEST_COLUMNS = ['program_code', 'name', 'phone_masked', 'division_code'] as const;

export async function findRequestByTrackingNo(db: Db, trackingNo: string): Promise<Pick<RequestRow, (typeof TRACKING_REQUEST_COLUMNS)[number]> | undefined> {
  return (await requestByTrackingNo(db, trackingNo))[0];
}

// Built once per database handle: read on every citizen's tracking look-up.
const requestByTrackingNo = compiledQuery((db, trackingNo: string) => db.selectFrom('requests').select(TRACKING_REQUEST_COLUMNS).where('tracking_no', '=', trackingNo));

/** The program's requests for any of these people (by ID hash) or documents, oldest first. */
export async function findRequestsForPeopleOrDocuments(
  db: Db,
  programCode: string,
  idHashes: readonly string[],
  documentNos: readonly string[],
): Promise<Pick<RequestRow, 'id' | 'id_hash' | 'document_no' | 'status'>[]> {
  const out: Pick<RequestRow, 'id' | 'id_hash' | 'document_no' | 'status'>[] = [];
  for (const [column, values] of [['id_hash', idHashes], ['document_no', documentNos]] as const) {
    for (let i = 0; i < values.length; i += 500) {
      const rows = await db
        .selectFrom('requests')
        .select(['id', 'id_hash', 'document_no', 'status', 'created_at'])
        .where('program_code', '=', programCode)
        .where(column, 'in', values.slice(i, i + 500))
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      out.push(...rows.map(({ created_at: _c, ...r }) => r));
    }
  }
  return out;
}

/** The program's requests that carry any of these agency ids. */
export async function findRequestsByExternalRefs(db: Db, programCode: string, refs: readonly string[]): Promise<Map<string, string>> {
  const byRef = new Map<string, string>();
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db.selectFrom('requests').select(['id', 'external_ref']).where('program_code', '=', programCode).where('external_ref', 'in', refs.slice(i, i + 500)).execute();
    for (const r of rows) if (r.external_ref !== null) byRef.set(r.external_ref, r.id);
  }
  return byRef;
}

/** A page of the program's requests in id order after `afterId`, optionally of one agency id or status. */
export function listRequestPage(db: Db, filter: { programCode: string; externalRef?: string; status?: RequestRow['status'] }, afterId: string | undefined, limit: number): Promise<RequestRow[]> {
  let q = db.selectFrom('requests').selectAll().where('program_code', '=', filter.programCode).orderBy('id').limit(limit);
  if (filter.externalRef !== undefined) q = q.where('external_ref', '=', filter.externalRef);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  if (afterId !== undefined) q = q.where('id', '>', afterId);
  return q.execute();
}

/** The charges of these items, in one query per 500 numbers. */
export async function listChargesOf(db: Db, trackingNos: readonly string[]): Promise<Selectable<ItemChargeTable>[]> {
  const out: Selectable<ItemChargeTable>[] = [];
  for (let i = 0; i < trackingNos.length; i += 500) {
    out.push(...(await db.selectFrom('item_charges').selectAll().where('tracking_no', 'in', trackingNos.slice(i, i + 500)).orderBy('payer').execute()));
  }
  return out;
}

export async function insertCharges(trx: Db, rows: readonly Insertable<ItemChargeTable>[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('item_charges').values([...rows]).execute();
}

export function listCharges(db: Db, trackingNo: string): Promise<Selectable<ItemChargeTable>[]> {
  return db.selectFrom('item_charges').selectAll().where('tracking_no', '=', trackingNo).orderBy('payer').execute();
}

export type SealedRequest = Pick<RequestRow, 'id' | 'id_hash' | 'id_sealed' | 'phone_sealed' | 'phone_hash'>;

/**
 * The next requests, in id order after `afterId`, with a value not yet sealed under the key `keyId`:
 * a batch of a key rotation. Key ids are hex digits, so the pattern holds no wildcard.
 */
export function listRequestsToReseal(db: Db, keyId: string, afterId: string, limit: number): Promise<SealedRequest[]> {
  const sealedUnder = `v2.${keyId}.%`;
  return db
    .selectFrom('requests')
    .select(['id', 'id_hash', 'id_sealed', 'phone_sealed', 'phone_hash'])
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb.and([eb('id_sealed', 'is not', null), eb('id_sealed', 'not like', sealedUnder)]), eb('phone_sealed', 'not like', sealedUnder)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Replaces a request's sealed values and hashes with those made under the new key, if the row is
 * still as it was read (a completion may have changed it since: it is then left for the next pass).
 */
export async function resealRequest(trx: Db, before: SealedRequest, after: Omit<SealedRequest, 'id'>): Promise<boolean> {
  let q = trx
    .updateTable('requests')
    .set(after)
    .where('id', '=', before.id)
    .where('phone_sealed', '=', before.phone_sealed)
    .where('phone_hash', '=', before.phone_hash);
  q = before.id_sealed === null ? q.where('id_sealed', 'is', null) : q.where('id_sealed', '=', before.id_sealed);
  q = before.id_hash === null ? q.where('id_hash', 'is', null) : q.where('id_hash', '=', before.id_hash);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
