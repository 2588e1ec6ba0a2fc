import { randomInt, randomUUID } from 'node:crypto';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { maskPhone } from '../../domain/phone.js';
import { maskResidentId } from '../../domain/resident-id.js';
import type { RecipientRow } from './recipient.repository.js';
import { recipientIdHash, recipientIdHashes, recipientPhoneHash } from './recipient.service.js';
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
  /**
   * The ID hash and the sealed ID and phone of the rows sealed so far, from the first: hashing and
   * sealing cost more than anything else a row needs, and are done by whichever thread has time for
   * them (sealChunkRows), the rest by the writer.
   */
  idHash: string[];
  idSealed: string[];
  phoneSealed: string[];
  phoneHash: string[];
}

export function emptyRecipientChunk(): RecipientChunk {
  return { name: [], idNumber: [], phone: [], category: [], address: [], divisionCode: [], idHash: [], idSealed: [], phoneSealed: [], phoneHash: [] };
}

/** Adds a checked row; answers the rows in the chunk. */
export function addToChunk(chunk: RecipientChunk, c: RecipientCandidate): number {
  chunk.name.push(c.name);
  chunk.phone.push(c.phone);
  chunk.category.push(c.category);
  chunk.address.push(c.address);
  chunk.divisionCode.push(c.divisionCode);
  return chunk.idNumber.push(c.idNumber);
}

export const rowsIn = (chunk: RecipientChunk) => chunk.idNumber.length;
export const rowsSealed = (chunk: RecipientChunk) => chunk.idSealed.length;

/** Hashes ID and phone and seals them of the rows from the first not yet sealed up to `end`. */
export function sealChunkRows(cipher: PersonalDataCipher, chunk: RecipientChunk, end = rowsIn(chunk)): void {
  for (let i = rowsSealed(chunk); i < end; i++) {
    const idNumber = chunk.idNumber[i]!;
    chunk.idHash.push(recipientIdHash(cipher, idNumber));
    chunk.idSealed.push(cipher.seal(idNumber));
    chunk.phoneSealed.push(cipher.seal(chunk.phone[i]!));
    chunk.phoneHash.push(recipientPhoneHash(cipher, chunk.phone[i]!));
  }
}

/** Each row's ID hash, without sealing what is not yet sealed: all a dry run needs. */
export function chunkIdHashes(cipher: PersonalDataCipher, chunk: RecipientChunk): string[] {
  return chunk.idNumber.map((id, i) => chunk.idHash[i] ?? recipientIdHash(cipher, id));
}

/**
 * During a key rotation, each ID number's hash under the previous key (the one a listed recipient not
 * yet re-sealed is stored under); undefined when the ring has one key.
 */
export function previousIdHashes(cipher: PersonalDataCipher, chunk: RecipientChunk): string[] | undefined {
  if (rowsIn(chunk) === 0 || recipientIdHashes(cipher, chunk.idNumber[0]!).length < 2) return undefined;
  return chunk.idNumber.map((id) => recipientIdHashes(cipher, id)[1]!);
}

/** The chunk as table rows, sealing the rows not yet sealed: done outside any transaction. */
export function recipientRowsOf(cipher: PersonalDataCipher, programCode: string, chunk: RecipientChunk, now: number, nextId: () => string): RecipientRow[] {
  sealChunkRows(cipher, chunk);
  const rows = new Array<RecipientRow>(rowsIn(chunk));
  for (let i = 0; i < rows.length; i++) {
    rows[i] = {
      id: nextId(),
      program_code: programCode,
      id_hash: chunk.idHash[i]!,
      id_sealed: chunk.idSealed[i]!,
      id_masked: maskResidentId(chunk.idNumber[i]!),
      name: chunk.name[i]!,
      phone_sealed: chunk.phoneSealed[i]!,
      phone_hash: chunk.phoneHash[i]!,
      phone_masked: maskPhone(chunk.phone[i]!),
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
