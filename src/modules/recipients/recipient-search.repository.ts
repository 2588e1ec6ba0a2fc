import { type KeyLookup, collectMatches } from '../../db/collect-matches.js';
import type { Db } from '../../db/database.js';
import type { RecipientRow } from './recipient.repository.js';

/** What a search may look for in recipient lists. Hashes are the value's under each key of the ring. */
export interface RecipientSearchKeys {
  phoneHashes?: readonly string[];
  idHashes?: readonly string[];
  name?: string;
}

export type RecipientSearchKey = keyof RecipientSearchKeys;

const COLUMNS = ['id', 'program_code', 'name', 'phone_masked', 'id_masked', 'category', 'division_code', 'created_at'] as const;

export type FoundRecipient = Pick<RecipientRow, (typeof COLUMNS)[number]> & { matchedBy: RecipientSearchKey[] };

/** Listed recipients of `programs` that any key finds, newest first, at most `limit` of each key. */
export async function searchRecipients(db: Db, keys: RecipientSearchKeys, programs: readonly string[], limit: number): Promise<FoundRecipient[]> {
  if (programs.length === 0) return [];
  const base = () => db.selectFrom('recipients').select(COLUMNS).where('program_code', 'in', [...programs]).orderBy('created_at', 'desc').orderBy('id', 'desc');
  const lookups: KeyLookup<RecipientSearchKey, Omit<FoundRecipient, 'matchedBy'>>[] = [];
  const { phoneHashes, idHashes, name } = keys;
  if (phoneHashes?.length) lookups.push(['phoneHashes', (n) => base().where('phone_hash', 'in', [...phoneHashes]).limit(n).execute()]);
  // (program, ID hash) is the list's own unique index.
  if (idHashes?.length) lookups.push(['idHashes', (n) => base().where('id_hash', 'in', [...idHashes]).limit(n).execute()]);
  if (name) lookups.push(['name', (n) => base().where('name', '=', name).limit(n).execute()]);
  return collectMatches(lookups, limit);
}
