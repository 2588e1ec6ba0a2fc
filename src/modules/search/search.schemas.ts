import { z } from 'zod';
import { SEARCH_KINDS } from '../../domain/search-query.js';
import { ZItemListRow } from '../items/item-list.schemas.js';

export const SEARCH_GROUP_LIMIT = 50;

export const ZSearchQuery = z.object({
  q: z
    .string()
    .max(200)
    .default('')
    .describe('a tracking number, an 11-digit mobile number, an 18-character resident ID number, a full name, a document number or the agency’s reference; text that fits several kinds is searched as each'),
});

const ZSearchKind = z.enum(SEARCH_KINDS);
const ZLink = z.string().describe('the console page that shows the result');

export const ZFoundItem = ZItemListRow.extend({ link: ZLink });

export const ZFoundRequest = z.object({
  id: z.string(),
  programCode: z.string(),
  status: z.enum(['mailed', 'waiting']),
  trackingNo: z.string().nullable(),
  name: z.string().describe('masked'),
  phone: z.string().describe('masked'),
  idNumber: z.string().nullable().describe('masked'),
  documentNo: z.string().nullable(),
  externalRef: z.string().nullable(),
  createdAt: z.string(),
  matchedBy: z.array(ZSearchKind).describe('the kinds of the query that found it'),
  link: ZLink,
});

export const ZFoundRecipient = z.object({
  id: z.string(),
  programCode: z.string(),
  name: z.string().describe('masked'),
  phone: z.string().describe('masked'),
  idNumber: z.string().describe('masked'),
  category: z.string(),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
  matchedBy: z.array(ZSearchKind),
  link: ZLink,
});

const group = <T extends z.ZodType>(row: T) =>
  z.object({
    rows: z.array(row),
    more: z.boolean().describe(`true when more than the ${SEARCH_GROUP_LIMIT} shown were found: make the query more precise`),
  });

export const ZSearchResult = z.object({
  q: z.string().describe('the query as searched (trimmed)'),
  kinds: z.array(ZSearchKind).describe('the kinds the query was searched as'),
  items: group(ZFoundItem),
  requests: group(ZFoundRequest),
  recipients: group(ZFoundRecipient),
});
export type TSearchResult = z.infer<typeof ZSearchResult>;
