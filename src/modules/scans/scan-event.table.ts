import type { Generated } from 'kysely';

export const SCAN_CODES = [
  'ACCEPTED',
  'DISPATCHED',
  'ARRIVED',
  'AT_DELIVERY_OFFICE',
  'OUT_FOR_DELIVERY',
  'DELIVERED',
  'DELIVERY_FAILED',
  'HELD',
  'RETURNED',
] as const;
export type ScanCode = (typeof SCAN_CODES)[number];

/** Codes that only a consignment's own number may carry: OPENED ends the reach of its scans into its items. */
export const CONSIGNMENT_SCAN_CODES = ['OPENED'] as const;
export type ConsignmentScanCode = (typeof CONSIGNMENT_SCAN_CODES)[number];

/** Scan events are immutable facts; duplicates (same tracking number, code, instant and site) are dropped. */
export interface ScanEventTable {
  id: Generated<number>;
  tracking_no: string;
  code: ScanCode;
  /** The instant, epoch milliseconds UTC. */
  at_ms: number;
  /** The offset the scanner wrote, in minutes east of UTC, so the original local time can be shown. */
  at_offset_min: number;
  site: string;
  operator: string | null;
  reason: string | null;
  next_site: string | null;
  received_at: number;
  /** Set when the event is a copy of a scan of the consignment that carried the item. */
  via_consignment: string | null;
}
