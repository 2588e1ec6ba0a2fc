export const PARTNER_KINDS = ['agency', 'bank', 'card_factory', 'service_station', 'admin_centre'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export const PAYER_MODES = ['government', 'bank', 'multi_party', 'recipient'] as const;
export type PayerMode = (typeof PAYER_MODES)[number];

export interface PartnerTable {
  code: string;
  name: string;
  kind: PartnerKind;
  division_code: string;
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
  created_at: number;
  updated_at: number;
}
