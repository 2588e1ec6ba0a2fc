import type { Db } from '../../db/database.js';
import type { DbHandle } from '../../db/open-db.js';
import { withWriteTransaction } from '../../db/write-transaction.js';
import type { Scope } from '../../domain/access-scope.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { AppError } from '../../errors.js';
import { firstIssue } from '../../http/per-element.js';
import { type Program, getProgramInScope } from '../programs/program.service.js';
import { findRecipientByIdNumber } from '../recipients/recipient.service.js';
import { loadMailingPlan } from './mailing-plan.js';
import { RequestIndex } from './request-dedup.js';
import { ExternalRefs } from './request-external-ref.js';
import { type FieldError, type RequestDraft, checkAddress, checkCategory, checkIdNumber, checkPhone, draftFromDetails, draftFromListed, isFieldError } from './request-draft.js';
import { ZAgencyRequestInput, type TRequestResult } from './request.schemas.js';
import { storeRequest } from './store-request.js';
import type { Message } from '../../i18n/message.js';

export interface RequestDeps {
  store: DbHandle;
  db: Db;
  cipher: PersonalDataCipher;
}

/**
 * Requests from an agency's system, answered per element: each is checked on its own (a bad one never
 * stops the good ones), then all the good ones are stored, and mailed where they can be, in one
 * transaction.
 */
/** A request's answer; a refusal's text is rendered by the route in the reader's language. */
export type RequestAnswer = Exclude<TRequestResult, { error: string }> | { index: number; field?: string; error: Message | string };

export async function createAgencyRequests(deps: RequestDeps, programCode: string, elements: readonly unknown[], now: number, scope: Scope): Promise<RequestAnswer[]> {
  const program = await getProgramInScope(deps.db, programCode, scope, 'sponsor');
  const results: RequestAnswer[] = new Array(elements.length);
  const drafts: { index: number; draft: RequestDraft }[] = [];
  for (const [index, element] of elements.entries()) {
    const checked = await draftAgencyRequest(deps, program, element);
    if ('error' in checked) results[index] = { index, ...checked };
    else drafts.push({ index, draft: checked });
  }

  const plan = await loadMailingPlan(deps.db, program);
  const known = await RequestIndex.load(deps.db, program.code, drafts.map((d) => d.draft));
  const refs = await ExternalRefs.load(deps.db, program.code, drafts.map((d) => d.draft));
  const targets: { index: number; draft: RequestDraft; target: { requestId: string; completing: boolean } }[] = [];
  for (const { index, draft } of drafts) {
    const target = known.claim(draft, index);
    if ('duplicate' in target) {
      results[index] = { index, field: target.duplicate.field, error: target.duplicate.message };
      continue;
    }
    const refError = await refs.claim(draft.externalRef, target, index);
    if (refError) results[index] = { index, field: 'externalRef', error: refError };
    else targets.push({ index, draft, target });
  }

  await withWriteTransaction(deps.store, async (trx) => {
    for (const { index, draft, target } of targets) {
      const outcome = await storeRequest(trx, plan, draft, now, target);
      switch (outcome.kind) {
        case 'mailed':
          results[index] = { index, requestId: outcome.requestId, status: 'mailed', trackingNo: outcome.trackingNo };
          break;
        case 'waiting':
          results[index] = { index, requestId: outcome.requestId, status: 'waiting', statusReason: outcome.statusReason };
          break;
        case 'no_numbers':
          results[index] = { index, error: `no tracking numbers left for service indicator ${outcome.serviceIndicator}; configure a range in SONGDA_S10_RANGES` };
          break;
        case 'already_completed':
          results[index] = { index, field: draft.idHash ? 'idNumber' : 'documentNo', error: `request ${outcome.requestId} was completed by another request meanwhile` };
          break;
      }
    }
  });
  return results;
}

/** One element checked and turned into a draft, or the first problem with the field at fault. */
async function draftAgencyRequest(deps: RequestDeps, program: Program, element: unknown): Promise<RequestDraft | FieldError | { error: Message | string }> {
  const parsed = ZAgencyRequestInput.safeParse(element);
  if (!parsed.success) return firstIssue(parsed.error);
  const input = parsed.data;
  const origin = { source: 'api' as const, documentNo: input.documentNo ?? null, weightGrams: input.weightGrams ?? null, externalRef: input.externalRef ?? null };
  const address = checkAddress(input.address, input.divisionCode);
  if (isFieldError(address)) return address;
  const phone = input.phone === undefined ? undefined : checkPhone(input.phone);
  if (isFieldError(phone)) return phone;
  const idNumber = input.idNumber === undefined ? undefined : checkIdNumber(input.idNumber);
  if (isFieldError(idNumber)) return idNumber;
  const category = checkCategory(input.category);
  if (isFieldError(category)) return category;

  const listed = idNumber ? await findRecipientByIdNumber(deps.db, deps.cipher, program.code, idNumber) : undefined;
  if (listed) {
    // The list is the agency's record of who the recipient is; a request may bring newer contact
    // details, but not a different person or category.
    if (input.name !== undefined && input.name !== listed.name) {
      return { field: 'name', error: `name: differs from the listed recipient with this ID number (${listed.name}); correct the list instead` };
    }
    if (input.category !== undefined && category !== listed.category) {
      return { field: 'category', error: `category: differs from the listed recipient's (${listed.category}); correct the list instead` };
    }
    return draftFromListed(deps.cipher, listed, { phone, address }, origin);
  }
  if (idNumber && input.name === undefined) {
    return { field: 'idNumber', error: `idNumber: not on the recipient list of program ${program.code}; to request for someone not listed, give name and phone too` };
  }
  if (input.name === undefined) return { field: 'name', error: 'name: required: give a listed recipient\'s idNumber, or the recipient\'s name and phone' };
  if (phone === undefined) return { field: 'phone', error: 'phone: required for a recipient not on the list' };
  if (program.requirements.idCheck && idNumber === undefined) {
    return { field: 'idNumber', error: `idNumber: required: program ${program.code} checks the recipient's ID at delivery` };
  }
  return draftFromDetails(deps.cipher, { name: input.name, phone, idNumber, category, address }, origin);
}
