import type { Selectable } from 'kysely';
import { isCountyLevel, placeAddress } from '../../domain/address-placement.js';
import { findDivision } from '../../domain/divisions.js';
import type { PersonalDataCipher } from '../../domain/personal-data.js';
import { maskPhone, parseMobileNumber } from '../../domain/phone.js';
import { parseRecipientCategory } from '../../domain/recipient-category.js';
import { maskResidentId, parseResidentId } from '../../domain/resident-id.js';
import { recipientIdHash, recipientIdHashes } from '../recipients/recipient.service.js';
import type { RecipientTable } from '../recipients/recipient.table.js';
import type { RequestSource } from './request.table.js';
import { type Message, msg } from '../../i18n/message.js';

/** A request as it will be stored, before it is known whether it can be mailed. Personal data sealed. */
export interface RequestDraft {
  source: RequestSource;
  recipientId: string | null;
  invitationId: string | null;
  documentNo: string | null;
  name: string;
  idHash: string | null;
  /** Every hash the person may already be stored under (during a key rotation, one per key); empty without an ID. */
  idHashes: readonly string[];
  idSealed: string | null;
  idMasked: string | null;
  phoneSealed: string;
  phoneHash: string;
  phoneMasked: string;
  category: string;
  address: string | null;
  divisionCode: string | null;
  weightGrams: number | null;
  /** The agency's own id of the request, unique within the program. */
  externalRef: string | null;
}

export interface FieldError {
  field: string;
  error: Message;
}

export const isFieldError = (v: unknown): v is FieldError => typeof v === 'object' && v !== null && 'error' in v && 'field' in v;

/** Where the request came from and what it carries besides the person. */
export interface DraftOrigin {
  source: RequestSource;
  invitationId?: string | null;
  documentNo?: string | null;
  weightGrams?: number | null;
  externalRef?: string | null;
}

/** A mobile number as digits only, or the error naming the field. */
export function checkPhone(phone: string, field = 'phone'): string | FieldError {
  const parsed = parseMobileNumber(phone);
  return parsed.ok ? parsed.value : { field, error: msg('http.fieldProblem', { field, problem: parsed.message }) };
}

/** A resident ID with its check character upper-cased. The message never repeats the number. */
export function checkIdNumber(idNumber: string, field = 'idNumber'): string | FieldError {
  const parsed = parseResidentId(idNumber);
  return parsed.ok ? parsed.value.id : { field, error: msg('http.fieldProblem', { field, problem: parsed.message }) };
}

export function checkCategory(category: string | undefined): string | FieldError {
  if (category === undefined) return 'ordinary';
  return parseRecipientCategory(category) ?? { field: 'category', error: msg('request.unknownCategory', { category }) };
}

/**
 * An address and the county it is in. Items are routed by county (its delivery office): the county is
 * read from the address, or taken from `divisionCode` when the address agrees with it (see
 * domain/address-placement.ts). Undefined when neither is given.
 */
export function checkAddress(address: string | undefined, divisionCode: string | undefined): { address: string; divisionCode: string } | FieldError | undefined {
  if (address === undefined && divisionCode === undefined) return undefined;
  if (address === undefined) return { field: 'address', error: msg('address.requiredWithDivision') };
  const placed = placeAddress(address, divisionCode);
  if (!placed.ok) return { field: placed.field, error: msg('http.fieldProblem', { field: placed.field, problem: placed.message }) };
  return { address, divisionCode: placed.division.code };
}

/** Whether items to this division can be routed: a county, or a city that has no counties. */
export function isPlaceable(divisionCode: string): boolean {
  const division = findDivision(divisionCode);
  return division !== undefined && isCountyLevel(division);
}

/**
 * A request for a listed recipient: the list's sealed ID and phone and their masked copies are copied
 * as they are; a phone or address given with the request replaces the list's.
 */
export function draftFromListed(
  cipher: PersonalDataCipher,
  recipient: Selectable<RecipientTable>,
  contact: { phone?: string; address?: { address: string; divisionCode: string } },
  origin: DraftOrigin,
): RequestDraft {
  const listPhone = contact.phone ?? cipher.open(recipient.phone_sealed);
  const address = contact.address ?? (recipient.address.trim() ? { address: recipient.address, divisionCode: recipient.division_code } : undefined);
  return {
    ...originFields(origin),
    recipientId: recipient.id,
    name: recipient.name,
    idHash: recipient.id_hash,
    idHashes: [...new Set([recipient.id_hash, ...recipientIdHashes(cipher, cipher.open(recipient.id_sealed))])],
    idSealed: recipient.id_sealed,
    idMasked: recipient.id_masked,
    phoneSealed: contact.phone ? cipher.seal(contact.phone) : recipient.phone_sealed,
    phoneHash: cipher.lookupHash('phone', listPhone),
    phoneMasked: contact.phone ? maskPhone(contact.phone) : recipient.phone_masked,
    category: recipient.category,
    address: address?.address ?? null,
    divisionCode: address?.divisionCode || null,
  };
}

/** A request for someone not on the list, from checked details; ID and phone sealed as the list seals them. */
export function draftFromDetails(
  cipher: PersonalDataCipher,
  details: { name: string; phone: string; idNumber?: string; category: string; address?: { address: string; divisionCode: string } },
  origin: DraftOrigin,
): RequestDraft {
  const id = details.idNumber;
  return {
    ...originFields(origin),
    recipientId: null,
    name: details.name,
    // The list's hash, so a person asked for by details is still found when listed later (and vice versa).
    idHash: id ? recipientIdHash(cipher, id) : null,
    idHashes: id ? recipientIdHashes(cipher, id) : [],
    idSealed: id ? cipher.seal(id) : null,
    idMasked: id ? maskResidentId(id) : null,
    phoneSealed: cipher.seal(details.phone),
    phoneHash: cipher.lookupHash('phone', details.phone),
    phoneMasked: maskPhone(details.phone),
    category: details.category,
    address: details.address?.address ?? null,
    divisionCode: details.address?.divisionCode ?? null,
  };
}

function originFields(origin: DraftOrigin) {
  return { source: origin.source, invitationId: origin.invitationId ?? null, documentNo: origin.documentNo ?? null, weightGrams: origin.weightGrams ?? null, externalRef: origin.externalRef ?? null };
}
