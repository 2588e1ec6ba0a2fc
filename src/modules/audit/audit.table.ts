import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** Who acted: `token:<id>` or `user:<username>`. */
  actor: string;
  /** e.g. `recipient.reveal` */
  action: string;
  /** What was acted on, e.g. the recipient id. */
  subject: string;
  detail: string | null;
  /** The partner the row concerns, whose credentials may read it; null for the post's own acts. */
  partner: string | null;
}
