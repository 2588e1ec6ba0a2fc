import type { Db } from '../../db/database.js';
import { insertAuditEntry } from './audit.repository.js';

export interface AuditEntry {
  /** Epoch milliseconds, from the caller's clock. */
  at: number;
  /** `token:<id>` or `user:<name>`: `req.caller.actor`. */
  actor: string;
  /** What was done, `<subject kind>.<verb>`, e.g. `recipient.reveal`. */
  action: string;
  /** What it was done to, e.g. a recipient id. */
  subject: string;
  /** Anything else worth keeping; stored as JSON. Never personal data in clear. */
  detail?: Record<string, unknown>;
  /** The partner the row concerns (the acting partner's credential, or a credential made for it); it may read the row. */
  partner?: string;
}

/** Appends to the audit log. Call it inside the transaction of the act when there is one. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, {
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    partner: entry.partner ?? null,
  });
}
