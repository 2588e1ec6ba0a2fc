export const STATEMENT_STATUSES = ['draft', 'issued', 'void'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** One payer's bill for a period of local days, with its totals (decision 0046). */
export interface StatementTable {
  id: string;
  payer: string;
  from_day: string;
  to_day: string;
  /** The time zone the days were read in. */
  time_zone: string;
  status: StatementStatus;
  items: number;
  gross_fen: number;
  discount_fen: number;
  net_fen: number;
  donation_fen: number;
  adjustments: number;
  created_at: number;
  created_by: string;
  issued_at: number | null;
  issued_by: string | null;
  voided_at: number | null;
  voided_by: string | null;
  void_reason: string | null;
}

/** A charge a statement bills, copied when the draft was made. */
export interface StatementLineTable {
  statement_id: string;
  seq: number;
  tracking_no: string;
  payer: string;
  program_code: string;
  mailed_at: number;
  weight_grams: number | null;
  gross_fen: number;
  discount_fen: number;
  net_fen: number;
  donation_fen: number;
  /** 1 for a charge of a day before the period. */
  adjustment: number;
  /** 1 while the statement is issued: one issued statement per charge at most. */
  issued: number;
}
