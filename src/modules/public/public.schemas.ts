import { z } from 'zod';
import { ZText } from '../../http/text.js';

/** The token rides in the path as a wildcard: a signed token is longer than a route parameter may be. */
export const ZTokenParams = z.object({ '*': z.string().min(1).max(4096).describe('the token of the citizen link /r/<token>') });

export const ZProgramQuery = z.object({
  program: z.string().min(1).max(64).optional().describe('the program the page expects; a token of another program is refused (invitation_other_program)'),
});

export const ZPublicInvitation = z.object({
  programCode: z.string(),
  programName: z.string(),
  documentType: z.string(),
  recipient: z.object({ name: z.string(), idNumber: z.string() }).nullable().describe('masked; null unless bound to a listed recipient'),
  documentNo: z.string().nullable().describe('masked: only the last four characters shown'),
  expiresAt: z.string(),
  expired: z.boolean(),
  used: z.boolean(),
  asks: z.object({ name: z.boolean(), idNumber: z.boolean() }).describe('what the form must ask besides phone and address'),
});
export type TPublicInvitation = z.infer<typeof ZPublicInvitation>;

export const ZPublicRequestInput = z.strictObject({
  phone: z.string().trim().min(1).describe('mainland mobile number'),
  address: ZText({ max: 200 }).describe('the address; names its province, city and county unless divisionCode is given'),
  divisionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 county code').optional().describe('the county (区/县) of the address; when absent, read from the address, which must then name it'),
  name: ZText({ max: 50 }).optional().describe('required when the invitation is bound to no listed recipient'),
  idNumber: z.string().trim().optional().describe("required when bound to no listed recipient and the program checks IDs at delivery"),
  program: z.string().min(1).max(64).optional().describe('the program the page expects'),
});
export type TPublicRequestInput = z.infer<typeof ZPublicRequestInput>;

export const ZPublicRequestResult = z.object({
  requestId: z.string(),
  programName: z.string(),
  status: z.enum(['mailed', 'waiting']),
  trackingNo: z.string().optional(),
  statusReason: z.string().optional(),
});
export type TPublicRequestResult = z.infer<typeof ZPublicRequestResult>;

export const ZTrackingQuery = z.object({ phone4: z.string().regex(/^\d{4}$/, 'must be the last 4 digits of the phone number') });

export const ZPublicTracking = z.object({
  trackingNo: z.string(),
  programName: z.string(),
  status: z.string(),
  recipient: z.object({ name: z.string(), phone: z.string() }).describe('masked'),
  destination: z.string().nullable().describe('the county, not the street address'),
  events: z.array(
    z.object({
      code: z.string(),
      at: z.string().describe('local time (SONGDA_TZ), ISO 8601 with offset'),
      siteName: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type TPublicTracking = z.infer<typeof ZPublicTracking>;
