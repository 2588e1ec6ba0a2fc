import type { Scope } from '../../domain/access-scope.js';
import { randomBytes } from 'node:crypto';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { getProgramInScope } from '../programs/program.service.js';
import { findRecipientByIdNumber } from '../recipients/recipient.service.js';
import { checkIdNumber, isFieldError } from '../requests/request-draft.js';
import type { InvitationTable } from './invitation.table.js';
import { type InvitationViewDeps, localInstant, toInvitationViews } from './invitation-view.js';
import { MAX_INVITATIONS_PER_CALL, type TCreateInvitations, type TCreatedInvitations } from './invitation.schemas.js';
import { insertInvitations } from './invitation.repository.js';
import { type Message, asMessage, msg } from '../../i18n/message.js';

const DAY_MS = 86_400_000;

/** Who makes a batch, when, and within what scope; `actor` as the audit log names it (`user:li`, `token:…`, `cli`). */
export interface InvitationAct {
  now: number;
  scope: Scope;
  actor: string;
}

/**
 * Makes a batch of invitations: one per listed recipient, one per document, and `count` bound to no
 * one. Their ids are `<batch>-<n>` so a batch can be printed or listed as a whole. All or nothing:
 * a recipient not on the list fails the call, naming the element. The audit log keeps who made the
 * batch (`invitation.create`, the batch as subject), which the list of batches shows.
 */
export async function createInvitations(
  deps: InvitationViewDeps & { store: DbHandle },
  programCode: string,
  input: TCreateInvitations,
  { now, scope, actor }: InvitationAct,
): Promise<TCreatedInvitations> {
  const program = await getProgramInScope(deps.db, programCode, scope, 'sponsor');
  const recipients = input.recipients ?? [];
  const documents = input.documents ?? [];
  const count = input.count ?? 0;
  if (recipients.length + documents.length + count === 0) {
    throw new AppError('invalid_request', msg('invitation.giveSomething'), [{ field: 'recipients' }]);
  }
  if (recipients.length + documents.length + count > MAX_INVITATIONS_PER_CALL) {
    throw new AppError('payload_too_large', msg('invitation.tooMany', { max: MAX_INVITATIONS_PER_CALL, given: recipients.length + documents.length + count }));
  }

  const problems: { field: string; message: Message | string }[] = [];
  const hashes: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, idNumber] of recipients.entries()) {
    const field = `recipients.${i}`;
    const id = checkIdNumber(idNumber, field);
    if (isFieldError(id)) {
      problems.push({ field, message: id.error });
      continue;
    }
    const listed = await findRecipientByIdNumber(deps.db, deps.cipher, program.code, id);
    if (!listed) problems.push({ field, message: msg('invitation.notListed', { field, program: program.code }) });
    else if (seen.has(listed.id_hash)) problems.push({ field, message: msg('invitation.sameRecipient', { field, first: seen.get(listed.id_hash) ?? 0 }) });
    else {
      seen.set(listed.id_hash, i);
      hashes.push(listed.id_hash);
    }
  }
  const documentIndex = new Map<string, number>();
  for (const [i, documentNo] of documents.entries()) {
    const first = documentIndex.get(documentNo);
    if (first !== undefined) problems.push({ field: `documents.${i}`, message: msg('invitation.sameDocument', { field: `documents.${i}`, first }) });
    else documentIndex.set(documentNo, i);
  }
  if (problems.length > 0) throw new AppError('invalid_request', asMessage(problems[0]!.message), problems);

  const batch = randomBytes(6).toString('hex');
  const expiresAt = now + input.expiresInDays * DAY_MS;
  const bindings: Pick<InvitationTable, 'recipient_id_hash' | 'document_no'>[] = [
    ...hashes.map((h) => ({ recipient_id_hash: h, document_no: null })),
    ...documents.map((d) => ({ recipient_id_hash: null, document_no: d })),
    ...Array.from({ length: count }, () => ({ recipient_id_hash: null, document_no: null })),
  ];
  const rows: InvitationTable[] = bindings.map((b, i) => ({ id: `${batch}-${i + 1}`, program_code: program.code, ...b, expires_at: expiresAt, used_at: null, request_id: null, created_at: now }));
  await withWriteTransaction(deps.store, async (trx) => {
    await insertInvitations(trx, rows);
    await recordAudit(trx, { at: now, actor, action: 'invitation.create', subject: batch, partner: program.sponsor, detail: { program: program.code, count: rows.length, expiresInDays: input.expiresInDays } });
  });
  return {
    batch,
    expiresAt: localInstant(expiresAt, deps.config.timeZone),
    sheet: `/api/v1/programs/${encodeURIComponent(program.code)}/invitations/sheet.pdf?batch=${batch}`,
    invitations: await toInvitationViews(deps, rows),
  };
}
