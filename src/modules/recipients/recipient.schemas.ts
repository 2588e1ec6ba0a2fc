import { z } from 'zod';
import { RECIPIENT_CATEGORIES } from '../../domain/recipient-category.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

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

export const ZRecipientId = z.string().regex(/^[0-9a-f-]{36}$/, 'must be a recipient id');

export const ZRecipientListQuery = z.strictObject({
  category: z.enum(RECIPIENT_CATEGORIES).optional(),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .describe(`rows per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be from 1 to ${MAX_PAGE_SIZE}`).max(MAX_PAGE_SIZE, `must be from 1 to ${MAX_PAGE_SIZE}`))
    .default(DEFAULT_PAGE_SIZE),
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
});
