import { z } from 'zod';
import { FAILURE_REASONS } from '../../domain/failure-reasons.js';
import { ZLocalDate, checkPeriod, MAX_PERIOD_DAYS } from '../../http/query-days.js';
import { ZPlainText, ZText } from '../../http/text.js';
import { S10_PATTERN, SCAN_INSTANT_PATTERN } from '../scans/scan.schemas.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { ACTIVATION_RESULTS, IMAGE_KINDS, OUTCOMES, RECEIVERS } from './delivery.table.js';

/** Most outcomes one request may carry: a phone sends what it holds, images make each large. */
export const MAX_OUTCOMES_PER_REQUEST = 100;
/** The largest signature or photo, decoded. */
export const MAX_IMAGE_BYTES = 512 * 1024;

/**
 * One outcome at the door. Checked element by element (a bad one never fails the others): first
 * this shape, then what it names (the item, the site, the courier's office), then what the item's
 * program requires (see check-requirements.ts).
 */
export const ZDeliveryOutcome = z.strictObject({
  clientId: ZPlainText({ max: 100 })
    .min(1)
    .describe('the phone’s own id of this outcome (a UUID): sent again, it is answered as a duplicate and nothing is stored twice'),
  trackingNo: z.string().regex(S10_PATTERN).describe('S10 number of an item Songda knows'),
  outcome: z.enum(OUTCOMES).describe('delivered → DELIVERED, failed → DELIVERY_FAILED, held → HELD'),
  at: z.string().regex(SCAN_INSTANT_PATTERN).describe('ISO 8601 with a UTC offset, as a scan'),
  site: ZUnitCode.describe('the delivery office; a courier’s own office'),
  operator: ZText({ max: 200 }).optional(),
  receivedBy: z.enum(RECEIVERS).optional().describe('on delivered: who took it; counter is a pickup at the office'),
  receiverName: ZText({ max: 50 }).optional().describe('on delivered: kept masked (张*丰), never whole'),
  idNumber: z.string().max(32).optional().describe('the receiver’s resident ID number: compared with the recipient’s by keyed hash, never stored'),
  pickupCode: z.string().regex(/^\d{6}$/, 'delivery.pickupCodeShape').optional().describe('on a counter pickup: the item’s 6-digit pickup code'),
  signature: z.string().optional().describe(`on delivered: data:image/png;base64,…, at most ${MAX_IMAGE_BYTES / 1024} KB decoded`),
  photo: z.string().optional().describe(`data:image/jpeg;base64,…, at most ${MAX_IMAGE_BYTES / 1024} KB decoded`),
  location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  reason: z.enum(FAILURE_REASONS).optional().describe('on failed, required: why'),
  reasonNote: ZText({ max: 150 }).optional().describe('with reason OTHER, required: what happened'),
  activation: z
    .strictObject({ result: z.enum(ACTIVATION_RESULTS), bankStaff: ZText({ max: 50 }).optional() })
    .optional()
    .describe('on delivered, required when the program names an activation bank'),
});
export type TDeliveryOutcome = z.infer<typeof ZDeliveryOutcome>;
export type DeliveryField = keyof TDeliveryOutcome;

/** The program requirement an outcome did not meet, for a client to decide by. */
export const REQUIREMENT_CODES = ['recipient_only', 'id_check', 'id_mismatch', 'activation_required', 'counter_needs_code', 'pickup_code_not_available', 'pickup_code_wrong', 'pickup_code_locked'] as const;
export type RequirementCode = (typeof REQUIREMENT_CODES)[number];

export const ZDeliveryRejection = z.object({
  index: z.int().min(0).describe('0-based position of the element'),
  field: z.string().optional().describe('the field at fault'),
  requirement: z.enum(REQUIREMENT_CODES).optional().describe('the program requirement not met, when that is why'),
  message: z.string(),
});

export const ZDeliveryResult = z.object({
  accepted: z.int().min(0).describe('outcomes stored by this request, each with its event'),
  duplicates: z.int().min(0).describe('outcomes whose clientId was already stored: nothing stored again'),
  rejected: z.array(ZDeliveryRejection).describe('one entry per rejected element; the others are stored'),
});
export type TDeliveryResult = z.infer<typeof ZDeliveryResult>;

export const ZDeliveryProof = z.object({
  id: z.string(),
  outcome: z.enum(OUTCOMES),
  at: z.string(),
  site: z.string(),
  operator: z.string().nullable(),
  recordedBy: z.string(),
  receivedBy: z.enum(RECEIVERS).nullable(),
  receiverMasked: z.string().nullable(),
  idMatched: z.boolean().nullable().describe('true: the ID number given matched the recipient’s; null: none was given'),
  reason: z.enum(FAILURE_REASONS).nullable(),
  reasonLabel: z.string().nullable(),
  reasonNote: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  activation: z.object({ result: z.enum(ACTIVATION_RESULTS), bankStaff: z.string().nullable() }).nullable(),
  images: z.array(z.enum(IMAGE_KINDS)).describe('the images kept; each opened by its own audited request'),
});

export const ZItemDelivery = z.object({
  trackingNo: z.string(),
  program: z.string().nullable(),
  requirements: z.object({ recipientOnly: z.boolean(), idCheck: z.boolean(), activationBank: z.string().nullable() }),
  outcomes: z.array(ZDeliveryProof),
  idMismatches: z.int().min(0).describe('outcomes refused because the ID number was not the recipient’s'),
});
export type TItemDelivery = z.infer<typeof ZItemDelivery>;

export const ZProofImageParams = z.object({ trackingNo: ZPlainText({ max: 64 }), id: ZPlainText({ max: 64 }), kind: z.enum(IMAGE_KINDS) });
export const ZProofImageQuery = z.object({ reason: ZText({ max: 200 }).optional().describe('why the image is opened; kept in the audit row') });

export const ZIdMismatchQuery = z
  .object({ from: ZLocalDate.describe('first local day'), to: ZLocalDate.describe('last local day, included') })
  .superRefine(checkPeriod(MAX_PERIOD_DAYS));

export const ZIdMismatchCounts = z.object({
  from: z.string(),
  to: z.string(),
  total: z.int().min(0).describe('outcomes refused in the period because the ID number given was not the recipient’s'),
  byOffice: z.array(z.object({ site: z.string(), count: z.int().min(1) })),
  byProgram: z.array(z.object({ program: z.string().nullable(), count: z.int().min(1) })),
});
export type TIdMismatchCounts = z.infer<typeof ZIdMismatchCounts>;
