import { z } from 'zod';
import { ZText } from '../../http/text.js';
import { PARTNER_KINDS, PAYER_MODES } from './program.table.js';

/** Partner and program codes: the same alphabet as unit codes. */
export const ZCode = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'schema.code');

// ---- Partners ----------------------------------------------------------------------------------

export const ZPartnerInput = z.strictObject({
  code: ZCode,
  name: ZText({ max: 100 }),
  kind: z.enum(PARTNER_KINDS),
  divisionCode: z.string().regex(/^\d{6}$/, 'validation.divisionCode'),
});
export type TPartnerInput = z.infer<typeof ZPartnerInput>;

export const ZPartner = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(PARTNER_KINDS),
  divisionCode: z.string(),
  divisionName: z.string().nullable(),
});
export type TPartner = z.infer<typeof ZPartner>;

export const ZPartnerListQuery = z.strictObject({ kind: z.enum(PARTNER_KINDS).optional() });

// ---- Programs ----------------------------------------------------------------------------------

/** Shares are compared exactly in ten-thousandths, so at most 4 decimals are allowed. */
export const SHARE_SCALE = 10_000;

export const ZPayerShare = z.strictObject({
  partner: ZCode,
  share: z
    .number()
    .gt(0, 'schema.moreThanZero')
    .max(1, 'schema.atMostOne')
    .refine((s) => Math.abs(s * SHARE_SCALE - Math.round(s * SHARE_SCALE)) < 1e-6, 'schema.shareDecimals'),
});

export const ZRequirements = z.strictObject({
  recipientOnly: z.boolean().describe('deliver to the recipient in person only'),
  idCheck: z.boolean().describe('the courier checks the recipient’s ID at the door'),
  activationBank: ZCode.optional().describe('partner code of the bank that activates cards at the door'),
  maxAttempts: z.int().min(1).max(10).optional().describe('failed delivery attempts before the item is held at the office for pickup; 3 when not given'),
  holdDays: z.int().min(1).max(30).optional().describe('days a held item waits at the office before it is due to return to the sponsor; 7 when not given'),
});

export const ZProgramInput = z.strictObject({
  code: ZCode,
  name: ZText({ max: 100 }),
  documentType: ZText({ max: 50 }).describe('e.g. 优待证, 身份证, 驾驶证, 社保卡'),
  sponsor: ZCode.describe('partner code of the sponsoring agency'),
  payerMode: z.enum(PAYER_MODES),
  payerShares: z.array(ZPayerShare).min(1).max(20).optional(),
  requirements: ZRequirements,
  slaDays: z.number().int().min(1).max(365),
});
export type TProgramInput = z.infer<typeof ZProgramInput>;

export const ZUpsertQuery = z.strictObject({
  onlyNew: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false)
    .describe('true: create only; an element whose code exists already is answered with an error on `code` and changes nothing'),
});
export type TUpsertQuery = z.infer<typeof ZUpsertQuery>;

export const ZUpsertResult = z.union([
  z.object({ index: z.number(), code: z.string(), created: z.boolean() }),
  z.object({ index: z.number(), field: z.string().optional(), error: z.string() }),
]);
export type TUpsertResult = z.infer<typeof ZUpsertResult>;

export const ZProgram = z.object({
  code: z.string(),
  name: z.string(),
  documentType: z.string(),
  sponsor: z.string(),
  payerMode: z.enum(PAYER_MODES),
  payerShares: z.array(z.object({ partner: z.string(), share: z.number() })).nullable(),
  requirements: z.object({
    recipientOnly: z.boolean(),
    idCheck: z.boolean(),
    activationBank: z.string().optional(),
    maxAttempts: z.number().optional().describe('only when the program sets it; 3 otherwise'),
    holdDays: z.number().optional().describe('only when the program sets it; 7 otherwise'),
  }),
  slaDays: z.number(),
  createdAt: z.string().describe('ISO 8601, with the offset of the configured time zone'),
  updatedAt: z.string(),
});
export type TProgram = z.infer<typeof ZProgram>;

export const ZProgramDetail = ZProgram.extend({
  recipients: z.number().describe('recipients listed for the program'),
});

export const ZProgramParams = z.object({ code: ZCode });
