import { AppError } from '../../errors.js';
import { getProgram } from '../programs/program.service.js';
import { maskDocumentNo } from '../requests/masking.js';
import type { TPublicInvitation } from './invitation.schemas.js';
import { isPlaceable } from '../requests/request-draft.js';
import { type InvitationViewDeps, listedRecipientOf, localInstant, maskedRecipient } from './invitation-view.js';
import { resolveInvitation } from './resolve-invitation.js';
import { msg } from '../../i18n/message.js';

/**
 * What the citizen's page shows before the form: the program, the masked recipient or document,
 * the expiry and whether the link is still good. Used and expired links are described, not refused,
 * so the page can say so; forged and unknown ones are refused.
 */
export async function describeInvitation(deps: InvitationViewDeps, token: string, expectedProgram: string | undefined, now: number): Promise<TPublicInvitation> {
  const row = await resolveInvitation(deps.db, deps.cipher, token, expectedProgram);
  const program = await getProgram(deps.db, row.program_code);
  if (!program) throw new AppError('invitation_not_found', msg('invitation.programGone'));
  const listed = await listedRecipientOf(deps.db, row);
  const recipient = maskedRecipient(listed);
  return {
    programCode: program.code,
    programName: program.name,
    documentType: program.documentType,
    recipient,
    // The county only, for the form's picker: whoever holds the link is not shown where the recipient lives.
    divisionCode: listed && isPlaceable(listed.division_code) ? listed.division_code : null,
    documentNo: row.document_no === null ? null : maskDocumentNo(row.document_no),
    expiresAt: localInstant(Number(row.expires_at), deps.config.timeZone),
    expired: Number(row.expires_at) <= now,
    used: row.used_at !== null,
    asks: { name: recipient === null, idNumber: recipient === null && program.requirements.idCheck },
  };
}
