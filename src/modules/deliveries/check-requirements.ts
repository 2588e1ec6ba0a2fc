import { type Message, msg } from '../../i18n/message.js';
import type { DeliveryField, RequirementCode, TDeliveryOutcome } from './delivery.schemas.js';
import type { PickupCodeComparison } from './pickup-codes.js';

/** What a program asks at the door (programs' `requirements`); an item of no program asks nothing. */
export interface DoorRequirements {
  recipientOnly: boolean;
  idCheck: boolean;
  activationBank?: string;
}

/** How the ID number given compares with the recipient's, by keyed hash (the number is never kept). */
export type IdComparison = 'none given' | 'matched' | 'mismatch' | 'nothing on file';

export interface RequirementRejection {
  field: DeliveryField;
  requirement?: RequirementCode;
  message: Message;
}

/**
 * Whether an outcome carries what its kind and its program require; the first problem, or null.
 * Only the fields an outcome of its kind takes are allowed: a failed attempt has no receiver, a
 * delivery no reason. A rejected outcome stores nothing, so each answer names the field to fix and,
 * when a requirement of the program is why, that requirement.
 */
export function checkRequirements(
  o: TDeliveryOutcome,
  program: DoorRequirements,
  id: IdComparison,
  trackingNo: string,
  code: PickupCodeComparison = 'none given',
): RequirementRejection | null {
  if (o.outcome === 'failed') {
    if (o.reason === undefined) return { field: 'reason', message: msg('delivery.reasonRequired') };
  } else if (o.reason !== undefined) {
    return { field: 'reason', message: msg('delivery.reasonOnlyWhenFailed') };
  }
  if (o.reasonNote !== undefined && o.reason !== 'OTHER') return { field: 'reasonNote', message: msg('reason.noteOnlyForOther') };
  if (o.reason === 'OTHER' && o.reasonNote === undefined) return { field: 'reasonNote', message: msg('reason.otherNeedsNote') };
  if (o.outcome !== 'delivered') {
    for (const field of ['receivedBy', 'receiverName', 'idNumber', 'pickupCode', 'signature', 'activation'] as const) {
      if (o[field] !== undefined) return { field, message: msg('delivery.onlyWhenDelivered', { field }) };
    }
    return null;
  }

  if (o.receivedBy === undefined) return { field: 'receivedBy', message: msg('delivery.receivedByRequired') };
  if (program.recipientOnly && o.receivedBy !== 'recipient' && o.receivedBy !== 'counter') {
    return { field: 'receivedBy', requirement: 'recipient_only', message: msg('delivery.recipientOnly', { receivedBy: o.receivedBy }) };
  }
  // An item gets a pickup code when it is held at the office (decision 0037); before that it has none.
  if (code === 'no code') return { field: 'pickupCode', requirement: 'pickup_code_not_available', message: msg('delivery.pickupCodeNotAvailable', { trackingNo }) };
  if (code === 'locked') return { field: 'pickupCode', requirement: 'pickup_code_locked', message: msg('holding.pickupCodeLocked', { trackingNo }) };
  if (code === 'wrong') return { field: 'pickupCode', requirement: 'pickup_code_wrong', message: msg('holding.pickupCodeWrong', { trackingNo }) };
  if (o.receivedBy === 'counter' && o.idNumber === undefined && code !== 'matched') {
    return { field: 'pickupCode', requirement: 'counter_needs_code', message: msg('delivery.counterNeedsCode') };
  }
  if (program.idCheck && o.idNumber === undefined) return { field: 'idNumber', requirement: 'id_check', message: msg('delivery.idRequired') };
  // A number that cannot be compared proves nothing: refused where the check is required (the program's, or a counter pickup's), else not kept.
  if (id === 'nothing on file' && (program.idCheck || (o.receivedBy === 'counter' && code !== 'matched'))) {
    return { field: 'idNumber', requirement: 'id_check', message: msg('delivery.idUnknown', { trackingNo }) };
  }
  if (id === 'mismatch') return { field: 'idNumber', requirement: 'id_mismatch', message: msg('delivery.idMismatch') };
  if (program.activationBank !== undefined && o.activation === undefined) {
    return { field: 'activation', requirement: 'activation_required', message: msg('delivery.activationRequired', { bank: program.activationBank }) };
  }
  if (program.activationBank === undefined && o.activation !== undefined) return { field: 'activation', message: msg('delivery.activationNotAsked') };
  return null;
}
