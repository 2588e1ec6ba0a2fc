/**
 * How long a sign-in must wait after failures: a few free tries, then a wait that doubles with each
 * further failure up to a ceiling, never a lock. A stranger who fails on purpose holds a victim's
 * account back by at most the ceiling after their last try; a guesser gets a handful of tries an hour.
 * Pure: the counts come from the database, the instant from the caller.
 */
export interface AttemptPolicy {
  /** Failures before any wait. */
  readonly free: number;
  /** After this long without a failure the count starts again; longer than maxWaitMs, so waiting out the ceiling never resets it. */
  readonly quietMs: number;
  readonly maxWaitMs: number;
}

/** Per username, from every address together: another address gets no fresh guesses. */
export const PER_USERNAME: AttemptPolicy = { free: 5, quietMs: 24 * 3_600_000, maxWaitMs: 15 * 60_000 };
/**
 * Per client address, over every username: spraying new usernames is limited too. More free tries,
 * because an office's clerks often share one address; a shorter quiet, for the same reason.
 */
export const PER_ADDRESS: AttemptPolicy = { free: 20, quietMs: 3_600_000, maxWaitMs: 15 * 60_000 };

const FIRST_WAIT_MS = 1_000;

export interface FailureCount {
  failures: number;
  first_failed_at: number;
  last_failed_at: number;
}

/** The failures that still count at `now`. */
export function failuresAt(count: FailureCount | undefined, now: number, policy: AttemptPolicy): number {
  return count && now - Number(count.last_failed_at) < policy.quietMs ? Number(count.failures) : 0;
}

/** Milliseconds until the next attempt may be checked; 0 when it may be checked now. */
export function waitBeforeAttempt(count: FailureCount | undefined, now: number, policy: AttemptPolicy): number {
  const failures = failuresAt(count, now, policy);
  if (!count || failures < policy.free) return 0;
  const wait = Math.min(policy.maxWaitMs, FIRST_WAIT_MS * 2 ** Math.min(failures - policy.free, 30));
  return Math.max(0, Number(count.last_failed_at) + wait - now);
}

/** The count once this attempt is counted as a failure (it is taken back if the password is right). */
export function countedAttempt(count: FailureCount | undefined, now: number, policy: AttemptPolicy): FailureCount {
  const failures = failuresAt(count, now, policy);
  return { failures: failures + 1, first_failed_at: failures === 0 || !count ? now : Number(count.first_failed_at), last_failed_at: now };
}
