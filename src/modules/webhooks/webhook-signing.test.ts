import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, webhookHeaders } from './webhook-signing.js';

describe('webhook signing', () => {
  it('matches the Standard Webhooks reference libraries’ published vector', () => {
    // From the specification's JavaScript library tests ("sign function works").
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });

  it('signs with every live secret, space-separated, each verifiable on its own', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const headers = webhookHeaders([a, b], 'msg_x', 1700000000, '{"a":1}');
    expect(headers['webhook-id']).toBe('msg_x');
    expect(headers['webhook-timestamp']).toBe('1700000000');
    const expected = [a, b].map((s) => `v1,${createHmac('sha256', Buffer.from(s.slice(6), 'base64')).update('msg_x.1700000000.{"a":1}').digest('base64')}`);
    expect(headers['webhook-signature']!.split(' ')).toEqual(expected);
  });
});
