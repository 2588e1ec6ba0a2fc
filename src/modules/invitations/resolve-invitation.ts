import type { Db } from '../../db/database.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { AppError } from '../../errors.js';
import { readInvitationToken } from './invitation-token.js';
import { type InvitationRow, findInvitation } from './invitation.repository.js';
import { msg } from '../../i18n/message.js';

/**
 * The invitation a citizen's token names. A token that is malformed, forged or changed after signing
 * is `invitation_invalid`; a well-signed one whose invitation does not exist is `invitation_not_found`;
 * a token for another program than the page expects is `invitation_other_program`. Used and expired
 * invitations are returned: what that means is the caller's to say.
 */
export async function resolveInvitation(db: Db, cipher: PersonalDataCipher, token: string, expectedProgram?: string): Promise<InvitationRow> {
  const claims = readInvitationToken(cipher, token);
  if (!claims) throw new AppError('invitation_invalid', msg('invitation.altered'));
  const row = await findInvitation(db, claims.invitationId);
  if (!row) throw new AppError('invitation_not_found', msg('invitation.namesNone'));
  // The signature covers these; a mismatch means the row was changed or the key reused elsewhere.
  if (row.program_code !== claims.programCode || Number(row.expires_at) !== claims.expiresAt || row.document_no !== claims.documentNo) {
    throw new AppError('invitation_invalid', msg('invitation.mismatch'));
  }
  if (expectedProgram !== undefined && expectedProgram !== row.program_code) {
    throw new AppError('invitation_other_program', msg('invitation.otherProgram', { program: row.program_code, expected: expectedProgram }), { program: row.program_code });
  }
  return row;
}

/** Refuses an invitation that can no longer make a request. */
export function assertUsable(row: InvitationRow, now: number): void {
  if (row.used_at !== null) throw new AppError('invitation_used', msg('invitation.used'));
  if (Number(row.expires_at) <= now) throw new AppError('invitation_expired', msg('invitation.expired'));
}
