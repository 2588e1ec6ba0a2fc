import { z } from 'zod';
import { ZCode } from '../programs/program.schemas.js';
import { ZUnitCode } from '../units/unit.schemas.js';

export const MAX_CONSIGNMENT_ITEMS = 10_000;

export const ZConsignmentInput = z
  .strictObject({
    trackingNo: z.string().optional().describe("the consignment's own S10 number; allocated (service indicator EA) when absent"),
    fromPartner: ZCode.describe('the partner handing it over, e.g. a card factory'),
    toUnit: ZUnitCode.optional().describe('the unit it is sent to'),
    toPartner: ZCode.optional().describe('or the partner it is sent to, e.g. a service centre'),
    items: z.array(z.string()).min(1).max(MAX_CONSIGNMENT_ITEMS).describe('tracking numbers of the items inside'),
  })
  .refine((v) => (v.toUnit === undefined) !== (v.toPartner === undefined), { message: 'schema.toUnitOrPartner', path: ['toUnit'] });
export type TConsignmentInput = z.infer<typeof ZConsignmentInput>;

export const ZConsignmentEvent = z.object({
  code: z.string(),
  at: z.string(),
  site: z.string(),
  siteName: z.string().nullable(),
  operator: z.string().nullable(),
  reason: z.string().nullable(),
  nextSite: z.string().nullable(),
  reachedItems: z.boolean().describe('whether the scan applied to the items inside (made before the consignment was opened)'),
});

export const ZConsignment = z.object({
  trackingNo: z.string(),
  fromPartner: z.string(),
  toUnit: z.string().nullable(),
  toPartner: z.string().nullable(),
  openedAt: z.string().nullable().describe('instant of the first OPENED scan; scans after it no longer reach the items'),
  openedSite: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(z.string()),
  events: z.array(ZConsignmentEvent),
});
export type TConsignment = z.infer<typeof ZConsignment>;
