import type { Generated } from 'kysely';

export interface ConsignmentTable {
  tracking_no: string;
  from_partner: string;
  to_unit: string | null;
  to_partner: string | null;
  /** The first OPENED event by instant; scans after it reach the consignment only. */
  opened_at: number | null;
  opened_site: string | null;
  created_at: number;
}

export interface ConsignmentItemTable {
  consignment_no: string;
  tracking_no: string;
}

/** Scans of the consignment's own number (the items get copies until it is opened). */
export interface ConsignmentEventTable {
  id: Generated<number>;
  consignment_no: string;
  code: string;
  at_ms: number;
  at_offset_min: number;
  site: string;
  operator: string | null;
  reason: string | null;
  next_site: string | null;
  received_at: number;
}
