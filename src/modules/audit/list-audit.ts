import type { Db } from '../../db/database.js';
import { type Scope, scopedPartner } from '../../domain/access-scope.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { listAuditPage } from './audit.repository.js';
import { type TAuditPage, type TAuditQuery, encodeAuditCursor } from './audit.schemas.js';

/** GET /audit: newest first, filtered by action, actor and subject; a partner's credential sees only its partner's rows. */
export async function listAudit(db: Db, query: TAuditQuery, timeZone: string, scope: Scope): Promise<TAuditPage> {
  const filter = { action: query.action, actor: query.actor, subject: query.subject, partner: scopedPartner(scope) };
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listAuditPage(db, filter, query.cursor, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => {
      const at = Number(r.at);
      return {
        id: Number(r.id),
        at: formatInstant(at, offsetMinutesAt(at, timeZone)),
        actor: r.actor,
        action: r.action,
        subject: r.subject,
        // Written by recordAudit from a Record (audit.service.ts).
        detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
        partner: r.partner,
      };
    }),
    nextCursor: rows.length > query.limit && last ? encodeAuditCursor({ at: Number(last.at), id: Number(last.id) }) : null,
  };
}
