import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/write-transaction.js';
import { committedBreakpointOutboxHorizon, latestVisibleBreakpointOutboxId } from '../breakpoints/breakpoint-feed.repository.js';
import { committedReportOutboxHorizon, latestVisibleReportOutboxId } from '../report-outbox/report-outbox.repository.js';
import { committedRequestOutboxHorizon, latestVisibleRequestOutboxId } from '../requests/request-outbox.repository.js';
import { committedScanEventHorizon, latestVisibleScanEventId } from '../scans/scan-event-feed.repository.js';
import { type Audience, loadAudience } from './webhook-audience.js';
import { readBreakpointChanges, readReportsReady, readRequestChanges, readWorkOrderChanges } from './webhook-feeds-outboxes.js';
import { committedWorkOrderOutboxHorizon, latestVisibleWorkOrderOutboxId } from '../work-order-outbox/work-order-outbox.repository.js';
import { type FeedChunk, readItemChanges } from './webhook-feeds-items.js';
import { type WebhookFeed, moveFeed, readFeedPosition, startFeed } from './webhook-feeds.repository.js';
import { enqueueWebhookMessages } from './webhook-message.repository.js';

/** Source rows read per feed and run unless the caller says otherwise. */
export const FANOUT_CHUNK = 1000;

export interface FanOutDeps {
  db: Db;
  /** The zone whose offset the pushed instants carry. */
  timeZone: string;
  now: number;
  /** Source rows read per feed in this run (default FANOUT_CHUNK). */
  limit?: number;
  /** Given by the job, not used: no payload carries sealed personal data. */
  cipher?: unknown;
}

interface FeedSource {
  feed: WebhookFeed;
  /** The highest id visible now, without waiting: a cheap look before the horizon is asked for. */
  latest(db: Db): Promise<number>;
  /** The highest id below which every row is committed (committed-horizon.ts). */
  horizon(db: Db): Promise<number>;
  read(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk>;
}

// Requests first: a request is usually mailed before its item's first scan, and a receiver then hears it in that order.
const SOURCES: readonly FeedSource[] = [
  { feed: 'request_outbox', latest: latestVisibleRequestOutboxId, horizon: committedRequestOutboxHorizon, read: readRequestChanges },
  { feed: 'scan_events', latest: latestVisibleScanEventId, horizon: committedScanEventHorizon, read: readItemChanges },
  { feed: 'breakpoint_outbox', latest: latestVisibleBreakpointOutboxId, horizon: committedBreakpointOutboxHorizon, read: readBreakpointChanges },
  { feed: 'work_order_outbox', latest: latestVisibleWorkOrderOutboxId, horizon: committedWorkOrderOutboxHorizon, read: readWorkOrderChanges },
  { feed: 'report_outbox', latest: latestVisibleReportOutboxId, horizon: committedReportOutboxHorizon, read: readReportsReady },
];

/**
 * Turns what happened (scan events, break-points opened and closed, requests created and mailed, work
 * orders acted on, weekly reports stored) into
 * one message per subscribed endpoint in scope, reading each source by id from its position in
 * webhook_feeds. Each feed's chunk is queued and its position moved in one transaction, so a crash
 * neither loses nor doubles a message; a feed is never read past its committed horizon, so a row
 * committed after a higher id is not skipped. Answers the source rows read (at most `limit` per feed):
 * a run that reads `limit` or more leaves work for the next run at once.
 */
export async function fanOutWebhookEvents(deps: FanOutDeps): Promise<number> {
  const limit = deps.limit ?? FANOUT_CHUNK;
  const audience = await loadAudience(deps.db, deps.now);
  let read = 0;
  for (const source of SOURCES) read += await fanOutFeed(deps, source, audience, limit);
  return read;
}

async function fanOutFeed(deps: FanOutDeps, source: FeedSource, audience: Audience, limit: number): Promise<number> {
  const db = deps.db;
  const feed = source.feed;
  const position = await readFeedPosition(db, feed);
  if (position === undefined) {
    // Never followed (its row was lost): start from now rather than push a whole history at once.
    await startFeed(db, feed, await source.horizon(db));
    return 0;
  }
  if ((await source.latest(db)) <= position) return 0;
  const upTo = await source.horizon(db);
  if (upTo <= position) return 0;
  if (audience.empty) {
    // Nobody to tell: an endpoint is pushed what happens after it is enabled, not a backlog from before.
    await moveFeed(db, feed, position, upTo);
    return 0;
  }
  const chunk = await source.read(db, position, upTo, limit, audience, deps.timeZone);
  // A chunk shorter than asked read everything to the horizon; ids a rolled-back write skipped are passed over.
  const to = chunk.read < limit ? upTo : chunk.lastId;
  // Waits for the scan writer's lock without holding up the server's thread (new scans are exactly
  // when the writer is busy).
  await writeTransaction(db, async (trx) => {
    // Moved first: when another run got there first, nothing is queued twice.
    if (await moveFeed(trx, feed, position, to)) await enqueueWebhookMessages(trx, chunk.messages, deps.now);
  });
  return chunk.read;
}
