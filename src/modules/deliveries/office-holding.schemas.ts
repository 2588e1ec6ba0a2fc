import { z } from 'zod';
import { FAILURE_REASONS } from '../../domain/failure-reasons.js';
import { ZLocalDate as ZQueryDay } from '../../http/query-days.js';
import { ZPlainText } from '../../http/text.js';

export const ZOfficeParams = z.object({ code: ZPlainText({ max: 64 }).describe('delivery office unit code') });
export const ZOfficeDayQuery = z.object({
  date: ZQueryDay.describe('local day YYYY-MM-DD in the configured time zone (SONGDA_TZ, Asia/Shanghai by default)'),
});

const ZInstant = z.string().describe('ISO 8601 with the offset of the configured time zone');

export const ZReturnDue = z.object({
  trackingNo: z.string(),
  why: z.enum(['refused', 'hold_expired']).describe('refused at the door, or held past its last day'),
  whyLabel: z.string(),
  since: ZInstant.describe('when it was refused, or when its hold began'),
  lastDay: z.string().nullable().describe('the last day it waited for pickup; null when refused'),
  attempts: z.number().describe('failed attempts at this office'),
});

export const ZReturnsDue = z.object({
  office: z.string(),
  date: z.string(),
  items: z.array(ZReturnDue).describe('items to send back to the sponsor from the office, as of the end of the day; by tracking number'),
});
export type TReturnsDue = z.infer<typeof ZReturnsDue>;

export const ZHeldItem = z.object({
  trackingNo: z.string(),
  since: ZInstant,
  lastDay: z.string().describe('the last local day the recipient may collect it'),
  attempts: z.number(),
  shelved: z.boolean().describe('a HELD scan was made; false: the attempts are used up and the office has not scanned it HELD yet'),
  pickupCode: z.string().nullable().describe('masked, `****12`; null when none has been made'),
  pickupCodeLocked: z.boolean().describe('too many wrong codes were tried: staff issue a new one'),
  wishedDate: z.string().optional().describe('the day the recipient asked for (YYYY-MM-DD), when they asked for one'),
});

export const ZOfficeAttempt = z.object({
  trackingNo: z.string(),
  at: ZInstant,
  outcome: z.enum(['delivered', 'failed']),
  reason: z.enum(FAILURE_REASONS).nullable(),
  reasonLabel: z.string().nullable(),
  wishedDate: z.string().optional().describe('on a failed attempt: the day the recipient asked for (YYYY-MM-DD), when they asked for one'),
});

export const ZOfficeDeliveries = z.object({
  office: z.string(),
  officeName: z.string(),
  date: z.string(),
  attempts: z.object({ total: z.number(), delivered: z.number(), failed: z.number() }).describe('delivery attempts made at the office during the day'),
  failuresByReason: z
    .array(z.object({ reason: z.enum(FAILURE_REASONS).nullable(), label: z.string(), count: z.number() }))
    .describe('the day’s failed attempts by reason, most first; reason null: none given'),
  attemptList: z.array(ZOfficeAttempt).describe('the day’s attempts, by instant'),
  held: z.array(ZHeldItem).describe('items held at the office for pickup at the end of the day, by last day'),
  returnsDue: z.array(ZReturnDue),
});
export type TOfficeDeliveries = z.infer<typeof ZOfficeDeliveries>;

export const ZNewPickupCode = z.object({
  trackingNo: z.string(),
  office: z.string(),
  pickupCode: z.string().describe('the new code, masked; the recipient is told it in full'),
});
