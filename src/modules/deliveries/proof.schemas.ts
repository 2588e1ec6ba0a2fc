import { z } from 'zod';
import { ZDeliveryOutcome } from './delivery.schemas.js';

/**
 * The proof of a delivery already scanned: the fields of a delivered outcome of POST /deliveries
 * without those the stored DELIVERED event already says (item, instant, office).
 */
export const ZProofInput = ZDeliveryOutcome.omit({ trackingNo: true, outcome: true, at: true, site: true, reason: true, reasonNote: true });
export type TProofInput = z.infer<typeof ZProofInput>;

export const ZProofAttached = z.object({
  trackingNo: z.string(),
  at: z.string().describe('the DELIVERED event the proof belongs to'),
  site: z.string(),
  duplicate: z.boolean().describe('true: this clientId’s proof was already stored; nothing was stored again'),
});
export type TProofAttached = z.infer<typeof ZProofAttached>;
