import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, failedTooLong, judgeAttempt, retryAfterAt } from './webhook-retry.js';

const NOW = Date.parse('2026-11-21T04:00:00Z');
const SCHEDULE = [5_000, 300_000, 1_800_000];
const mid = () => 0.5;

describe('judgeAttempt', () => {
  it('delivers on any 2xx, and only then', () => {
    for (const statusCode of [200, 201, 204, 299]) expect(judgeAttempt({ statusCode }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'delivered' });
    for (const statusCode of [null, 199, 301, 400, 500]) expect(judgeAttempt({ statusCode }, 1, NOW, SCHEDULE, mid).kind).toBe('retry');
  });

  it('follows the schedule, with at most ±10 % jitter from the random source, then fails', () => {
    expect(judgeAttempt({ statusCode: 500 }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + 5_000 });
    expect(judgeAttempt({ statusCode: 500 }, 2, NOW, SCHEDULE, () => 0)).toEqual({ kind: 'retry', at: NOW + 270_000 });
    expect(judgeAttempt({ statusCode: null }, 3, NOW, SCHEDULE, () => 1)).toEqual({ kind: 'retry', at: NOW + 1_980_000 });
    expect(judgeAttempt({ statusCode: 500 }, 4, NOW, SCHEDULE, mid)).toEqual({ kind: 'failed' });
  });

  it('answers 410 Gone as gone, whatever the attempt', () => {
    expect(judgeAttempt({ statusCode: 410 }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'gone' });
  });

  it('honours Retry-After on 429 and 503 when later than the schedule, never on other codes, and caps it', () => {
    expect(judgeAttempt({ statusCode: 429, retryAfter: '120' }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + 120_000 });
    expect(judgeAttempt({ statusCode: 503, retryAfter: new Date(NOW + 600_000).toUTCString() }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + 600_000 });
    expect(judgeAttempt({ statusCode: 429, retryAfter: '1' }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + 5_000 });
    expect(judgeAttempt({ statusCode: 500, retryAfter: '120' }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + 5_000 });
    expect(judgeAttempt({ statusCode: 429, retryAfter: String(30 * 86_400) }, 1, NOW, SCHEDULE, mid)).toEqual({ kind: 'retry', at: NOW + MAX_RETRY_AFTER_MS });
    // Retry-After does not add attempts: after the last, the message fails.
    expect(judgeAttempt({ statusCode: 429, retryAfter: '120' }, 4, NOW, SCHEDULE, mid)).toEqual({ kind: 'failed' });
  });
});

describe('retryAfterAt', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterAt('0', NOW)).toBe(NOW);
    expect(retryAfterAt(' 30 ', NOW)).toBe(NOW + 30_000);
    expect(retryAfterAt('Sat, 21 Nov 2026 04:10:00 GMT', NOW)).toBe(NOW + 600_000);
    for (const bad of [null, '', '-5', '1.5', 'soon', '2026-11-21']) expect(retryAfterAt(bad, NOW), String(bad)).toBeNull();
  });
});

describe('failedTooLong', () => {
  it('is true from five days of failing on', () => {
    expect(failedTooLong(null, NOW)).toBe(false);
    expect(failedTooLong(NOW - 5 * 86_400_000 + 1, NOW)).toBe(false);
    expect(failedTooLong(NOW - 5 * 86_400_000, NOW)).toBe(true);
  });
});
