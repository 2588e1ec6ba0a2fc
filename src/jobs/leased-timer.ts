import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `round(holder, now, ttlMs)` every `intervalMs` (and once at start), never two at a time; the
 * round takes its lease itself (ttl twice the interval) and answers null when another server holds it.
 * A round that did something is logged at info, a quiet one at debug. Returns a function that stops it.
 */
export function startLeasedTimer<R>(options: {
  name: string;
  intervalMs: number;
  clock: () => number;
  log: FastifyBaseLogger;
  round: (holder: string, now: number, ttlMs: number) => Promise<R | null>;
  busy: (result: R) => boolean;
  /** The log entry's field that holds a round's result (the name when not given). */
  field?: string;
}): () => Promise<void> {
  const { name, intervalMs, clock, log, round, busy } = options;
  const field = options.field ?? name;
  const holder = randomUUID();
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      const result = await round(holder, clock(), intervalMs * 2);
      if (result !== null) log[busy(result) ? 'info' : 'debug']({ [field]: result }, name);
    })()
      .catch((err: unknown) => log.error({ err }, `${name} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const first = setImmediate(tick);
  // Once stopped, no round starts again: what a round uses may be closed right after.
  return async () => {
    stopped = true;
    clearImmediate(first);
    clearInterval(timer);
    await running;
  };
}
