import type { Db } from '../../db/database.js';
import type { ApiTokenTable } from './api-token.table.js';

export async function insertApiToken(db: Db, token: ApiTokenTable): Promise<void> {
  await db.insertInto('api_tokens').values(token).onConflict((oc) => oc.column('token_hash').doNothing()).execute();
}

export function findActiveTokenByHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'role', 'name'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function countApiTokens(db: Db): Promise<number> {
  const row = await db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
