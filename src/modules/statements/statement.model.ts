// What a statement is to its readers (API, files, console): amounts in integer fen, days as local
// YYYY-MM-DD in the configured time zone (decision 0046).

import type { StatementStatus } from './statement.table.js';

export { STATEMENT_STATUSES, type StatementStatus } from './statement.table.js';

export interface StatementTotals {
  items: number;
  grossFen: number;
  discountFen: number;
  netFen: number;
  donationFen: number;
}

export interface StatementHeader {
  id: string;
  /** A partner code, or `recipient` for postage the addressee pays. */
  payer: string;
  /** The partner's name; null when the payer is the recipient or no longer registered. */
  payerName: string | null;
  from: string;
  to: string;
  status: StatementStatus;
  totals: StatementTotals;
  /** How many lines are charges of days before `from`, billed late. */
  adjustments: number;
  createdAt: number;
  createdBy: string;
  issuedAt: number | null;
  issuedBy: string | null;
  voidedAt: number | null;
  voidedBy: string | null;
  voidReason: string | null;
}

export interface StatementLine {
  /** 1, 2, … in the statement, by mailing time then tracking number. */
  seq: number;
  trackingNo: string;
  programCode: string;
  /** The local day the item was mailed (its charge was written). */
  mailedOn: string;
  weightGrams: number | null;
  grossFen: number;
  discountFen: number;
  netFen: number;
  donationFen: number;
  /** A charge of a day before the statement's period, billed late. */
  adjustment: boolean;
}

/** One program's and payer's donations to the veterans' care fund over a period. */
export interface DonationRow {
  programCode: string;
  programName: string | null;
  payer: string;
  payerName: string | null;
  items: number;
  donationFen: number;
}

export interface DonationReport {
  from: string;
  to: string;
  rows: DonationRow[];
  totals: { items: number; donationFen: number };
}
