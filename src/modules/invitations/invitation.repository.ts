import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { InvitationTable } from './invitation.table.js';

export type InvitationRow = Selectable<InvitationTable>;

export async function insertInvitations(trx: Db, rows: readonly Insertable<InvitationTable>[]): Promise<void> {
  // Chunks keep each INSERT under SQLite's bound-parameter cap.
  for (let i = 0; i < rows.length; i += 100) await trx.insertInto('invitations').values(rows.slice(i, i + 100)).execute();
}

export function findInvitation(db: Db, id: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A batch's invitations (ids `<batch>-<n>`) or the given ids, of one program, in creation order. */
export async function listProgramInvitations(db: Db, programCode: string, select: { batch: string } | { ids: readonly string[] }): Promise<InvitationRow[]> {
  let q = db.selectFrom('invitations').selectAll().where('program_code', '=', programCode);
  // The batch is 12 hex digits (checked at the edge), so it holds no LIKE wildcard.
  q = 'batch' in select ? q.where('id', 'like', `${select.batch}-%`) : q.where('id', 'in', [...select.ids]);
  const rows = await q.execute();
  return rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || sequenceOf(a.id) - sequenceOf(b.id) || (a.id < b.id ? -1 : 1));
}

export interface BatchRow {
  batch: string;
  created_at: number;
  expires_at: number;
  invitations: number;
  used: number;
  /** Unused and past their expiry at `now`. */
  expired: number;
}

/**
 * A program's batches, newest first, with how many invitations each holds, how many were used and
 * how many lapsed unused. The batch is the first 12 characters of an invitation's id (`<batch>-<n>`);
 * `substr` means the same on SQLite and PostgreSQL.
 */
export async function listProgramBatches(db: Db, programCode: string, now: number, limit: number): Promise<BatchRow[]> {
  const batch = sql<string>`substr(id, 1, 12)`;
  const rows = await db
    .selectFrom('invitations')
    .select((eb) => [
      batch.as('batch'),
      eb.fn.min('created_at').as('created_at'),
      eb.fn.max('expires_at').as('expires_at'),
      eb.fn.countAll().as('invitations'),
      eb.fn.count('used_at').as('used'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('used_at', 'is', null), eb('expires_at', '<=', now)])).then(1).else(0).end()).as('expired'),
    ])
    .where('program_code', '=', programCode)
    .groupBy(batch)
    .orderBy('created_at', 'desc')
    .orderBy('batch', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    batch: r.batch,
    created_at: Number(r.created_at),
    expires_at: Number(r.expires_at),
    invitations: Number(r.invitations),
    used: Number(r.used),
    expired: Number(r.expired),
  }));
}

const sequenceOf = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1)) || 0;

/**
 * Marks the invitation used by a request, if it is still unused and unexpired. The condition is what
 * makes an invitation single-use under concurrency: on PostgreSQL a second transaction waits for the
 * first one's row lock, then finds `used_at` set and updates nothing; on SQLite writers take turns.
 */
export async function markInvitationUsed(trx: Db, id: string, requestId: string, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('invitations')
    .set({ used_at: now, request_id: requestId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Points a program's invitations bound to a recipient by the old ID hash to the new one: run in the
 * transaction that re-hashes that recipient during a key rotation, so a binding never dangles.
 */
export async function rehashInvitationBindings(trx: Db, programCode: string, fromHash: string, toHash: string): Promise<void> {
  if (fromHash === toHash) return;
  await trx.updateTable('invitations').set({ recipient_id_hash: toHash }).where('program_code', '=', programCode).where('recipient_id_hash', '=', fromHash).execute();
}

/** The latest expiry of an invitation not yet used: until then a link signed today may still be followed. */
export async function latestOpenInvitationExpiry(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('invitations')
    .select((eb) => eb.fn.max('expires_at').as('latest'))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return row?.latest == null ? undefined : Number(row.latest);
}
