import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { recipientPhoneHash } from './recipient.service.js';

const BATCH_ROWS = 500;

/**
 * Gives every recipient listed before phone hashes were kept (migration 0015) the keyed hash of its
 * phone number, so that a search by phone finds it. Needs the data key, which a migration has not, so
 * the server runs it once it has opened the key. A batch per short transaction; the rows still without
 * a hash are what is left to do, so a run stopped halfway resumes where it stopped. A row changed
 * meanwhile (a new import, a key rotation) is skipped: whoever changed it wrote its hash.
 */
export async function fillRecipientPhoneHashes(store: DbHandle, cipher: PersonalDataCipher): Promise<number> {
  let filled = 0;
  let afterId = '';
  for (;;) {
    const batch = await store.db
      .selectFrom('recipients')
      .select(['id', 'phone_sealed'])
      .where('phone_hash', 'is', null)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(BATCH_ROWS)
      .execute();
    if (batch.length === 0) return filled;
    afterId = batch.at(-1)!.id;
    const hashes = batch.map((r) => ({ ...r, phone_hash: recipientPhoneHash(cipher, cipher.open(r.phone_sealed)) }));
    filled += await withWriteTransaction(store, async (trx) => {
      let n = 0;
      for (const r of hashes) {
        const result = await trx
          .updateTable('recipients')
          .set({ phone_hash: r.phone_hash })
          .where('id', '=', r.id)
          .where('phone_hash', 'is', null)
          .where('phone_sealed', '=', r.phone_sealed)
          .executeTakeFirst();
        n += Number(result.numUpdatedRows);
      }
      return n;
    });
  }
}
