import { withWriteTransaction } from '../../db/write-transaction.js';
import { AppError } from '../../errors.js';
import { getProgram } from '../programs/program.service.js';
import { findRecipientByHash } from '../recipients/recipient.repository.js';
import type { RequestDeps } from '../requests/create-agency-requests.js';
import { loadMailingPlan } from '../requests/mailing-plan.js';
import { RequestIndex } from '../requests/request-dedup.js';
import { type FieldError, type RequestDraft, checkAddress, checkIdNumber, checkPhone, draftFromDetails, draftFromListed, isFieldError } from '../requests/request-draft.js';
import { storeRequest } from '../requests/store-request.js';
import type { TPublicRequestInput, TPublicRequestResult } from './invitation.schemas.js';
import { findInvitation, markInvitationUsed } from './invitation.repository.js';
import { assertUsable, resolveInvitation } from './resolve-invitation.js';
import { msg } from '../../i18n/message.js';

/**
 * A citizen's request through an invitation link. Every check that can refuse it runs before anything
 * is written; then, in one transaction, the invitation is marked used (only if still unused), the
 * request stored and, when deliverable, the item and its charges. A refusal at any step leaves the
 * invitation unused and no request, item or tracking number behind.
 */
export async function requestByInvitation(deps: RequestDeps, token: string, input: TPublicRequestInput, now: number): Promise<TPublicRequestResult> {
  const invitation = await resolveInvitation(deps.db, deps.cipher, token, input.program);
  assertUsable(invitation, now);
  const program = await getProgram(deps.db, invitation.program_code);
  if (!program) throw new AppError('invitation_not_found', msg('invitation.programGone'));

  const listed = invitation.recipient_id_hash ? await findRecipientByHash(deps.db, program.code, invitation.recipient_id_hash) : undefined;
  const phone = checkPhone(input.phone);
  if (isFieldError(phone)) throw fieldError(phone);
  const address = checkAddress(input.address, input.divisionCode);
  if (isFieldError(address)) throw fieldError(address);
  const origin = { source: 'qr' as const, invitationId: invitation.id, documentNo: invitation.document_no };
  let draft: RequestDraft;
  if (listed) {
    // Bound to a listed recipient: who it is comes from the list; the citizen gives where and how to reach them.
    draft = draftFromListed(deps.cipher, listed, { phone, address }, origin);
  } else {
    if (input.name === undefined) throw fieldError({ field: 'name', error: msg('request.nameRequired') });
    let idNumber: string | undefined;
    if (input.idNumber !== undefined) {
      const checked = checkIdNumber(input.idNumber);
      if (isFieldError(checked)) throw fieldError(checked);
      idNumber = checked;
    } else if (program.requirements.idCheck) {
      throw fieldError({ field: 'idNumber', error: msg('request.idRequired') });
    }
    // A citizen cannot claim a special category on their own say-so: only the agency's list carries it.
    draft = draftFromDetails(deps.cipher, { name: input.name, phone, idNumber, category: 'ordinary', address }, origin);
  }

  const plan = await loadMailingPlan(deps.db, program);
  const target = (await RequestIndex.load(deps.db, program.code, [draft])).claim(draft);
  if ('duplicate' in target) {
    throw new AppError('conflict', msg(target.duplicate.field === 'idNumber' ? 'invitation.alreadyMailedToRecipient' : 'invitation.alreadyMailed'));
  }

  const outcome = await withWriteTransaction(deps.store, async (trx) => {
    if (!(await markInvitationUsed(trx, invitation.id, target.requestId, now))) {
      // Another submission won the race (or the link expired meanwhile): say which, change nothing.
      const fresh = await findInvitation(trx, invitation.id);
      if (fresh) assertUsable(fresh, now);
      throw new AppError('invitation_used', msg('invitation.used'));
    }
    const stored = await storeRequest(trx, plan, draft, now, target);
    if (stored.kind === 'no_numbers') throw new AppError('unavailable', msg('invitation.noNumbers'));
    if (stored.kind === 'already_completed') throw new AppError('conflict', msg('invitation.alreadyMailed'));
    return stored;
  });
  return outcome.kind === 'mailed'
    ? { requestId: outcome.requestId, programName: program.name, status: 'mailed', trackingNo: outcome.trackingNo }
    : { requestId: outcome.requestId, programName: program.name, status: 'waiting', statusReason: outcome.statusReason };
}

const fieldError = (e: FieldError) => new AppError('invalid_request', e.error, [{ field: e.field, message: e.error }]);
