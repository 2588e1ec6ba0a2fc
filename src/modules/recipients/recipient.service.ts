import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { countProgramRecipients, findRecipientByHash } from './recipient.repository.js';
import type { RecipientTable } from './recipient.table.js';

/** The key a recipient is found by: the keyed hash of the ID number, with a check `x` as `X`. */
export function recipientIdHash(cipher: PersonalDataCipher, idNumber: string): string {
  return cipher.lookupHash('id', idNumber.trim().toUpperCase());
}

/** The key a recipient is found by phone: the same keyed hash requests keep of theirs (an 11-digit mobile number). */
export function recipientPhoneHash(cipher: PersonalDataCipher, phone: string): string {
  return cipher.lookupHash('phone', phone);
}

/** The phone hashes a recipient may be stored under: one per key of the ring during a key rotation. */
export function recipientPhoneHashes(cipher: PersonalDataCipher, phone: string): string[] {
  return cipher.lookupHashes('phone', phone);
}

/** The hashes a recipient may be stored under: one, or during a key rotation one per key of the ring. */
export function recipientIdHashes(cipher: PersonalDataCipher, idNumber: string): string[] {
  return cipher.lookupHashes('id', idNumber.trim().toUpperCase());
}

/** The program's listed recipient with this resident ID number, if any. */
export function findRecipientByIdNumber(
  db: Db,
  cipher: PersonalDataCipher,
  programCode: string,
  idNumber: string,
): Promise<Selectable<RecipientTable> | undefined> {
  return findRecipientByHash(db, programCode, recipientIdHashes(cipher, idNumber));
}

export function countRecipients(db: Db, programCode: string): Promise<number> {
  return countProgramRecipients(db, programCode);
}
