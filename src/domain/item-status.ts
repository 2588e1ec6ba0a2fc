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

/**
 * The item's status as each of its events arrived: for every event (by id, the order of arrival),
 * the status derived from the events up to and including it. Late events change the answer only for
 * themselves and those after them, as a receiver told of them one by one would see it.
 */
export function statusesAsArrived(events: readonly { id: number; atMs: number; code: string }[]): Map<number, string> {
  const byArrival = [...events].sort((a, b) => a.id - b.id);
  const out = new Map<number, string>();
  for (let i = 0; i < byArrival.length; i++) {
    const known = byArrival.slice(0, i + 1).sort(compareEventOrder);
    out.set(byArrival[i]!.id, deriveItemStatus(known));
  }
  return out;
}
