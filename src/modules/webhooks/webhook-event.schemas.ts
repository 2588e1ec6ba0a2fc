import { z } from 'zod';

/**
 * What a partner's system is pushed (version 1). Every body is `{type, timestamp, data}`; `timestamp`
 * is when the event happened at its source, ISO 8601 with the configured zone's offset. These schemas
 * are the one definition of the payloads: the fan-out builds bodies of these types and the OpenAPI
 * description's `webhooks` section is generated from them.
 */
export const WEBHOOK_EVENT_TYPES = ['item.status_changed', 'breakpoint.opened', 'breakpoint.closed', 'request.created', 'request.mailed', 'work_order.updated', 'work_order.escalated', 'report.weekly_ready'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

const ZInstant = z.string().describe('ISO 8601, with the offset of the configured time zone');

/** An item's latest change, as Kuaidi100-style push receivers expect it. */
export const ZItemChange = z.object({
  trackingNo: z.string(),
  programCode: z.string().nullable(),
  requestId: z.string().nullable().describe('the request the item was mailed for, if any'),
  externalRef: z.string().nullable().describe('the agency’s own id of that request, if it gave one'),
  status: z.string().describe('the item’s status once this event is counted (CREATED or a scan code)'),
  event: z.object({
    code: z.string(),
    at: ZInstant,
    site: z.string(),
    siteName: z.string().nullable(),
    reason: z.string().nullable().optional(),
  }),
  sequence: z.number().int().describe('grows with every change of this item: a receiver drops a delivery whose sequence is not above the last it applied'),
});

export const ZBreakpointChange = z.object({
  breakpointId: z.number().int(),
  trackingNo: z.string(),
  programCode: z.string().nullable(),
  requestId: z.string().nullable(),
  externalRef: z.string().nullable(),
  type: z.string().describe('MISSING_ACCEPTANCE, SILENT_IN_TRANSIT, …'),
  responsibleUnit: z.string().describe('the unit to blame'),
  openedAt: ZInstant,
  closedAt: ZInstant.nullable(),
  sequence: z.number().int(),
});

export const ZRequestChange = z.object({
  requestId: z.string(),
  programCode: z.string(),
  externalRef: z.string().nullable(),
  status: z.string(),
  trackingNo: z.string().nullable().describe('set once the request is mailed'),
});

/** A work order of the partner's programs, as one action left it. */
export const ZWorkOrderChange = z.object({
  number: z.string().describe('the work order, e.g. WO20261204000123'),
  trackingNo: z.string().nullable(),
  programCode: z.string().nullable(),
  type: z.string().describe('enquiry, complaint, address_change, redelivery, loss_report, other'),
  priority: z.string().describe('normal or urgent'),
  status: z.string().describe('the order’s status after the action: new, assigned, in_progress, waiting_customer, waiting_unit, resolved, closed'),
  action: z.string().describe('what was done: create, assign, reply, wait, resume, resolve, reopen, close, escalate, note, rate'),
  outcome: z.string().nullable().describe('for resolve: done, not_done, answered, …'),
  unit: z.string().describe('the responsible unit'),
  escalationLevel: z.number().int().nullable().describe('for escalate: the level reached'),
  sequence: z.number().int().describe('the action’s number in the order’s history: a receiver drops a delivery whose sequence is not above the last it applied'),
});

/** A program's weekly report is stored: where the partner fetches it, with its own credential. */
export const ZWeeklyReportReady = z.object({
  reportId: z.string().describe('the stored report: the same id in each of its links'),
  week: z.string().describe('the ISO week reported, e.g. 2026-W48 (Monday to Sunday in the configured time zone)'),
  programCode: z.string(),
  generatedAt: ZInstant.describe('when the figures were read, ISO 8601 with the offset of the configured time zone'),
  links: z
    .object({
      json: z.string().describe('the report as JSON: /api/v1/reports/weekly/stored/{reportId}'),
      xlsx: z.string().describe('the same report as a workbook: /api/v1/reports/weekly/stored/{reportId}.xlsx'),
      pdf: z.string().describe('the same report as a PDF: /api/v1/reports/weekly/stored/{reportId}.pdf'),
    })
    .describe('paths on the server the push came from, read with the partner’s API credential'),
});

const envelope = <T extends WebhookEventType, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), timestamp: ZInstant, data });

export const WEBHOOK_PAYLOADS = {
  'item.status_changed': envelope('item.status_changed', ZItemChange),
  'breakpoint.opened': envelope('breakpoint.opened', ZBreakpointChange),
  'breakpoint.closed': envelope('breakpoint.closed', ZBreakpointChange),
  'request.created': envelope('request.created', ZRequestChange),
  'request.mailed': envelope('request.mailed', ZRequestChange),
  'work_order.updated': envelope('work_order.updated', ZWorkOrderChange),
  'work_order.escalated': envelope('work_order.escalated', ZWorkOrderChange),
  'report.weekly_ready': envelope('report.weekly_ready', ZWeeklyReportReady),
} as const satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookPayload = { [T in WebhookEventType]: z.infer<(typeof WEBHOOK_PAYLOADS)[T]> }[WebhookEventType];
