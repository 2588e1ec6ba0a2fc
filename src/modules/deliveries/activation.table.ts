import type { Generated } from 'kysely';
import type { ActivationResult } from './delivery.table.js';

/** Where a bank's task stands: no result yet, or the result that holds now (decision 0038). */
export const ACTIVATION_STATUSES = ['pending', 'activated', 'declined', 'deferred'] as const;
export type ActivationStatus = (typeof ACTIVATION_STATUSES)[number];

/**
 * A bank's activation result recorded after the door (decision 0038), kept with the ones before it.
 * The door's own result is on the delivered outcome (`delivery_outcomes.activation_result`).
 */
export interface ActivationResultTable {
  id: Generated<number>;
  tracking_no: string;
  result: ActivationResult;
  at_ms: number;
  at_offset_min: number;
  /** The bank's staff who did it. */
  staff: string | null;
  /** The credential that recorded it, as the audit log names it. */
  recorded_by: string;
  created_at: number;
}
