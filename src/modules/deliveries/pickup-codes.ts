import { randomInt } from 'node:crypto';
import type { Db } from '../../db/database.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';

/** Wrong codes tried before a code stops working; staff then issue a new one (decision 0037). */
export const PICKUP_CODE_LOCK_AFTER = 5;

/** How a pickup code given at the counter compares with the item's live code. */
export type PickupCodeComparison = 'none given' | 'no code' | 'locked' | 'matched' | 'wrong';

/** What staff see of an item's live code. */
export interface MaskedPickupCode {
  office: string;
  masked: string;
  issuedAt: number;
  locked: boolean;
}

/** `****12`: the last two digits tell codes apart on the office's list; the rest never leaves the server. */
export const maskPickupCode = (tail: string) => `****${tail}`;

/** Bound to the item, so one code's hash says nothing about another item's. */
const hashesOf = (cipher: PersonalDataCipher, trackingNo: string, code: string) => cipher.lookupHashes('pickup', `${trackingNo}:${code}`);

/**
 * Makes the item's pickup code, replacing any earlier one (which stops working), and returns it in
 * clear: the only moment it exists so. The caller hands it to the recipient's notice and drops it.
 */
export async function issuePickupCode(
  db: Db,
  cipher: PersonalDataCipher,
  item: { trackingNo: string; office: string },
  issuedBy: string,
  now: number,
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const row = {
    tracking_no: item.trackingNo,
    office: item.office,
    code_hash: cipher.lookupHash('pickup', `${item.trackingNo}:${code}`),
    code_tail: code.slice(-2),
    issued_at: now,
    issued_by: issuedBy,
    wrong_tries: 0,
  };
  await db
    .insertInto('pickup_codes')
    .values(row)
    .onConflict((oc) => oc.column('tracking_no').doUpdateSet({ office: row.office, code_hash: row.code_hash, code_tail: row.code_tail, issued_at: now, issued_by: issuedBy, wrong_tries: 0 }))
    .execute();
  return code;
}

/** The items (of these) that have a live code. */
export async function findPickupCodes(db: Db, trackingNos: readonly string[]): Promise<Map<string, MaskedPickupCode & { hash: string }>> {
  const found = new Map<string, MaskedPickupCode & { hash: string }>();
  for (let i = 0; i < trackingNos.length; i += 500) {
    const rows = await db
      .selectFrom('pickup_codes')
      .select(['tracking_no', 'office', 'code_hash', 'code_tail', 'issued_at', 'wrong_tries'])
      .where('tracking_no', 'in', trackingNos.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      found.set(r.tracking_no, { office: r.office, hash: r.code_hash, masked: maskPickupCode(r.code_tail), issuedAt: Number(r.issued_at), locked: Number(r.wrong_tries) >= PICKUP_CODE_LOCK_AFTER });
    }
  }
  return found;
}

/** Compared by keyed hash under every key of the ring, as ID numbers are: a key rotation does not fail a pickup. */
export function comparePickupCode(cipher: PersonalDataCipher, trackingNo: string, given: string | undefined, live: { hash: string; locked: boolean } | undefined): PickupCodeComparison {
  if (given === undefined) return 'none given';
  if (live === undefined) return 'no code';
  if (live.locked) return 'locked';
  return hashesOf(cipher, trackingNo, given).includes(live.hash) ? 'matched' : 'wrong';
}

/** Each wrong code given for an item is counted on its code; at the limit the code stops working. */
export async function countWrongPickupCodes(db: Db, trackingNos: readonly string[]): Promise<void> {
  for (const trackingNo of trackingNos) {
    await db
      .updateTable('pickup_codes')
      .set((eb) => ({ wrong_tries: eb('wrong_tries', '+', 1) }))
      .where('tracking_no', '=', trackingNo)
      .execute();
  }
}
