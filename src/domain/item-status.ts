/**
 * An item's status from its whole event set, so that late and out-of-order events give the same
 * answer as events that arrived in order: DELIVERED once any delivery is recorded (it is terminal),
 * otherwise the code of the last event by instant (ties broken by arrival), CREATED before any event.
 */
export function deriveItemStatus(events: readonly { code: string }[]): string {
  if (events.length === 0) return 'CREATED';
  if (events.some((e) => e.code === 'DELIVERED')) return 'DELIVERED';
  return events[events.length - 1]!.code;
}

/** Orders events as every derivation expects: by instant, then by arrival. */
export function compareEventOrder(a: { atMs: number; id: number }, b: { atMs: number; id: number }): number {
  return a.atMs - b.atMs || a.id - b.id;
}
