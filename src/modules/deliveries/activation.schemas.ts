import { z } from 'zod';
import { ZPageLimit } from '../../http/paging.js';
import { ZPlainText, ZText } from '../../http/text.js';
import { SCAN_INSTANT_PATTERN } from '../scans/scan.schemas.js';
import { ACTIVATION_STATUSES } from './activation.table.js';
import { ACTIVATION_RESULTS } from './delivery.table.js';

export const ZActivationQuery = z.strictObject({
  status: z
    .enum(ACTIVATION_STATUSES)
    .optional()
    .describe('pending: no result yet (not delivered, or delivered without one); otherwise the result that holds now'),
  bank: ZPlainText({ max: 64 }).optional().describe('staff only: the tasks of this bank (a partner code); a bank’s own credential sees its own'),
  program: ZPlainText({ max: 64 }).optional(),
  limit: ZPageLimit,
  cursor: ZPlainText({ max: 64 }).optional().describe('nextCursor of the previous page'),
});
export type TActivationQuery = z.infer<typeof ZActivationQuery>;

export const ZActivationEntry = z.object({
  source: z.enum(['door', 'bank']).describe('door: recorded with the delivery; bank: recorded by the bank afterwards'),
  result: z.enum(ACTIVATION_RESULTS),
  at: z.string(),
  staff: z.string().nullable(),
});

export const ZActivationTask = z.object({
  trackingNo: z.string(),
  program: z.string(),
  bank: z.string(),
  itemStatus: z.string(),
  deliveredAt: z.string().nullable().describe('ISO 8601 in the configured time zone; null while not delivered'),
  status: z.enum(ACTIVATION_STATUSES),
  latest: ZActivationEntry.nullable().describe('the result that holds now; null while pending'),
});

export const ZActivationPage = z.object({
  rows: z.array(ZActivationTask),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TActivationPage = z.infer<typeof ZActivationPage>;

export const ZActivationInput = z.strictObject({
  result: z.enum(ACTIVATION_RESULTS),
  at: z.string().regex(SCAN_INSTANT_PATTERN).describe('ISO 8601 with a UTC offset; not before the delivery'),
  staff: ZText({ max: 50 }).describe('the bank’s staff who did it'),
});
export type TActivationInput = z.infer<typeof ZActivationInput>;

export const ZActivationRecorded = z.object({
  trackingNo: z.string(),
  status: z.enum(ACTIVATION_STATUSES),
  history: z.array(ZActivationEntry).describe('every result, the door’s first, in the order they hold'),
});
export type TActivationRecorded = z.infer<typeof ZActivationRecorded>;
