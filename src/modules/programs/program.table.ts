import type { Generated } from 'kysely';

export const PARTNER_KINDS = ['agency', 'bank', 'card_factory', 'service_station', 'admin_centre'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PAYER_MODES = ['government', 'bank', 'multi_party', 'recipient'] as const;
export type PayerMode = (typeof PAYER_MODES)[number];

export interface PartnerTable {
  code: string;
  name: string;
  kind: PartnerKind;
  division_code: string;
  /** 1 when the partner's work orders take the green channel (urgent from the start, first in every queue). */
  green_channel: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ProgramTable {
  code: string;
  name: string;
  document_type: string;
  /** The sponsoring agency: a partner code. */
  sponsor: string;
  payer_mode: PayerMode;
  /** JSON `[{partner, share}]`; null unless multi_party (or a single named payer). */
  payer_shares: string | null;
  /** JSON `{recipientOnly, idCheck, activationBank?}`. */
  requirements: string;
  sla_days: number;
  /** 1 when the program's work orders take the green channel. */
  green_channel: Generated<number>;
  /** JSON PolicyOverride (domain/work-order-clock.ts): the program's own work-order deadlines per type; null for the defaults. */
  work_order_policy: string | null;
  created_at: number;
  updated_at: number;
}
