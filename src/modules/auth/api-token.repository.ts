import type { Db } from '../../db/database.js';
import type { ApiTokenTable, TokenSource } from './api-token.table.js';

/** Inserts the token unless its hash is already stored; says whether it did. */
export async function insertApiToken(db: Db, token: ApiTokenTable): Promise<boolean> {
  const result = await db.insertInto('api_tokens').values(token).onConflict((oc) => oc.column('token_hash').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The token with this hash if it works at `now`: not revoked, not expired. */
export function findActiveTokenByHash(db: Db, tokenHash: string, now: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'name', 'source', 'expires_at', 'partner'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
}

export function findTokenByHash(db: Db, tokenHash: string) {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export function findTokenById(db: Db, id: string) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every token, or those of one partner, newest first; the hash is left out, as no caller needs it. */
export function listApiTokens(db: Db, partner?: string) {
  let q = db.selectFrom('api_tokens').select(['id', 'role', 'name', 'source', 'created_at', 'expires_at', 'revoked_at', 'partner']);
  if (partner !== undefined) q = q.where('partner', '=', partner);
  return q.orderBy('created_at', 'desc').orderBy('id').execute();
}

/** Revokes the token unless it already is; answers its hash when this call revoked it. */
export async function revokeTokenById(db: Db, id: string, now: number): Promise<string | undefined> {
  const row = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  return row?.token_hash;
}

export async function countApiTokens(db: Db): Promise<number> {
  const row = await db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Live tokens of one source other than `keepId`, e.g. the admin tokens an earlier SONGDA_ADMIN_TOKEN registered. */
export function findLiveTokensOfSource(db: Db, source: TokenSource, keepId: string, createdUpTo: number) {
  return db
    .selectFrom('api_tokens')
    .select('id')
    .where('source', '=', source)
    .where('id', '!=', keepId)
    .where('revoked_at', 'is', null)
    .where('created_at', '<=', createdUpTo)
    .execute();
}
