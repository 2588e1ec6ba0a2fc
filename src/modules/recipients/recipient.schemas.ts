import { z } from 'zod';
import { ZPageLimit } from '../../http/paging.js';
import { ZText } from '../../http/text.js';
import { RECIPIENT_CATEGORIES } from '../../domain/recipient-category.js';

const ZBooleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .default(false);

export const ZImportQuery = z.strictObject({
  dryRun: ZBooleanFlag.describe('true: check the list and count what would happen, store nothing'),
});

export const ZImportResult = z.object({
  imported: z.number().describe('rows stored as new recipients'),
  updated: z.number().describe('rows that updated a recipient the program already listed'),
  rejectedRows: z.number().describe('rows not stored'),
  rejected: z
    .array(z.object({ row: z.number().describe('row number as the spreadsheet shows it; the header is row 1'), column: z.string().optional().describe('the column header as written in the file'), message: z.string() }))
    .describe('one entry per problem (a row may have several), at most 10,000'),
});

export const ZRecipientId = z.string().regex(/^[0-9a-f-]{36}$/, 'schema.recipientId');

export const ZRecipientListQuery = z.strictObject({
  category: z.enum(RECIPIENT_CATEGORIES).optional(),
  limit: ZPageLimit,
  cursor: ZRecipientId.optional().describe('nextCursor of the previous page, unchanged'),
});
export type TRecipientListQuery = z.infer<typeof ZRecipientListQuery>;

export const ZRecipient = z.object({
  id: z.string(),
  programCode: z.string(),
  name: z.string(),
  idNumber: z.string().describe('masked (110105********002X) unless revealed'),
  phone: z.string().describe('masked (138****1234) unless revealed'),
  category: z.enum(RECIPIENT_CATEGORIES),
  categoryName: z.string(),
  address: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revealed: z.boolean().describe('true when idNumber and phone are shown in clear'),
});
export type TRecipient = z.infer<typeof ZRecipient>;

export const ZRecipientPage = z.object({
  rows: z.array(ZRecipient),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TRecipientPage = z.infer<typeof ZRecipientPage>;

export const ZRecipientQuery = z.strictObject({
  reveal: ZBooleanFlag.describe('true: show ID and phone numbers in clear (admin only; written to the audit log)'),
  reason: ZText({ max: 200 }).optional().describe('with reveal=true: why the numbers are needed (e.g. a work order number), kept in the audit log'),
});
