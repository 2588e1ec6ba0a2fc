import { formatInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { msg } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { findItem, listItemEvents } from '../items/item.repository.js';
import type { TProofInput, TProofAttached } from './proof.schemas.js';
import { findDeliveredOutcome } from './proof.repository.js';
import { type DeliveryDeps, recordDeliveries } from './record-deliveries.js';

/**
 * POST /items/:trackingNo/proof: the proof of a delivery that was scanned without it (decision 0038).
 * It is the delivered outcome POST /deliveries would have recorded for the item's DELIVERED event —
 * same fields, same checks of the program's requirements, same rows — and it is recorded the same
 * way: the event it names is already stored (the scan path drops it as a duplicate), the proof rows
 * are written in that transaction, and the item's MISSING_PROOF closes with them.
 */
export async function attachProof(deps: DeliveryDeps, trackingNo: string, input: TProofInput, caller: Caller, now: number): Promise<TProofAttached> {
  const item = await findItem(deps.db, trackingNo);
  const delivery = item?.delivered_at == null ? undefined : await deliveryEventOf(deps, trackingNo, item.delivered_at);
  // A courier acts on the items at their office, and is not told of the others (decision 0032).
  if (!item || (caller.role === 'courier' && item.last_event_site !== caller.unit)) {
    throw new AppError('not_found', msg('delivery.unknownItem', { trackingNo }));
  }
  if (!delivery) throw new AppError('conflict', msg('proof.notDelivered', { trackingNo }));
  const stored = await findDeliveredOutcome(deps.db, trackingNo);
  if (stored && stored.clientId !== input.clientId) throw new AppError('conflict', msg('proof.alreadyRecorded', { trackingNo }));

  const element = { ...input, trackingNo, outcome: 'delivered', at: formatInstant(delivery.atMs, delivery.offsetMin), site: delivery.site, operator: input.operator ?? delivery.operator ?? undefined };
  // The delivery is a stored fact: however old, its proof is taken (the scan age limit guards new events).
  const answer = await recordDeliveries({ ...deps, maxAgeMs: undefined }, [element], caller, now);
  const rejection = answer.rejected[0];
  if (rejection) throw new AppError('invalid_request', rejection.message, { field: rejection.field, ...(rejection.requirement ? { requirement: rejection.requirement } : {}) });
  return { trackingNo, at: element.at, site: delivery.site, duplicate: answer.duplicates > 0 };
}

/** The item's first DELIVERED event: the delivery the proof belongs to. */
async function deliveryEventOf(deps: DeliveryDeps, trackingNo: string, deliveredAt: number) {
  const events = await listItemEvents(deps.db, trackingNo);
  const first = events.filter((e) => e.code === 'DELIVERED' && Number(e.at_ms) === Number(deliveredAt)).sort((a, b) => Number(a.id) - Number(b.id))[0];
  return first && { atMs: Number(first.at_ms), offsetMin: Number(first.at_offset_min), site: first.site, operator: first.operator };
}
