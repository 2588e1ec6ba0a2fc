import type { Db } from '../../db/database.js';

export function findRecipientByHash(db: Db, programCode: string, idHash: string) {
  return db.selectFrom('recipients').selectAll().where('program_code', '=', programCode).where('id_hash', '=', idHash).executeTakeFirst();
}

export function findRecipient(db: Db, id: string) {
  return db.selectFrom('recipients').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countProgramRecipients(db: Db, programCode: string): Promise<number> {
  const row = await db
    .selectFrom('recipients')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('program_code', '=', programCode)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
