import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { AuditLogTable } from './audit.table.js';

export async function insertAuditEntry(db: Db, entry: Insertable<AuditLogTable>): Promise<void> {
  await db.insertInto('audit_log').values(entry).execute();
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  subject?: string;
  /** Only the rows of this partner (a partner's credential sees no other). */
  partner?: string;
  /** Rows at or after this instant (epoch ms). */
  since?: number;
  /** Rows before this instant (epoch ms). */
  until?: number;
}

/** Newest first, by (at, id); `before` is the last row of the previous page. */
export function listAuditPage(db: Db, filter: AuditFilter, before: { at: number; id: number } | undefined, limit: number) {
  let q = db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.subject) q = q.where('subject', '=', filter.subject);
  if (filter.partner !== undefined) q = q.where('partner', '=', filter.partner);
  if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
  if (filter.until !== undefined) q = q.where('at', '<', filter.until);
  if (before) q = q.where((eb) => eb.or([eb('at', '<', before.at), eb.and([eb('at', '=', before.at), eb('id', '<', before.id)])]));
  return q.execute();
}
