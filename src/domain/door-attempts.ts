/**
 * An item's attempts at the door, from its delivery and its first DELIVERY_FAILED scan (decision
 * 0038): attempted when delivered or failed at least once; delivered at the first attempt when
 * delivered with no failure before the delivery (a counter pick-up after a notice with no failure
 * counts as first).
 */
export function doorAttempt(deliveredAt: number | null, firstFailureAt: number | undefined): { attempted: boolean; firstAttempt: boolean } {
  return {
    attempted: deliveredAt !== null || firstFailureAt !== undefined,
    firstAttempt: deliveredAt !== null && !((firstFailureAt ?? Number.POSITIVE_INFINITY) < deliveredAt),
  };
}
