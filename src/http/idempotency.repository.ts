import type { Selectable } from 'kysely';
import type { Db } from '../db/database.js';
import type { IdempotencyKeyTable } from './idempotency.table.js';

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

export interface KeyClaim {
  credential: string;
  key: string;
  claim: string;
  now: number;
  /** When the claim lapses if its request never answers (a crashed server). */
  leaseUntil: number;
}

/** Deletes the keys whose time is over: they count as never used. */
export async function sweepExpiredKeys(db: Db, now: number): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).execute();
}

/**
 * Stores a claim on the key unless a live row holds it, and answers the row that holds it now: this
 * claim when it was taken, else the running claim or the stored answer of an earlier request.
 */
export async function claimKey(db: Db, c: KeyClaim): Promise<IdempotencyKeyRow | undefined> {
  const fresh = { claim: c.claim, fingerprint: null, status_code: null, content_type: null, body: null, created_at: c.now, expires_at: c.leaseUntil };
  await db
    .insertInto('idempotency_keys')
    .values({ credential: c.credential, key: c.key, ...fresh })
    .onConflict((oc) => oc.columns(['credential', 'key']).doUpdateSet(fresh).where('idempotency_keys.expires_at', '<=', c.now))
    .execute();
  return db.selectFrom('idempotency_keys').selectAll().where('credential', '=', c.credential).where('key', '=', c.key).executeTakeFirst();
}

export interface StoredAnswer {
  fingerprint: string;
  statusCode: number;
  contentType: string | null;
  body: string;
  expiresAt: number;
}

/** Turns this request's claim into its answer; false when the claim was lost (it lapsed and another request took the key). */
export async function storeAnswer(db: Db, credential: string, key: string, claim: string, answer: StoredAnswer): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ fingerprint: answer.fingerprint, status_code: answer.statusCode, content_type: answer.contentType, body: answer.body, expires_at: answer.expiresAt })
    .where('credential', '=', credential)
    .where('key', '=', key)
    .where('claim', '=', claim)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Lets the key go, as if this request had never sent it. */
export async function releaseClaim(db: Db, credential: string, key: string, claim: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('credential', '=', credential).where('key', '=', key).where('claim', '=', claim).execute();
}
