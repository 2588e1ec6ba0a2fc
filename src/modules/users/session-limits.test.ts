import { describe, expect, it } from 'vitest';
import { type FailureCount, PER_ADDRESS, PER_USERNAME, countedAttempt, waitBeforeAttempt } from './session-limits.js';

const T0 = 1_800_000_000_000;
const row = (failures: number, last = T0): FailureCount => ({ failures, first_failed_at: T0 - 60_000, last_failed_at: last });

describe('the wait before a sign-in attempt', () => {
  it('is nothing for the free tries, then doubles from 1 s with each failure up to 15 minutes', () => {
    expect(waitBeforeAttempt(undefined, T0, PER_USERNAME)).toBe(0);
    expect(waitBeforeAttempt(row(PER_USERNAME.free - 1), T0, PER_USERNAME)).toBe(0);
    const waits = [0, 1, 2, 3, 9, 10, 11, 40].map((extra) => waitBeforeAttempt(row(PER_USERNAME.free + extra), T0, PER_USERNAME));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 512_000, 900_000, 900_000, 900_000]);
  });

  it('runs from the last failure', () => {
    expect(waitBeforeAttempt(row(PER_USERNAME.free + 2), T0 + 3_000, PER_USERNAME)).toBe(1_000);
    expect(waitBeforeAttempt(row(PER_USERNAME.free + 2), T0 + 4_000, PER_USERNAME)).toBe(0);
  });

  it('starts the count again after a quiet period longer than the longest wait', () => {
    expect(PER_USERNAME.quietMs).toBeGreaterThan(PER_USERNAME.maxWaitMs);
    expect(PER_ADDRESS.quietMs).toBeGreaterThan(PER_ADDRESS.maxWaitMs);
    const quiet = T0 + PER_ADDRESS.quietMs;
    expect(waitBeforeAttempt(row(PER_ADDRESS.free + 30), quiet - 1, PER_ADDRESS)).toBe(0); // the 15 min ceiling has long passed
    expect(countedAttempt(row(PER_ADDRESS.free + 30), quiet - 1, PER_ADDRESS).failures).toBe(PER_ADDRESS.free + 31);
    expect(countedAttempt(row(PER_ADDRESS.free + 30), quiet, PER_ADDRESS)).toEqual({ failures: 1, first_failed_at: quiet, last_failed_at: quiet });
  });
});
