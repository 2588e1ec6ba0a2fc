import type { Generated } from 'kysely';

export const REQUEST_SOURCES = ['list', 'api', 'qr', 'counter'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

/** mailed: an item exists; waiting: no deliverable address or no payer yet (status_reason says which). */
export type RequestStatus = 'mailed' | 'waiting';

export interface RequestTable {
  id: string;
  program_code: string;
  source: RequestSource;
  recipient_id: string | null;
  invitation_id: string | null;
  document_no: string | null;
  name: string;
  id_hash: string | null;
  id_sealed: string | null;
  id_masked: string | null;
  phone_sealed: string;
  phone_hash: string;
  phone_masked: string;
  category: string;
  address: string | null;
  division_code: string | null;
  delivery_office: string | null;
  status: RequestStatus;
  status_reason: string | null;
  tracking_no: string | null;
  /** The agency's own id of the request (1–64 characters), unique within the program; null when it gave none. */
  external_ref: string | null;
  created_at: number;
  updated_at: number;
}

/** What one payer owes for one item, in fen. */
export interface ItemChargeTable {
  tracking_no: string;
  /** A partner code, or `recipient` when the recipient pays. */
  payer: string;
  program_code: string;
  /** The payer's share of the postage after discount: what it is billed. */
  postage_fen: number;
  /** The payer's share of the item's discount: its gross share is postage + discount (decision 0046). */
  discount_fen: number;
  donation_fen: number;
  created_at: number;
}

export const REQUEST_CHANGE_KINDS = ['created', 'mailed'] as const;
export type RequestChangeKind = (typeof REQUEST_CHANGE_KINDS)[number];

/**
 * What happened to requests, one row per change, written in the transaction that made it: the
 * webhook fan-out reads it by id. A request created and mailed at once has both rows.
 */
export interface RequestOutboxTable {
  id: Generated<number>;
  request_id: string;
  program_code: string;
  kind: RequestChangeKind;
  /** The item's number once the request is mailed; null for a request created waiting. */
  tracking_no: string | null;
  at: number;
}
