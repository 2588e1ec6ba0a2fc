import type { Db } from '../../db/database.js';
import { type Scope, scopedPartner } from '../../domain/access-scope.js';
import { findActors } from '../audit/find-actors.js';
import { getProgramInScope } from '../programs/program.service.js';
import { localInstant } from './invitation-view.js';
import { listProgramBatches } from './invitation.repository.js';
import { MAX_BATCHES_LISTED, type TInvitationBatch } from './invitation.schemas.js';

/**
 * The batches a program's invitations were made in, newest first, each with its counts and who made
 * it, so a batch can be found again and reopened (its links with `?batch=`, its sheet).
 */
export async function listInvitationBatches(db: Db, programCode: string, now: number, timeZone: string, scope: Scope): Promise<TInvitationBatch[]> {
  const program = await getProgramInScope(db, programCode, scope);
  const rows = await listProgramBatches(db, program.code, now, MAX_BATCHES_LISTED);
  if (rows.length === 0) return [];
  // A batch's audit row is written in the batch's own transaction, at its created_at.
  const made = rows.map((r) => r.created_at);
  const actors = await findActors(db, {
    action: 'invitation.create',
    subjects: rows.map((r) => r.batch),
    from: Math.min(...made),
    to: Math.max(...made),
    partner: scopedPartner(scope),
  });
  return rows.map((r) => ({
    batch: r.batch,
    createdAt: localInstant(r.created_at, timeZone),
    createdBy: actors.get(r.batch) ?? null,
    expiresAt: localInstant(r.expires_at, timeZone),
    invitations: r.invitations,
    used: r.used,
    open: r.invitations - r.used - r.expired,
    expired: r.expired,
    sheet: `/api/v1/programs/${encodeURIComponent(program.code)}/invitations/sheet.pdf?batch=${r.batch}`,
  }));
}
