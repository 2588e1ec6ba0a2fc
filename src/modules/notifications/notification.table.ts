import type { Generated } from 'kysely';

/** What Songda tells a recipient by SMS, one template each (catalog keys `sms.<template>`). */
export const TEMPLATES = ['request_confirmed', 'out_for_delivery', 'attempt_failed', 'held', 'delivered', 'address_changed', 'one_time_code'] as const;
export type Template = (typeof TEMPLATES)[number];

export const PROVIDERS = ['log', 'http'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** pending: waits for the gateway; sent: the gateway took it; failed: every try failed; shown: the log provider kept it without sending. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'shown'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface NotificationTable {
  id: Generated<number>;
  out_id: string;
  tracking_no: string;
  template: Template;
  lang: string;
  /** JSON object of the template's parameters, codes masked. */
  params: string;
  /** Only while pending: cleared with the body once the message is sent or has failed (so no key rotation has to re-seal it). */
  phone_sealed: string | null;
  phone_masked: string;
  local_day: string | null;
  provider: Provider;
  status: NotificationStatus;
  tries: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  payload_sealed: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface NotificationFeedTable {
  feed: string;
  position: number;
}

export interface OneTimeCodeTable {
  tracking_no: string;
  code_hash: string | null;
  expires_at: number | null;
  sends: number;
  sends_since: number;
  last_sent_at: number | null;
  failures: number;
  failures_since: number;
}
