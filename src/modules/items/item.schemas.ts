import { z } from 'zod';
import { ZPlainText, ZText } from '../../http/text.js';
import { SCAN_CODES } from '../scans/scan-event.table.js';

export const ZItemInput = z.strictObject({
  trackingNo: z.string().optional().describe('S10 number; allocated from the configured ranges when absent'),
  serviceIndicator: z
    .string()
    .regex(/^[A-Z]{2}$/, 'schema.serviceIndicator')
    .optional()
    .describe('service indicator for an allocated number (default EA)'),
  originUnit: z.string().optional(),
  destination: z
    .strictObject({
      divisionCode: z.string().regex(/^\d{6}$/, 'validation.divisionCode'),
      address: ZText({ max: 300 }).optional(),
    })
    .optional(),
  weightGrams: z.number().int().positive().max(1_000_000).optional(),
});
export type TItemInput = z.infer<typeof ZItemInput>;

export const ZItemRegisterResult = z.union([
  z.object({ index: z.number(), trackingNo: z.string() }),
  z.object({ index: z.number(), field: z.string().optional(), error: z.string() }),
]);
export type TItemRegisterResult = z.infer<typeof ZItemRegisterResult>;

export const ZTrackingParams = z.object({ trackingNo: ZPlainText({ max: 64 }) });

export const ZTimelineEvent = z.object({
  code: z.enum(SCAN_CODES),
  at: z.string().describe('ISO 8601 with the offset the scanner used'),
  site: z.string(),
  siteName: z.string().nullable(),
  operator: z.string().nullable(),
  reason: z.string().nullable(),
  nextSite: z.string().nullable(),
  receivedAt: z.string().describe('when Songda stored the event (UTC)'),
  viaConsignment: z.string().nullable().describe('the consignment whose scan this is, when the item was inside one'),
});
export type TTimelineEvent = z.infer<typeof ZTimelineEvent>;

/** A consignment the item travelled in, as its page shows it (consignments answer it: items come first). */
export const ZItemConsignment = z.object({
  trackingNo: z.string(),
  fromPartner: z.string(),
  toUnit: z.string().nullable(),
  toPartner: z.string().nullable(),
  openedAt: z.string().nullable(),
  openedSite: z.string().nullable(),
});
export type TItemConsignment = z.infer<typeof ZItemConsignment>;

/** A break-point of the item, as its page shows it (break-points answer it: items come first). */
export const ZItemBreakpoint = z.object({
  type: z.string(),
  responsibleUnit: z.string(),
  visit: z.number().describe('1-based site visit the break-point belongs to'),
  openedAt: z.string(),
  closedAt: z.string().nullable().describe('null while open; a gap filled late or a silence ended closes it'),
  detail: z.string(),
});
export type TItemBreakpoint = z.infer<typeof ZItemBreakpoint>;

/** What the item's own rows tell: its details and its events. */
export const ZItemTimeline = z.object({
  trackingNo: z.string(),
  status: z.string().describe('derived from the whole event set: CREATED before any scan, DELIVERED once delivered, else the last event'),
  originUnit: z.string().nullable(),
  destination: z.object({ divisionCode: z.string(), divisionName: z.string().nullable(), address: z.string().nullable() }).nullable(),
  weightGrams: z.number().nullable(),
  lastEvent: ZTimelineEvent.nullable(),
  events: z.array(ZTimelineEvent),
});
export type TItemTimeline = z.infer<typeof ZItemTimeline>;

/** The item's page: its timeline with the consignments it travelled in and its break-points. */
export const ZTimeline = ZItemTimeline.extend({
  requestedAt: z.string().nullable().describe("when the item's request was made; null for an item not asked for by a request"),
  deliveryOffice: z
    .object({ code: z.string(), name: z.string().nullable() })
    .optional()
    .describe('the delivery office the item is routed to now (moved by an address change); absent for an item of no request'),
  events: z.array(
    ZTimelineEvent.extend({
      suspect: z.boolean().describe('dated before the item’s request was made: kept as received, but not a true time'),
    }),
  ),
  consignments: z
    .array(ZItemConsignment)
    .describe('consignments the item travelled in; their scans up to the opening appear among the events, marked viaConsignment'),
  breakpoints: z.array(ZItemBreakpoint),
});
export type TTimeline = z.infer<typeof ZTimeline>;
