import type { Generated } from 'kysely';

export const MISSING_SCAN_TYPES = ['MISSING_ACCEPTANCE', 'MISSING_INBOUND', 'MISSING_OUTBOUND', 'MISSING_OUT_FOR_DELIVERY'] as const;
export const SILENCE_TYPES = ['SILENT_IN_TRANSIT', 'SILENT_AT_OFFICE', 'NO_DELIVERY_RESULT', 'SILENT_HELD'] as const;
export const BREAKPOINT_TYPES = [...MISSING_SCAN_TYPES, ...SILENCE_TYPES] as const;
export type MissingScanType = (typeof MISSING_SCAN_TYPES)[number];
export type SilenceType = (typeof SILENCE_TYPES)[number];
export type BreakpointType = (typeof BREAKPOINT_TYPES)[number];

export interface BreakpointTable {
  id: Generated<number>;
  tracking_no: string;
  type: BreakpointType;
  visit: number;
  responsible_unit: string;
  opened_at: number;
  /** Null while open; a closed break-point is kept, with the instant it closed. */
  closed_at: number | null;
  detail: string;
  updated_at: number;
}

/** An outbox row tells of an opening (or reopening) or of a closing. */
export type BreakpointOutboxKind = 'opened' | 'closed';

export interface BreakpointOutboxTable {
  id: Generated<number>;
  kind: Generated<BreakpointOutboxKind>;
  breakpoint_id: number;
  tracking_no: string;
  type: BreakpointType;
  responsible_unit: string;
  opened_at: number;
  /** Set on a closing row: the instant the break-point closed. */
  closed_at: number | null;
  created_at: number;
  delivered_at: number | null;
}
