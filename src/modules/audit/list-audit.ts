import type { Db } from '../../db/database.js';
import { type Scope, scopedPartner } from '../../domain/access-scope.js';
import { localDayBounds, offsetMinutesAt, parseLocalDate } from '../../domain/local-day.js';
import { formatInstant } from '../../domain/scan-time.js';
import { listAuditPage } from './audit.repository.js';
import { type TAuditPage, type TAuditQuery, encodeAuditCursor } from './audit.schemas.js';

/**
 * GET /audit: newest first, filtered by action, actor, subject and local days; a partner's credential
 * sees only its partner's rows. A period of any length: the page, not the period, bounds the work.
 */
export async function listAudit(db: Db, query: TAuditQuery, timeZone: string, scope: Scope): Promise<TAuditPage> {
  const filter = {
    action: query.action,
    actor: query.actor,
    subject: query.subject,
    partner: scopedPartner(scope),
    since: query.from === undefined ? undefined : dayBounds(query.from, timeZone).startMs,
    until: query.to === undefined ? undefined : dayBounds(query.to, timeZone).endMs,
  };
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

/** For a date that passed ZLocalDate. */
function dayBounds(text: string, timeZone: string) {
  const date = parseLocalDate(text);
  if (!date) throw new Error(`not a local date: ${text}`);
  return localDayBounds(date, timeZone);
}
