import type { DbHandle } from './db/open-db.js';
import { withWriteTransaction } from './db/write-transaction.js';
import type { PersonalDataCipher } from './domain/personal-data.js';
import { rehashInvitationBindings } from './modules/invitations/invitation.repository.js';
import { listRecipientsToReseal, resealRecipient } from './modules/recipients/recipient.repository.js';
import { recipientIdHash } from './modules/recipients/recipient.service.js';
import { listRequestsToReseal, resealRequest } from './modules/requests/request.repository.js';

export interface ResealProgress {
  table: 'recipients' | 'requests';
  /** Rows re-sealed in this table so far, by this run. */
  resealed: number;
}

export interface ResealOptions {
  /** Rows per transaction: small, so a server writing at the same time waits at most a few milliseconds. */
  batchRows?: number;
  /** Told after each committed batch; throwing stops the run (it resumes where it stopped when run again). */
  onBatch?: (progress: ResealProgress) => void;
}

const DEFAULT_BATCH_ROWS = 200;

/**
 * Re-seals every sealed ID and phone number, and re-computes their lookup hashes, under the cipher's
 * current key; values sealed under the previous key are opened with it. Each module's rows are
 * changed by its own repository, a batch per short transaction, so a running server keeps working
 * (its cipher opens and finds values under both keys meanwhile). What is done is in the data (a value
 * names its key), so an interrupted run resumes where it stopped. Passes repeat until one finds
 * nothing left: a row a server changed under the old key meanwhile is picked up by the next pass.
 */
export async function resealPersonalData(store: DbHandle, cipher: PersonalDataCipher, options: ResealOptions = {}): Promise<{ recipients: number; requests: number }> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const done = { recipients: 0, requests: 0 };
  for (;;) {
    const recipients = await resealRecipients(store, cipher, batchRows, (n) => {
      done.recipients += n;
      options.onBatch?.({ table: 'recipients', resealed: done.recipients });
    });
    // After the recipients: a request made meanwhile from a listed recipient copies its sealed values.
    const requests = await resealRequests(store, cipher, batchRows, (n) => {
      done.requests += n;
      options.onBatch?.({ table: 'requests', resealed: done.requests });
    });
    if (recipients.found === 0 && requests.found === 0) return done;
  }
}

async function resealRecipients(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void): Promise<{ found: number }> {
  let found = 0;
  let afterId = '';
  for (;;) {
    const batch = await listRecipientsToReseal(store.db, cipher.currentKeyId, afterId, batchRows);
    if (batch.length === 0) return { found };
    found += batch.length;
    afterId = batch.at(-1)!.id;
    // Opened and sealed before the transaction, so the write lock is held only for the updates.
    const changes = batch.map((row) => {
      const idNumber = cipher.open(row.id_sealed);
      return { row, after: { id_hash: recipientIdHash(cipher, idNumber), id_sealed: cipher.seal(idNumber), phone_sealed: cipher.seal(cipher.open(row.phone_sealed)) } };
    });
    const n = await withWriteTransaction(store, async (trx) => {
      let updated = 0;
      for (const { row, after } of changes) {
        if (!(await resealRecipient(trx, row, after))) continue;
        // Invitations name their recipient by ID hash: moved in the same transaction.
        await rehashInvitationBindings(trx, row.program_code, row.id_hash, after.id_hash);
        updated++;
      }
      return updated;
    });
    committed(n);
  }
}

async function resealRequests(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void): Promise<{ found: number }> {
  let found = 0;
  let afterId = '';
  for (;;) {
    const batch = await listRequestsToReseal(store.db, cipher.currentKeyId, afterId, batchRows);
    if (batch.length === 0) return { found };
    found += batch.length;
    afterId = batch.at(-1)!.id;
    const changes = batch.map((row) => {
      const idNumber = row.id_sealed === null ? null : cipher.open(row.id_sealed);
      const phone = cipher.open(row.phone_sealed);
      return {
        row,
        after: {
          id_hash: idNumber === null ? row.id_hash : recipientIdHash(cipher, idNumber),
          id_sealed: idNumber === null ? null : cipher.seal(idNumber),
          phone_sealed: cipher.seal(phone),
          phone_hash: cipher.lookupHash('phone', phone),
        },
      };
    });
    const n = await withWriteTransaction(store, async (trx) => {
      let updated = 0;
      for (const { row, after } of changes) if (await resealRequest(trx, row, after)) updated++;
      return updated;
    });
    committed(n);
  }
}
