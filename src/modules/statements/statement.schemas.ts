import { z } from 'zod';
import { STATEMENT_STATUSES } from './statement.model.js';

const ZFen = z.int().describe('integer fen (0.01 yuan)');
const ZDay = z.string().max(10).describe('a local day, YYYY-MM-DD, in the configured time zone');

export const ZStatementInput = z.strictObject({
  payer: z.string().min(1).max(64).describe('a partner code, or `recipient` for postage the addressee pays'),
  from: ZDay.describe('the first day of the period'),
  to: ZDay.describe('the last day of the period (inclusive), not after today'),
});

export const ZStatementTotals = z.object({
  items: z.int().describe('lines'),
  grossFen: ZFen.describe('undiscounted postage: net + discount'),
  discountFen: ZFen.describe('the card-holder discounts of veterans programs'),
  netFen: ZFen.describe('postage after discount: what the payer owes for postage'),
  donationFen: ZFen.describe('0.10 yuan per veterans item to the veterans’ care fund, the payer’s share'),
});

export const ZStatementHeader = z.object({
  id: z.string(),
  payer: z.string(),
  payerName: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  status: z.enum(STATEMENT_STATUSES).describe('draft: may change nothing but be issued or voided; issued: holds its charges; void: holds none'),
  totals: ZStatementTotals,
  adjustments: z.int().describe('lines of days before `from`: charges billed late'),
  createdAt: z.string().describe('ISO 8601 with the configured zone’s offset'),
  createdBy: z.string(),
  issuedAt: z.string().nullable(),
  issuedBy: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidedBy: z.string().nullable(),
  voidReason: z.string().nullable(),
});

export const ZStatementLine = z.object({
  seq: z.int().describe('1, 2, … by mailing time then tracking number'),
  trackingNo: z.string(),
  programCode: z.string(),
  mailedOn: z.string().describe('the local day the item was mailed and charged'),
  weightGrams: z.int().nullable(),
  grossFen: ZFen,
  discountFen: ZFen,
  netFen: ZFen,
  donationFen: ZFen,
  adjustment: z.boolean().describe('a charge of a day before the period, billed late (调整)'),
});

export const ZStatement = ZStatementHeader.extend({
  lines: z.array(ZStatementLine).describe('a page of lines, in `seq` order'),
  nextAfter: z.int().nullable().describe('pass as `after` for the next page; null at the end'),
});

export const ZStatementParams = z.object({ id: z.string().max(64) });
export const ZStatementPageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('the last `seq` read'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const ZStatementListQuery = z.object({
  payer: z.string().max(64).optional(),
  status: z.enum(STATEMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(128).optional().describe('`nextCursor` of the previous page'),
});
export const ZStatementList = z.object({ statements: z.array(ZStatementHeader), nextCursor: z.string().nullable() });
export const ZVoidInput = z.strictObject({ reason: z.string().min(1).max(500).describe('why: kept with the statement and in the audit log') });

export const ZPeriodQuery = z.object({ from: ZDay, to: ZDay });
export const ZDonationReport = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      programCode: z.string(),
      programName: z.string().nullable(),
      payer: z.string(),
      payerName: z.string().nullable(),
      items: z.int().describe('items whose donation this payer shares'),
      donationFen: ZFen,
    }),
  ),
  totals: z.object({ items: z.int(), donationFen: ZFen }),
});
