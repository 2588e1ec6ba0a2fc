import { z } from 'zod';
import { NOTIFICATION_STATUSES, PROVIDERS, TEMPLATES } from './notification.table.js';

export const ZItemNotification = z.object({
  outId: z.string().describe('the id the gateway was given (outId), and the webhook-id of every try'),
  template: z.enum(TEMPLATES),
  status: z.enum(NOTIFICATION_STATUSES).describe('pending: waits for the gateway; sent; failed: every try failed; shown: kept by the log provider, not sent'),
  provider: z.enum(PROVIDERS),
  phone: z.string().describe('masked'),
  text: z.string().describe('the message as the recipient reads it, pickup and one-time codes masked'),
  createdAt: z.string().describe('local time (SONGDA_TZ), ISO 8601 with offset'),
  sentAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  tries: z.number().int(),
  lastError: z.string().nullable().describe('the last failed try, as a log line'),
});

export const ZItemNotifications = z.object({ trackingNo: z.string(), notifications: z.array(ZItemNotification) });
export type TItemNotifications = z.infer<typeof ZItemNotifications>;

export const ZVerifyInput = z.object({ phone4: z.string().regex(/^\d{4}$/, 'schema.phone4') });
export const ZVerifyAnswer = z.object({ message: z.string() });
