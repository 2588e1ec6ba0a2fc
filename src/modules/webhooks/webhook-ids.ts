import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `prefix` + 24 random base32 characters (120 bits): endpoint ids `ep_…`, message ids `msg_…`, SMS out ids `sms_…`. */
export function newWebhookId(prefix: 'ep_' | 'msg_' | 'sms_'): string {
  const bytes = randomBytes(24);
  let out = prefix;
  for (const byte of bytes) out += BASE32[byte & 31];
  return out;
}

export const WEBHOOK_ID = { endpoint: /^ep_[a-z2-7]{24}$/, message: /^msg_[a-z2-7]{24}$/ } as const;
