import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { statusesAsArrived } from '../../domain/item-status.js';
import { formatZoned } from '../../domain/scan-time.js';
import { findItemsByTrackingNos } from '../items/item-batch.repository.js';
import { findRequestRefsByTrackingNos } from '../requests/request-outbox.repository.js';
import { type FedScanEvent, listEventsOfItemsUpTo, listScanEventsAfter } from '../scans/scan-event-feed.repository.js';
import { findUnitNames } from '../units/unit.repository.js';
import { type Audience, messagesFor } from './webhook-audience.js';
import type { ZItemChange } from './webhook-event.schemas.js';
import type { NewWebhookMessage } from './webhook-message.repository.js';

export interface FeedChunk {
  /** Source rows read. */
  read: number;
  /** The id of the last row read (the position to move to when the chunk was full). */
  lastId: number;
  messages: NewWebhookMessage[];
}

/**
 * item.status_changed, one per new scan event of an item some endpoint's partner sees. The status is
 * the item's once that event is counted with those that arrived before it (a late scan does not
 * rewrite what was pushed before); `sequence` is the event's id, which grows with every change.
 */
export async function readItemChanges(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk> {
  const events = await listScanEventsAfter(db, after, upTo, limit);
  const lastId = events.at(-1)?.id ?? after;
  const items = await findItemsByTrackingNos(db, [...new Set(events.map((e) => e.trackingNo))], 'all');
  const programOf = new Map(items.flatMap((i) => (i.program_code !== null && audience.programs.has(i.program_code) ? [[i.tracking_no, i.program_code]] : [])));
  const told = events.filter((e) => programOf.has(e.trackingNo));
  if (told.length === 0) return { read: events.length, lastId, messages: [] };

  const trackingNos = [...new Set(told.map((e) => e.trackingNo))];
  const history = new Map<string, FedScanEvent[]>();
  for (const e of await listEventsOfItemsUpTo(db, trackingNos, lastId)) history.set(e.trackingNo, [...(history.get(e.trackingNo) ?? []), e]);
  const statuses = new Map([...history.values()].flatMap((list) => [...statusesAsArrived(list)]));
  const refs = await findRequestRefsByTrackingNos(db, trackingNos);
  const siteNames = await findUnitNames(db, [...new Set(told.map((e) => e.site))]);

  const messages: NewWebhookMessage[] = [];
  for (const e of told) {
    const programCode = programOf.get(e.trackingNo)!;
    const ref = refs.get(e.trackingNo);
    const at = formatZoned(e.atMs, timeZone);
    const data: z.infer<typeof ZItemChange> = {
      trackingNo: e.trackingNo,
      programCode,
      requestId: ref?.requestId ?? null,
      externalRef: ref?.externalRef ?? null,
      status: statuses.get(e.id)!,
      event: { code: e.code, at, site: e.site, siteName: siteNames.get(e.site) ?? null, reason: e.reason },
      sequence: e.id,
    };
    messages.push(...messagesFor(audience.endpointsFor('item.status_changed', programCode), 'item.status_changed', at, data, e.receivedAt));
  }
  return { read: events.length, lastId, messages };
}
