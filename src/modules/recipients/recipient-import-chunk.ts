import { randomInt, randomUUID } from 'node:crypto';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { maskPhone } from '../../domain/phone.js';
import { maskResidentId } from '../../domain/resident-id.js';
import type { RecipientRow } from './recipient.repository.js';
import type { RecipientCandidate } from './validate-recipient-row.js';

/**
 * Checked rows of a list on their way to storage, one array per field: arrays of strings are copied
 * to a worker thread at about a third of the cost of as many objects.
 */
export interface RecipientChunk {
  name: string[];
  idNumber: string[];
  phone: string[];
  category: string[];
  address: string[];
  divisionCode: string[];
  /** The lookup hash of each ID number, computed while checking for repeats within the file. */
  idHash: string[];
}

export function emptyRecipientChunk(): RecipientChunk {
  return { name: [], idNumber: [], phone: [], category: [], address: [], divisionCode: [], idHash: [] };
}

export function addToChunk(chunk: RecipientChunk, c: RecipientCandidate, idHash: string): number {
  chunk.name.push(c.name);
  chunk.idNumber.push(c.idNumber);
  chunk.phone.push(c.phone);
  chunk.category.push(c.category);
  chunk.address.push(c.address);
  chunk.divisionCode.push(c.divisionCode);
  return chunk.idHash.push(idHash);
}

/**
 * During a key rotation, each ID number's hash under the previous key (the one a listed recipient not
 * yet re-sealed is stored under); undefined when the ring has one key.
 */
export function previousIdHashes(cipher: PersonalDataCipher, chunk: RecipientChunk): string[] | undefined {
  if (chunk.idNumber.length === 0 || cipher.lookupHashes('id', chunk.idNumber[0]!).length < 2) return undefined;
  return chunk.idNumber.map((id) => cipher.lookupHashes('id', id.trim().toUpperCase())[1]!);
}

/** The chunk as table rows, ID and phone sealed: the costly part of a row, done outside any transaction. */
export function sealRecipientRows(cipher: PersonalDataCipher, programCode: string, chunk: RecipientChunk, now: number, nextId: () => string): RecipientRow[] {
  const rows = new Array<RecipientRow>(chunk.idHash.length);
  for (let i = 0; i < rows.length; i++) {
    const idNumber = chunk.idNumber[i]!;
    const phone = chunk.phone[i]!;
    rows[i] = {
      id: nextId(),
      program_code: programCode,
      id_hash: chunk.idHash[i]!,
      id_sealed: cipher.seal(idNumber),
      id_masked: maskResidentId(idNumber),
      name: chunk.name[i]!,
      phone_sealed: cipher.seal(phone),
      phone_masked: maskPhone(phone),
      category: chunk.category[i]!,
      address: chunk.address[i]!,
      division_code: chunk.divisionCode[i]!,
      created_at: now,
      updated_at: now,
    };
  }
  return rows;
}

/**
 * Ids for the recipients of one import, laid out as UUIDv7: the first 48 bits are the time, then bits
 * drawn at random once per import and a counter from a random start (RFC 9562, method 1). A list's
 * recipients get neighbouring, increasing ids, so each chunk adds to the end of the primary-key index
 * instead of rewriting pages all over the part the list's earlier chunks filled.
 */
export function recipientIdSequence(now: number): () => string {
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  const random = randomUUID();
  // The version digit, 12 random bits, the variant and 28 random bits; the last 32 bits count.
  const fixed = `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19, 23)}-${random.slice(24, 28)}`;
  // Below 2^31, so that a list of any size allowed cannot run the counter past 32 bits.
  let counter = randomInt(2 ** 31);
  return () => fixed + (counter++).toString(16).padStart(8, '0');
}
