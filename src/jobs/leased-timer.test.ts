import { pino } from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startLeasedTimer } from './leased-timer.js';

const log = pino({ level: 'silent' });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setImmediate', 'clearImmediate', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function counting(round: () => Promise<number | null> = async () => 1) {
  const calls: number[] = [];
  const stop = startLeasedTimer({
    name: 'test round',
    intervalMs: 1_000,
    clock: () => 0,
    log,
    round: async (_holder, now) => {
      calls.push(now);
      return round();
    },
    busy: () => false,
  });
  return { calls, stop };
}

it('runs once at start and then every interval', async () => {
  const { calls, stop } = counting();
  await vi.advanceTimersByTimeAsync(0);
  expect(calls).toHaveLength(1);
  await vi.advanceTimersByTimeAsync(3_000);
  expect(calls).toHaveLength(4);
  await stop();
});

it('starts no round once stopped, not even the first one at start', async () => {
  // Stopped before the first round's turn: what the round would use (a store, a writer thread) is
  // closed right after the stop, and a round started then would open it again.
  const { calls, stop } = counting();
  await stop();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(calls).toEqual([]);
});

it('waits for the round under way when stopped, and starts none after it', async () => {
  let finish!: () => void;
  const { calls, stop } = counting(() => new Promise((resolve) => (finish = () => resolve(1))));
  await vi.advanceTimersByTimeAsync(0);
  expect(calls).toHaveLength(1);
  let stopped = false;
  const stopping = stop().then(() => (stopped = true));
  await vi.advanceTimersByTimeAsync(0);
  expect(stopped).toBe(false);
  finish();
  await stopping;
  await vi.advanceTimersByTimeAsync(5_000);
  expect(calls).toHaveLength(1);
});
