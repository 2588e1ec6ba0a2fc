import type { Generated } from 'kysely';

/** An address of a partner's system that is pushed the events it subscribed to. */
export interface WebhookEndpointTable {
  /** `ep_` and 24 random base32 characters: shown to the partner, never reused. */
  id: string;
  partner: string;
  url: string;
  description: string | null;
  /** JSON array of event types (see webhook-event.schemas.ts). */
  events: string;
  enabled: number;
  /** Why the endpoint stopped being pushed to (410 Gone, failing for five days, or a person); null while enabled. */
  disabled_reason: string | null;
  /** `whsec_` + base64 of 32 random bytes, sealed with the data key like other secrets at rest. */
  secret_sealed: string;
  /** The secret before the last rotation, which keeps signing alongside the new one until it expires. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: number | null;
  /** Since when every attempt has failed; null after a success. Five days of it disables the endpoint. */
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

export const MESSAGE_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** One event for one endpoint: the unit of delivery, retried as one (same `webhook-id`) until it succeeds or fails for good. */
export interface WebhookMessageTable {
  id: Generated<number>;
  /** `msg_` + 24 random base32 characters: the `webhook-id` header of every attempt. */
  msg_id: string;
  endpoint_id: string;
  type: string;
  /** The exact JSON body sent (and signed) on every attempt. */
  payload: string;
  /** When the event it carries was committed at its source (lag is measured from here). */
  event_at: number;
  created_at: number;
  status: MessageStatus;
  attempts: number;
  /** When the next attempt is due; null once delivered or failed. */
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  delivered_at: number | null;
}

/** Every HTTP attempt of a message, for the partner's delivery log. */
export interface WebhookAttemptTable {
  id: Generated<number>;
  message_id: number;
  endpoint_id: string;
  at: number;
  /** Null when no answer came (refused, timed out). */
  status_code: number | null;
  duration_ms: number;
  error: string | null;
}

/** How far the fan-out has read each source feed (scan events, break-point outbox, request outbox). */
export interface WebhookFeedTable {
  feed: string;
  position: number;
}
