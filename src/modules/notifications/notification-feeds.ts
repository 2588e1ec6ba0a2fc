import type { Db } from '../../db/database.js';
import { writeTransaction } from '../../db/write-transaction.js';
import { parseFailureReason } from '../../domain/failure-reasons.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/lang.js';
import { msg, render } from '../../i18n/message.js';
import { committedRequestOutboxHorizon, latestVisibleRequestOutboxId, listRequestOutboxAfter } from '../requests/request-outbox.repository.js';
import { committedScanEventHorizon, latestVisibleScanEventId, listScanEventsInSpan } from '../scans/scan-event-feed.repository.js';
import { moveNotificationFeed, readNotificationFeed, startNotificationFeed } from './notification.repository.js';
import { type Notice, type NotifyDeps, notifyRecipients } from './notify.js';

/** Source rows read per feed and run; the scans' feed passes over ten times as many ids (it fetches only door events). */
export const NOTIFY_CHUNK = 1000;
const DOOR_SPAN_CHUNKS = 10;

/**
 * A scan uploaded this long after it was made tells the recipient nothing they can use ("out for
 * delivery" a day late): it is stored and pushed to partners, but no SMS goes for it.
 */
export const STALE_AFTER_MS = 12 * 3_600_000;

interface FeedSource {
  feed: string;
  latest(db: Db): Promise<number>;
  horizon(db: Db): Promise<number>;
  /**
   * The next rows after `after` up to `upTo`, at most `limit`: how far that reached (`to`, the new
   * position), how much of the source it covered (`read`: `limit` when there is more), and the notices.
   */
  read(db: Db, after: number, upTo: number, limit: number, now: number): Promise<FeedChunk>;
}

interface FeedChunk {
  read: number;
  to: number;
  notices: Notice[];
}

const SOURCES: readonly FeedSource[] = [
  { feed: 'request_outbox', latest: latestVisibleRequestOutboxId, horizon: committedRequestOutboxHorizon, read: readMailedRequests },
  { feed: 'scan_events', latest: latestVisibleScanEventId, horizon: committedScanEventHorizon, read: readDoorEvents },
];

/**
 * Tells recipients what happened to their items, from what was committed: a request mailed (request
 * confirmed, with the tracking number), and the scans of the last mile — out for delivery, delivered,
 * attempt failed — whether they came from `POST /scans` or with an outcome from `POST /deliveries`
 * (both go through the one scan write path). Each source is read by id from its position in
 * notification_feeds, never past its committed horizon; a chunk's messages and the new position are
 * written in one transaction, so a crash neither loses nor doubles a message (and the once-a-day rule
 * would hold back a double anyway). Answers how much of the sources a run covered (rows read, or the
 * scans' ids passed over): `limit` or more when a feed may have more to read.
 */
export async function notifyFromFeeds(deps: NotifyDeps, now: number, limit = NOTIFY_CHUNK): Promise<number> {
  let read = 0;
  for (const source of SOURCES) read += await followFeed(deps, source, now, limit);
  return read;
}

async function followFeed(deps: NotifyDeps, source: FeedSource, now: number, limit: number): Promise<number> {
  const { db } = deps;
  const position = await readNotificationFeed(db, source.feed);
  if (position === undefined) {
    // Never followed: from now on, not the whole history at once.
    await startNotificationFeed(db, source.feed, await source.horizon(db));
    return 0;
  }
  if ((await source.latest(db)) <= position) return 0;
  const upTo = await source.horizon(db);
  if (upTo <= position) return 0;
  const chunk = await source.read(db, position, upTo, limit, now);
  const to = chunk.to;
  // Waits for the scan writer's lock without holding up the server's thread (a new chunk of scans is
  // exactly when the writer is busy).
  await writeTransaction(db, async (trx) => {
    // Moved first: when another run got there first, nothing is stored twice.
    if (await moveNotificationFeed(trx, source.feed, position, to)) await notifyRecipients({ ...deps, db: trx }, chunk.notices, now);
  });
  return chunk.read;
}

async function readMailedRequests(db: Db, after: number, upTo: number, limit: number): Promise<FeedChunk> {
  const rows = await listRequestOutboxAfter(db, after, upTo, limit);
  const notices: Notice[] = rows.flatMap((r) => (r.kind === 'mailed' && r.trackingNo !== null ? [{ trackingNo: r.trackingNo, template: 'request_confirmed' as const, params: { trackingNo: r.trackingNo } }] : []));
  // A chunk shorter than asked read everything to the horizon; ids a rolled-back write skipped are passed over.
  return { read: rows.length, to: rows.length < limit ? upTo : rows.at(-1)!.id, notices };
}

const DOOR_CODES = ['OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED'] as const;

/**
 * The last mile's scans among the next ids: only those are fetched, and only those made in the last
 * STALE_AFTER_MS (most scans are neither; fetching every row took the ingest a statement and a
 * transaction per thousand scans, docs/benchmarks.md). Ids are passed over a span of ten chunks at a
 * time, so that one statement never reads an unbounded range, nor fetches more than that span.
 */
async function readDoorEvents(db: Db, after: number, upTo: number, limit: number, now: number): Promise<FeedChunk> {
  const to = Math.min(upTo, after + limit * DOOR_SPAN_CHUNKS);
  const events = await listScanEventsInSpan(db, after, to, { codes: DOOR_CODES, madeFrom: now - STALE_AFTER_MS });
  const notices: Notice[] = [];
  for (const e of events) {
    const params = { trackingNo: e.trackingNo };
    if (e.code === 'OUT_FOR_DELIVERY') notices.push({ trackingNo: e.trackingNo, template: 'out_for_delivery', params });
    else if (e.code === 'DELIVERED') notices.push({ trackingNo: e.trackingNo, template: 'delivered', params });
    else notices.push({ trackingNo: e.trackingNo, template: 'attempt_failed', params: { ...params, reason: reasonLabel(e.reason, DEFAULT_LANG) } });
  }
  return { read: to - after, to, notices };
}

/** The failure reason's label, without the note of OTHER (a courier's words are not sent to the recipient). */
export function reasonLabel(reason: string | null, lang: Lang): string {
  const parsed = reason === null ? undefined : parseFailureReason(reason);
  return render(lang, parsed?.ok ? msg(`reason.${parsed.code}`) : msg('sms.reason.unknown'));
}
