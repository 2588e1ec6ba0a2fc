import type { Outcome } from './delivery.table.js';

export interface OutcomeNotice {
  trackingNo: string;
  outcome: Outcome;
  /** The failure reason as stored (`CODE` or `OTHER:note`); null unless failed. */
  reason: string | null;
  /** Epoch ms of the outcome. */
  at: number;
}

/**
 * The one place where a stored outcome is to tell the recipient (delivered; attempt failed with its
 * reason and how to ask for another day; held). Called after the outcome's commit, once per stored
 * outcome. Recipients are not told yet: the notifications store and its SMS providers come with a
 * later change, which fills this in. It sends nothing and pretends nothing.
 */
export function notifyRecipientOfOutcome(_notice: OutcomeNotice): void {}
