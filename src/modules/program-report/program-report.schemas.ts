import { z } from 'zod';
import { MAX_PERIOD_DAYS, ZLocalDate, checkPeriod } from '../../http/query-days.js';

export const ZProgramReportQuery = z
  .object({
    from: ZLocalDate.describe(`first local day (SONGDA_TZ), inclusive; the period is at most ${MAX_PERIOD_DAYS} days`),
    to: ZLocalDate.describe('last local day (SONGDA_TZ), inclusive'),
  })
  .superRefine(checkPeriod(MAX_PERIOD_DAYS));

export const ZProgramReport = z.object({
  programCode: z.string(),
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  issued: z.number().describe('recipients listed + document invitations made + requests for documents known from neither, in the period'),
  requests: z.number().describe('requests created in the period'),
  mailed: z.number().describe('of those requests, the ones that became items — GET /items?program=CODE&requestedOn=FROM..TO'),
  conversionRate: z.number().nullable().describe('mailed ÷ issued, not rounded; null when nothing was issued'),
  delivered: z.number().describe('of the mailed items, those delivered by now — add &status=DELIVERED'),
  deliveryRate: z.number().nullable().describe('delivered ÷ mailed, not rounded; null when nothing was mailed'),
  medianHoursToDeliver: z
    .number()
    .nullable()
    .describe("median of the item's first ACCEPTED scan → its delivery, over the delivered items accepted no later than delivered, hours to 0.1; null when none"),
  timedDeliveries: z.number().describe('the delivered items the median is taken over (those with an ACCEPTED scan no later than the delivery)'),
  suspect: z
    .number()
    .describe('of the mailed items, those with a scan dated before their request was made — GET /items?program=CODE&requestedOn=FROM..TO&suspect=yes'),
  postageFen: z.number().describe('postage charged for the mailed items, all payers, fen'),
  donationFen: z.number().describe("veterans' care fund donations charged for the mailed items, fen"),
}).describe('Exact: read from the requests, items and charges when the report is asked for, so it counts every scan batch and request acknowledged before it.');
export type TProgramReport = z.infer<typeof ZProgramReport>;

export const ZProgramLastMile = z
  .object({
    programCode: z.string(),
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    mailed: z.number().describe('the items of the period’s requests, as in the report'),
    attempted: z.number().describe('of the mailed items, those with an attempt at the door by now: delivered, or with a DELIVERY_FAILED scan'),
    firstAttemptDelivered: z.number().describe('of those, the ones delivered with no DELIVERY_FAILED scan before the delivery'),
    firstAttemptRate: z.number().nullable().describe('firstAttemptDelivered ÷ attempted, not rounded; null when nothing was attempted'),
    delivered: z.number().describe('of the mailed items, those delivered by now'),
    activationBank: z.string().nullable(),
    activation: z
      .object({ activated: z.number(), declined: z.number(), deferred: z.number(), pending: z.number() })
      .nullable()
      .describe('the delivered items by the activation result that holds now (as GET /activations); null when the program names no activation bank'),
    activationRate: z.number().nullable().describe('activated ÷ delivered, not rounded; null with no activation bank or nothing delivered'),
  })
  .describe('Exact, like the report: read when asked for, over the same items.');
export type TProgramLastMile = z.infer<typeof ZProgramLastMile>;
