import { z } from 'zod';
import { ZPageLimit } from '../../http/paging.js';
import { ZPlainText, ZText } from '../../http/text.js';
import { REQUEST_SOURCES } from './request.table.js';

export const ZProgramParams = z.object({ code: ZPlainText({ max: 64 }).min(1) });
export const ZRequestParams = z.object({ id: ZPlainText({ max: 64 }).min(1) });

const ZDivisionCode = z.string().regex(/^\d{6}$/, 'validation.countyCode');
export const ZDocumentNo = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\p{L}\p{N}_./()-]+$/u, 'schema.documentNo');

export const ZExternalRef = ZPlainText({ max: 64 }).min(1);

/**
 * One request from an agency's system. Either a listed recipient, by `idNumber` (name, category and
 * the list's phone and address come from the list; a `phone` or `address` given here replaces the
 * list's), or someone not listed, by details: `name` and `phone`, `idNumber` when the program checks
 * IDs, and an `address` to mail at once (without one the request waits). The county comes from
 * `divisionCode` or, when absent, from the address text.
 */
export const ZAgencyRequestInput = z.strictObject({
  idNumber: z.string().trim().optional().describe('resident ID number (GB 11643); finds a listed recipient'),
  name: ZText({ max: 50 }).optional(),
  phone: z.string().trim().optional().describe('mainland mobile number'),
  address: ZText({ max: 200 }).optional().describe('the address; names its province, city and county unless divisionCode is given'),
  divisionCode: ZDivisionCode.optional().describe('the county (区/县) of the address; must agree with the address'),
  category: z.string().trim().optional().describe('ordinary (default) or a special category: martyr_family, combat_veteran, disabled_veteran, merit_second_class, or its Chinese name'),
  documentNo: ZDocumentNo.optional().describe("the agency's number of the document"),
  weightGrams: z.number().int().positive().max(30_000).optional().describe('priced as the first weight step when absent'),
  externalRef: ZExternalRef.optional().describe("the agency's own id of the request, unique within the program; echoed in every read and push"),
});
export type TAgencyRequestInput = z.infer<typeof ZAgencyRequestInput>;

export const ZRequestStatus = z.enum(['mailed', 'waiting']);

export const ZRequestResult = z.union([
  z.object({
    index: z.number(),
    requestId: z.string(),
    status: ZRequestStatus,
    trackingNo: z.string().optional(),
    statusReason: z.string().optional().describe('why a request waits'),
  }),
  z.object({ index: z.number(), field: z.string().optional(), error: z.string() }),
]);
export type TRequestResult = z.infer<typeof ZRequestResult>;

export const ZRequestView = z.object({
  id: z.string(),
  programCode: z.string(),
  source: z.enum(REQUEST_SOURCES),
  status: ZRequestStatus,
  statusReason: z.string().nullable(),
  trackingNo: z.string().nullable(),
  recipient: z.object({
    name: z.string(),
    idNumber: z.string().nullable().describe('masked: 420506********1234'),
    phone: z.string().describe('masked: 139****1234'),
    category: z.string(),
    listed: z.boolean().describe("on the program's recipient list"),
  }),
  address: z.string().nullable(),
  divisionCode: z.string().nullable(),
  divisionName: z.string().nullable(),
  deliveryOffice: z.string().nullable(),
  documentNo: z.string().nullable(),
  externalRef: z.string().nullable().describe("the agency's own id of the request, if it gave one"),
  invitationId: z.string().nullable(),
  charges: z.array(z.object({ payer: z.string(), postageFen: z.number(), donationFen: z.number() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRequestView = z.infer<typeof ZRequestView>;

export const ZRequestListQuery = z.strictObject({
  externalRef: ZExternalRef.optional().describe("only the request with this agency id"),
  status: ZRequestStatus.optional(),
  limit: ZPageLimit,
  after: ZPlainText({ max: 64 }).min(1).optional().describe('nextCursor of the previous page, unchanged'),
});
export type TRequestListQuery = z.infer<typeof ZRequestListQuery>;

export const ZRequestPage = z.object({
  rows: z.array(ZRequestView),
  nextCursor: z.string().nullable().describe('pass as after for the next page; null on the last page'),
});
export type TRequestPage = z.infer<typeof ZRequestPage>;
