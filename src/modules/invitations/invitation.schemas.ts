import { z } from 'zod';
import { ZText } from '../../http/text.js';
import { ZDocumentNo } from '../requests/request.schemas.js';

export const MAX_INVITATIONS_PER_CALL = 1_000;

export const ZCreateInvitations = z
  .strictObject({
    recipients: z.array(z.string().trim()).max(MAX_INVITATIONS_PER_CALL).optional().describe("resident ID numbers of the program's listed recipients: one invitation each, bound to the recipient"),
    documents: z.array(ZDocumentNo).max(MAX_INVITATIONS_PER_CALL).optional().describe('document numbers not on the list: one invitation each'),
    count: z.number().int().min(1).max(MAX_INVITATIONS_PER_CALL).optional().describe('this many invitations bound to no one (notices handed out at a counter): the citizen gives name and phone'),
    expiresInDays: z.number().int().min(1).max(365).default(30).describe('how long the links work, from now (default 30 days)'),
  })
  .describe('at least one of recipients, documents, count');
export type TCreateInvitations = z.infer<typeof ZCreateInvitations>;

export const ZBatch = z.string().regex(/^[0-9a-f]{12}$/, 'schema.batchId');

export const ZInvitationSelection = z.object({
  batch: ZBatch.optional().describe('every invitation of the batch a POST made'),
  ids: z
    .string()
    .regex(/^[0-9a-f]{12}-\d{1,4}(,[0-9a-f]{12}-\d{1,4}){0,199}$/, 'schema.invitationIds')
    .optional()
    .describe('comma-separated invitation ids'),
});

export const ZInvitationView = z.object({
  id: z.string(),
  programCode: z.string(),
  recipient: z.object({ name: z.string(), idNumber: z.string() }).nullable().describe('masked; null when the invitation is bound to no listed recipient'),
  documentNo: z.string().nullable(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  requestId: z.string().nullable(),
  token: z.string(),
  url: z.string().describe('the link the QR code holds'),
  qrSvg: z.string().describe('path of the QR code as SVG'),
  qrPng: z.string().describe('path of the QR code as PNG'),
});
export type TInvitationView = z.infer<typeof ZInvitationView>;

export const ZCreatedInvitations = z.object({
  batch: z.string().describe('pass as ?batch= to the sheet (sheet.pdf) or the list'),
  expiresAt: z.string(),
  sheet: z.string().describe('path of the printable PDF sheet of this batch'),
  invitations: z.array(ZInvitationView),
});
export type TCreatedInvitations = z.infer<typeof ZCreatedInvitations>;

/** Batches a program lists at most, newest first: a console page, not an export. */
export const MAX_BATCHES_LISTED = 200;

export const ZInvitationBatch = z.object({
  batch: z.string().describe('pass as ?batch= to the list or the sheet'),
  createdAt: z.string(),
  createdBy: z.string().nullable().describe('who made it, as the audit log names them (user:li, token:…); null when the log has no row the caller may read'),
  expiresAt: z.string(),
  invitations: z.number().describe('links in the batch'),
  used: z.number().describe('links a citizen has used'),
  open: z.number().describe('links neither used nor expired: the ones still worth handing out'),
  expired: z.number().describe('links that lapsed unused'),
  sheet: z.string().describe('path of the printable PDF sheet of the batch'),
});
export type TInvitationBatch = z.infer<typeof ZInvitationBatch>;

// What a citizen link shows and takes (the public pages serve them).

export const ZPublicInvitation = z.object({
  programCode: z.string(),
  programName: z.string(),
  documentType: z.string(),
  recipient: z.object({ name: z.string(), idNumber: z.string() }).nullable().describe('masked; null unless bound to a listed recipient'),
  divisionCode: z
    .string()
    .nullable()
    .describe('the county (GB/T 2260) the listed recipient is listed in, where the form’s province → city → county picker starts; null when unknown. The street address is never shown'),
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
  divisionCode: z.string().regex(/^\d{6}$/, 'validation.countyCode').optional().describe('the county (区/县) of the address; when absent, read from the address, which must then name it'),
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
