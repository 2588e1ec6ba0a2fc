import type { Db } from './db/database.js';
import type { DbHandle } from './db/open-db.js';
import { withWriteTransaction } from './db/write-transaction.js';
import type { PersonalDataCipher } from './domain/personal-data.js';
import { rehashInvitationBindings } from './modules/invitations/invitation.repository.js';
import { listRecipientsToReseal, resealRecipient } from './modules/recipients/recipient.repository.js';
import { recipientIdHash, recipientPhoneHash } from './modules/recipients/recipient.service.js';
import { listRequestsToReseal, resealRequest } from './modules/requests/request.repository.js';
import { listEndpointsToReseal, resealEndpointSecrets } from './modules/webhooks/webhook-endpoint.repository.js';
import { listWorkOrdersToReseal, resealWorkOrderContact } from './modules/work-orders/work-order.repository.js';

export interface ResealProgress {
  table: 'recipients' | 'requests' | 'webhook_endpoints' | 'work_orders';
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
 * current key, and the webhook endpoints' signing secrets with them; values sealed under the previous key are opened with it. Each module's rows are
 * changed by its own repository, a batch per short transaction, so a running server keeps working
 * (its cipher opens and finds values under both keys meanwhile). What is done is in the data (a value
 * names its key), so an interrupted run resumes where it stopped. Passes repeat until one finds
 * nothing left: a row a server changed under the old key meanwhile is picked up by the next pass.
 */
export async function resealPersonalData(
  store: DbHandle,
  cipher: PersonalDataCipher,
  options: ResealOptions = {},
): Promise<{ recipients: number; requests: number; webhookSecrets: number }> {
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const done = { recipients: 0, requests: 0, webhookSecrets: 0 };
  let workOrders = 0;
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
    const endpoints = await resealWebhookSecrets(store, cipher, batchRows, (n) => {
      done.webhookSecrets += n;
      options.onBatch?.({ table: 'webhook_endpoints', resealed: done.webhookSecrets });
    });
    // Work orders' contact phones are told through onBatch only: the answer keeps the shape callers read.
    const orders = await resealWorkOrderContacts(store, cipher, batchRows, (n) => {
      workOrders += n;
      options.onBatch?.({ table: 'work_orders', resealed: workOrders });
    });
    if (recipients.found === 0 && requests.found === 0 && endpoints.found === 0 && orders.found === 0) return done;
  }
}

/**
 * One table's walk: batches of rows still sealed under another key, in id order, each opened and sealed
 * before its transaction (so the write lock is held only for the updates), then stored by the table's
 * own repository. Answers how many rows it found.
 */
async function resealInBatches<Row extends { id: string }, After>(
  store: DbHandle,
  walk: {
    list: (afterId: string) => Promise<Row[]>;
    change: (row: Row) => After;
    store: (trx: Db, row: Row, after: After) => Promise<boolean>;
    committed: (n: number) => void;
  },
): Promise<{ found: number }> {
  let found = 0;
  let afterId = '';
  for (;;) {
    const batch = await walk.list(afterId);
    if (batch.length === 0) return { found };
    found += batch.length;
    afterId = batch.at(-1)!.id;
    const changes = batch.map((row) => ({ row, after: walk.change(row) }));
    const n = await withWriteTransaction(store, async (trx) => {
      let updated = 0;
      for (const { row, after } of changes) if (await walk.store(trx, row, after)) updated++;
      return updated;
    });
    walk.committed(n);
  }
}

function resealRecipients(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void) {
  return resealInBatches(store, {
    list: (afterId) => listRecipientsToReseal(store.db, cipher.currentKeyId, afterId, batchRows),
    change: (row) => {
      const idNumber = cipher.open(row.id_sealed);
      const phone = cipher.open(row.phone_sealed);
      return { id_hash: recipientIdHash(cipher, idNumber), id_sealed: cipher.seal(idNumber), phone_sealed: cipher.seal(phone), phone_hash: recipientPhoneHash(cipher, phone) };
    },
    store: async (trx, row, after) => {
      if (!(await resealRecipient(trx, row, after))) return false;
      // Invitations name their recipient by ID hash: moved in the same transaction.
      await rehashInvitationBindings(trx, row.program_code, row.id_hash, after.id_hash);
      return true;
    },
    committed,
  });
}

function resealRequests(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void) {
  return resealInBatches(store, {
    list: (afterId) => listRequestsToReseal(store.db, cipher.currentKeyId, afterId, batchRows),
    change: (row) => {
      const idNumber = row.id_sealed === null ? null : cipher.open(row.id_sealed);
      const phone = cipher.open(row.phone_sealed);
      return {
        id_hash: idNumber === null ? row.id_hash : recipientIdHash(cipher, idNumber),
        id_sealed: idNumber === null ? null : cipher.seal(idNumber),
        phone_sealed: cipher.seal(phone),
        phone_hash: cipher.lookupHash('phone', phone),
      };
    },
    store: resealRequest,
    committed,
  });
}

/** An endpoint's secret signs its webhooks: one sealed under a retired key could no longer be opened to sign. */
function resealWebhookSecrets(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void) {
  return resealInBatches(store, {
    list: (afterId) => listEndpointsToReseal(store.db, cipher.currentKeyId, afterId, batchRows),
    change: (row) => ({
      secret_sealed: cipher.seal(cipher.open(row.secret_sealed)),
      previous_secret_sealed: row.previous_secret_sealed === null ? null : cipher.seal(cipher.open(row.previous_secret_sealed)),
    }),
    store: resealEndpointSecrets,
    committed,
  });
}

/** A work order's contact phone, sealed and found like the recipients'. */
function resealWorkOrderContacts(store: DbHandle, cipher: PersonalDataCipher, batchRows: number, committed: (n: number) => void) {
  return resealInBatches(store, {
    list: (afterId) => listWorkOrdersToReseal(store.db, cipher.currentKeyId, afterId, batchRows),
    change: (row) => {
      const phone = cipher.open(row.contact_phone_sealed);
      return { contact_phone_sealed: cipher.seal(phone), contact_phone_hash: cipher.lookupHash('phone', phone) };
    },
    store: resealWorkOrderContact,
    committed,
  });
}
