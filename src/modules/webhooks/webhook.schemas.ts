import { z } from 'zod';
import { parseInstant } from '../../domain/scan-time.js';
import { ZPageLimit } from '../../http/paging.js';
import { ZText } from '../../http/text.js';
import { ZCode } from '../programs/program.schemas.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-event.schemas.js';
import { WEBHOOK_ID } from './webhook-ids.js';
import { MESSAGE_STATUSES } from './webhook.table.js';

const ZInstant = z.string().describe('ISO 8601, with the offset of the configured time zone');

/** Why an endpoint is disabled: 410 Gone from the receiver, five days of failures, or a person (PATCH enabled=false). */
export const DISABLED_REASONS = ['gone', 'failing', 'manual'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

// Whether the URL may be used (https, or http where allowed) is the service's check: it depends on configuration.
const ZUrl = z.string().min(1).max(2000).describe('where events are POSTed: https (http only to localhost, unless the server allows plain http)');
const ZEvents = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'schema.someEvent')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => [...new Set(events)])
  .describe(`the event types pushed: ${WEBHOOK_EVENT_TYPES.join(', ')}`);
const ZDescription = ZText({ max: 200 });

export const ZCreateWebhookBody = z.strictObject({
  url: ZUrl,
  events: ZEvents,
  description: ZDescription.optional(),
  partner: ZCode.optional().describe('the partner the endpoint belongs to: an admin names it; a partner’s credential makes one for itself'),
});
export type TCreateWebhookBody = z.infer<typeof ZCreateWebhookBody>;

export const ZUpdateWebhookBody = z
  .strictObject({
    url: ZUrl.optional(),
    events: ZEvents.optional(),
    enabled: z.boolean().optional().describe('true clears the reason it was disabled and its failing time; false stops pushes'),
    description: ZDescription.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'schema.webhookChange' });
export type TUpdateWebhookBody = z.infer<typeof ZUpdateWebhookBody>;

export const ZWebhookParams = z.strictObject({ id: z.string().regex(WEBHOOK_ID.endpoint, 'schema.webhookId') });
export const ZDeliveryParams = ZWebhookParams.extend({
  deliveryId: z.string().regex(WEBHOOK_ID.message, 'schema.deliveryId'),
});

export const ZWebhookListQuery = z.strictObject({ partner: ZCode.optional().describe('only this partner’s endpoints (a partner’s credential sees its own only)') });

export const ZWebhook = z.object({
  id: z.string(),
  partner: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabledReason: z.enum(DISABLED_REASONS).nullable().describe('gone: the receiver answered 410; failing: every attempt failed for 5 days; manual: disabled through the API'),
  failingSince: ZInstant.nullable().describe('since when every attempt has failed; null after a success'),
  previousSecretExpiresAt: ZInstant.nullable().describe('until when the secret before the last rotation still signs, alongside the new one'),
  createdAt: ZInstant,
  updatedAt: ZInstant,
});
export type TWebhook = z.infer<typeof ZWebhook>;

export const ZWebhookCreated = ZWebhook.extend({ secret: z.string().describe('whsec_…: the signing secret, shown only in this answer') });
export const ZSecretRotated = z.object({
  id: z.string(),
  secret: z.string().describe('the new signing secret, shown only in this answer'),
  previousSecretExpiresAt: ZInstant.describe('the old secret signs too until then'),
});

export const ZDeliveriesQuery = z.strictObject({
  status: z.enum(MESSAGE_STATUSES).optional(),
  limit: ZPageLimit,
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'schema.cursor')
    .transform(Number)
    .optional()
    .describe('nextCursor of the previous page, unchanged'),
});
export type TDeliveriesQuery = z.infer<typeof ZDeliveriesQuery>;

export const ZAttempt = z.object({
  at: ZInstant,
  statusCode: z.number().int().nullable().describe('null when no answer came'),
  durationMs: z.number().int(),
  error: z.string().nullable().describe('why there was no answer, or the start of a non-2xx answer'),
});

export const ZDelivery = z.object({
  id: z.string().describe('the webhook-id header of every attempt'),
  type: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  payload: z.unknown().describe('the body sent'),
  createdAt: ZInstant,
  nextAttemptAt: ZInstant.nullable(),
  deliveredAt: ZInstant.nullable(),
  attempts: z.array(ZAttempt),
});
export type TDelivery = z.infer<typeof ZDelivery>;

export const ZDeliveriesPage = z.object({
  rows: z.array(ZDelivery),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});

export const ZReplayBody = z.strictObject({
  since: z
    .string()
    .transform((value, ctx) => {
      const parsed = parseInstant(value);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.message.key, params: parsed.message.params });
        return z.NEVER;
      }
      return parsed.ms;
    })
    .describe('ISO 8601 with an offset: every message made since then is sent again'),
});
export const ZReplayed = z.object({ replayed: z.number().int().describe('how many messages are due again') });
export const ZTestQueued = z.object({ deliveryId: z.string().describe('the queued webhook.test message') });
