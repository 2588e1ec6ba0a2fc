import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { findDivision, provinceOf } from '../../domain/divisions.js';
import { type ItemCharge, postageZone, priceItem } from '../../domain/postage.js';
import { DEFAULT_SERVICE_INDICATOR } from '../items/item.service.js';
import { createMailItem } from '../items/mail-item.js';
import { findDeliveryOfficeForCounty } from '../units/delivery-office.repository.js';
import type { MailingPlan } from './mailing-plan.js';
import { type RequestDraft, isPlaceable } from './request-draft.js';
import { recordRequestChange } from './request-outbox.repository.js';
import { claimWaitingRequest, insertCharges, insertRequest, updateRequest } from './request.repository.js';

export type StoreOutcome =
  | { kind: 'mailed'; requestId: string; trackingNo: string }
  | { kind: 'waiting'; requestId: string; statusReason: string }
  /** The service indicator has no number left; nothing was written for this request. */
  | { kind: 'no_numbers'; serviceIndicator: string }
  /** The waiting request to complete was completed by someone else first; nothing was written. */
  | { kind: 'already_completed'; requestId: string };

export const newRequestId = () => randomUUID();

/**
 * Stores a request and, when it has a deliverable address, a delivery office and a payer, mails it:
 * allocates the S10 number, stores the item with its program and destination, and one charge row per
 * payer. Everything is written in the caller's transaction, so a request never exists half-mailed.
 * With `completing`, the draft completes that waiting request in place (e.g. a citizen gives the
 * address a listed recipient lacked) instead of adding a second request for the same person.
 * The request outbox is told of the creation and of the mailing in the same transaction.
 */
export async function storeRequest(
  trx: Db,
  plan: MailingPlan,
  draft: RequestDraft,
  now: number,
  target: { requestId: string; completing: boolean },
): Promise<StoreOutcome> {
  const { requestId } = target;
  if (target.completing && !(await claimWaitingRequest(trx, requestId, now))) return { kind: 'already_completed', requestId };

  const route = await routeRequest(trx, plan, draft);
  let trackingNo: string | null = null;
  let charges: ItemCharge[] = [];
  if ('office' in route) {
    const serviceIndicator = DEFAULT_SERVICE_INDICATOR;
    trackingNo = (await createMailItem(trx, { programCode: plan.programCode, destDivisionCode: route.divisionCode, destAddress: route.address, deliveryOffice: route.office, weightGrams: draft.weightGrams, serviceIndicator }, now)) ?? null;
    if (!trackingNo) return { kind: 'no_numbers', serviceIndicator };
    charges = priceItem({
      tariff: plan.tariff,
      zone: postageZone(plan.originProvinceCode!, provinceOf(route.divisionCode)!.code),
      weightGrams: draft.weightGrams,
      veteransProgram: plan.veteransProgram,
      category: draft.category,
      payers: plan.payers!,
    }).charges;
  }

  const fields = {
    source: draft.source,
    recipient_id: draft.recipientId,
    invitation_id: draft.invitationId,
    document_no: draft.documentNo,
    name: draft.name,
    id_hash: draft.idHash,
    id_sealed: draft.idSealed,
    id_masked: draft.idMasked,
    phone_sealed: draft.phoneSealed,
    phone_hash: draft.phoneHash,
    phone_masked: draft.phoneMasked,
    category: draft.category,
    address: draft.address,
    division_code: draft.divisionCode,
    delivery_office: 'office' in route ? route.office : null,
    status: trackingNo ? ('mailed' as const) : ('waiting' as const),
    status_reason: 'reason' in route ? route.reason : null,
    tracking_no: trackingNo,
    external_ref: draft.externalRef,
    updated_at: now,
  };
  const change = { requestId, programCode: plan.programCode, trackingNo, at: now };
  if (target.completing) {
    await updateRequest(trx, requestId, completionFields(fields));
  } else {
    await insertRequest(trx, { id: requestId, program_code: plan.programCode, created_at: now, ...fields });
    await recordRequestChange(trx, { ...change, kind: 'created' });
  }
  if (trackingNo) await recordRequestChange(trx, { ...change, kind: 'mailed' });
  if (trackingNo) {
    const tn = trackingNo;
    await insertCharges(trx, charges.map((c) => ({ tracking_no: tn, payer: c.payer, program_code: plan.programCode, postage_fen: c.postageFen, discount_fen: c.discountFen, donation_fen: c.donationFen, created_at: now })));
    return { kind: 'mailed', requestId, trackingNo };
  }
  return { kind: 'waiting', requestId, statusReason: fields.status_reason ?? 'waiting' };
}

/**
 * A completing draft brings the contact details; what identifies the request (the listed recipient,
 * the ID, the document, the invitation) is kept where the draft has none.
 */
function completionFields<
  T extends { recipient_id: string | null; invitation_id: string | null; document_no: string | null; id_hash: string | null; id_sealed: string | null; id_masked: string | null; external_ref: string | null },
>(fields: T) {
  const { recipient_id, invitation_id, document_no, id_hash, id_sealed, id_masked, external_ref, ...rest } = fields;
  return {
    ...rest,
    ...(external_ref ? { external_ref } : {}),
    ...(recipient_id ? { recipient_id } : {}),
    ...(invitation_id ? { invitation_id } : {}),
    ...(document_no ? { document_no } : {}),
    ...(id_hash ? { id_hash, id_sealed, id_masked } : {}),
  };
}

type Route = { office: string; address: string; divisionCode: string } | { reason: string };

/** Where the item goes, or why the request must wait. Address first, then office, then payer. */
async function routeRequest(trx: Db, plan: MailingPlan, draft: RequestDraft): Promise<Route> {
  if (!draft.address || !draft.divisionCode) return { reason: 'no deliverable address: the request has no address' };
  const division = findDivision(draft.divisionCode);
  if (!division) return { reason: `no deliverable address: unknown division code ${draft.divisionCode}` };
  if (!isPlaceable(division.code)) return { reason: `address not placed in a county: ${division.code} (${division.fullName}) is a ${division.level}` };
  const office = await findDeliveryOfficeForCounty(trx, division.code);
  if (!office) return { reason: `no delivery office serves county ${division.code} (${division.fullName})` };
  if (plan.blockedReason) return { reason: plan.blockedReason };
  return { office: office.code, address: draft.address, divisionCode: division.code };
}
