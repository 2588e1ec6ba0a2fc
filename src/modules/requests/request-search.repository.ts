import { type KeyLookup, collectMatches } from '../../db/collect-matches.js';
import type { Db } from '../../db/database.js';
import type { RequestRow } from './request.repository.js';

/** What a search may look for in requests. Hashes are the value's under each key of the ring. */
export interface RequestSearchKeys {
  trackingNo?: string;
  phoneHashes?: readonly string[];
  idHashes?: readonly string[];
  name?: string;
  documentNo?: string;
  externalRef?: string;
}

export type RequestSearchKey = keyof RequestSearchKeys;

const COLUMNS = ['id', 'program_code', 'status', 'tracking_no', 'name', 'phone_masked', 'id_masked', 'document_no', 'external_ref', 'category', 'created_at'] as const;

export type FoundRequest = Pick<RequestRow, (typeof COLUMNS)[number]> & { matchedBy: RequestSearchKey[] };

/**
 * Requests of `programs` that any key finds, newest first, at most `limit` of each key. Every lookup
 * names the programs, so the (program, …) indexes serve document number, agency reference and ID
 * hash; phone hash, name and tracking number have indexes of their own.
 */
export async function searchRequests(db: Db, keys: RequestSearchKeys, programs: readonly string[], limit: number): Promise<FoundRequest[]> {
  if (programs.length === 0) return [];
  const base = () => db.selectFrom('requests').select(COLUMNS).where('program_code', 'in', [...programs]).orderBy('created_at', 'desc').orderBy('id', 'desc');
  const lookups: KeyLookup<RequestSearchKey, Omit<FoundRequest, 'matchedBy'>>[] = [];
  const { trackingNo, phoneHashes, idHashes, name, documentNo, externalRef } = keys;
  if (trackingNo) lookups.push(['trackingNo', (n) => base().where('tracking_no', '=', trackingNo).limit(n).execute()]);
  if (phoneHashes?.length) lookups.push(['phoneHashes', (n) => base().where('phone_hash', 'in', [...phoneHashes]).limit(n).execute()]);
  if (idHashes?.length) lookups.push(['idHashes', (n) => base().where('id_hash', 'in', [...idHashes]).limit(n).execute()]);
  if (name) lookups.push(['name', (n) => base().where('name', '=', name).limit(n).execute()]);
  if (documentNo) lookups.push(['documentNo', (n) => base().where('document_no', '=', documentNo).limit(n).execute()]);
  if (externalRef) lookups.push(['externalRef', (n) => base().where('external_ref', '=', externalRef).limit(n).execute()]);
  return collectMatches(lookups, limit);
}
