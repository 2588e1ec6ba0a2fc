/**
 * What an attempt's answer means for its message and its endpoint: pure, so the schedule, the
 * jitter and Retry-After are testable at any instant with any random source.
 */

/** An endpoint that has failed every attempt for this long is disabled. */
export const FAILING_DISABLES_AFTER_MS = 5 * 86_400_000;
/** A Retry-After further out than this is taken as this: a receiver cannot park a message for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;
const JITTER = 0.1;

export type AttemptVerdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; at: number }
  | { kind: 'failed' }
  /** 410 Gone: the receiver says the endpoint no longer exists; the message fails and the endpoint is disabled. */
  | { kind: 'gone' };

export interface AttemptAnswer {
  /** Null when no answer came (refused, reset, timed out). */
  statusCode: number | null;
  /** The Retry-After header as sent, if any. */
  retryAfter?: string | null;
}

/**
 * The verdict after attempt number `attempt` (1 = the first) answered `answer` at `now`. `schedule`
 * holds the waits before retries 1, 2, …; each is varied by ±10 % so that messages failed together
 * do not come back together. 429 and 503 honour Retry-After when it asks for longer.
 */
export function judgeAttempt(answer: AttemptAnswer, attempt: number, now: number, schedule: readonly number[], random: () => number): AttemptVerdict {
  const code = answer.statusCode;
  if (code !== null && code >= 200 && code <= 299) return { kind: 'delivered' };
  if (code === 410) return { kind: 'gone' };
  const wait = schedule[attempt - 1];
  if (wait === undefined) return { kind: 'failed' };
  let at = now + Math.round(wait * (1 + JITTER * (2 * random() - 1)));
  if (code === 429 || code === 503) {
    const asked = retryAfterAt(answer.retryAfter ?? null, now);
    if (asked !== null && asked > at) at = Math.min(asked, now + MAX_RETRY_AFTER_MS);
  }
  return { kind: 'retry', at };
}

/** Retry-After as an instant: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterAt(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return now + Number(v) * 1000;
  // Only the IMF-fixdate form and its obsolete cousins, which Date.parse reads; a bare number was handled above.
  if (!/[A-Za-z]/.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : at;
}

/** Whether an endpoint failing since `failingSince` has failed long enough to be disabled at `now`. */
export const failedTooLong = (failingSince: number | null, now: number) => failingSince !== null && now - failingSince >= FAILING_DISABLES_AFTER_MS;
