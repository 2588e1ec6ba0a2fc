import type { Generated } from 'kysely';

export const OUTCOMES = ['delivered', 'failed', 'held'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Who took the item at the door; `counter` is a pickup at the office. */
export const RECEIVERS = ['recipient', 'family', 'colleague', 'guard', 'locker', 'counter'] as const;
export type ReceivedBy = (typeof RECEIVERS)[number];

export const ACTIVATION_RESULTS = ['activated', 'declined', 'deferred'] as const;
export type ActivationResult = (typeof ACTIVATION_RESULTS)[number];

export const IMAGE_KINDS = ['signature', 'photo'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** One delivery outcome recorded with its proof; the event it wrote is named by its identity. */
export interface DeliveryOutcomeTable {
  id: string;
  /** The phone's own id of the outcome: a resend with it stores nothing again. */
  client_id: string;
  tracking_no: string;
  outcome: Outcome;
  code: string;
  at_ms: number;
  at_offset_min: number;
  site: string;
  operator: string | null;
  /** The credential that recorded it, as the audit log names it. */
  recorded_by: string;
  received_by: ReceivedBy | null;
  /** The receiver's name as a person may see it: the first character, the rest as `*`. */
  receiver_masked: string | null;
  /** 1 when an ID number was given and matched the recipient's; null when none was given. */
  id_matched: number | null;
  reason: string | null;
  latitude: number | null;
  longitude: number | null;
  activation_result: ActivationResult | null;
  activation_staff: string | null;
  created_at: number;
}

export interface DeliveryImageTable {
  tracking_no: string;
  outcome_id: string;
  kind: ImageKind;
  media_type: string;
  bytes: Uint8Array;
}

/** An outcome refused because the ID number given was not the recipient's: counted, never stored. */
export interface DeliveryIdMismatchTable {
  id: Generated<number>;
  tracking_no: string;
  program_code: string | null;
  site: string;
  recorded_by: string;
  at: number;
}
