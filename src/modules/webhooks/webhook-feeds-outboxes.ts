import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { formatZoned } from '../../domain/scan-time.js';
import { listBreakpointOutboxAfter } from '../breakpoints/breakpoint-feed.repository.js';
import { findItemsByTrackingNos } from '../items/item-batch.repository.js';
import { listReportOutboxAfter } from '../report-outbox/report-outbox.repository.js';
import { findRequestRefsByTrackingNos, listRequestOutboxAfter } from '../requests/request-outbox.repository.js';
import { listWorkOrderOutboxAfter } from '../work-order-outbox/work-order-outbox.repository.js';
import { type Audience, messagesFor } from './webhook-audience.js';
import type { ZBreakpointChange, ZRequestChange, ZWeeklyReportReady, ZWorkOrderChange } from './webhook-event.schemas.js';
import type { FeedChunk } from './webhook-feeds-items.js';
import type { NewWebhookMessage } from './webhook-message.repository.js';

/**
 * breakpoint.opened and breakpoint.closed, from the break-point outbox, to the endpoints whose partner
 * sees the item's program. A reopened break-point is opened again; `sequence` is the outbox row's id.
 */
export async function readBreakpointChanges(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk> {
  const rows = await listBreakpointOutboxAfter(db, after, upTo, limit);
  const lastId = rows.at(-1)?.id ?? after;
  const trackingNos = [...new Set(rows.map((r) => r.trackingNo))];
  const items = await findItemsByTrackingNos(db, trackingNos, 'all');
  const programOf = new Map(items.flatMap((i) => (i.program_code !== null && audience.programs.has(i.program_code) ? [[i.tracking_no, i.program_code]] : [])));
  const told = rows.filter((r) => programOf.has(r.trackingNo));
  if (told.length === 0) return { read: rows.length, lastId, messages: [] };

  const refs = await findRequestRefsByTrackingNos(db, [...new Set(told.map((r) => r.trackingNo))]);
  const messages: NewWebhookMessage[] = [];
  for (const r of told) {
    const programCode = programOf.get(r.trackingNo)!;
    const ref = refs.get(r.trackingNo);
    const type = r.kind === 'closed' ? 'breakpoint.closed' : 'breakpoint.opened';
    const data: z.infer<typeof ZBreakpointChange> = {
      breakpointId: r.breakpointId,
      trackingNo: r.trackingNo,
      programCode,
      requestId: ref?.requestId ?? null,
      externalRef: ref?.externalRef ?? null,
      type: r.type,
      responsibleUnit: r.responsibleUnit,
      openedAt: formatZoned(r.openedAt, timeZone),
      closedAt: r.closedAt === null ? null : formatZoned(r.closedAt, timeZone),
      sequence: r.id,
    };
    const timestamp = formatZoned(r.closedAt ?? r.openedAt, timeZone);
    messages.push(...messagesFor(audience.endpointsFor(type, programCode), type, timestamp, data, r.createdAt));
  }
  return { read: rows.length, lastId, messages };
}

/** request.created and request.mailed (the request became an item: it carries the trackingNo), to the endpoints whose partner sees the program. */
export async function readRequestChanges(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk> {
  const rows = await listRequestOutboxAfter(db, after, upTo, limit);
  const messages: NewWebhookMessage[] = [];
  for (const r of rows) {
    const type = r.kind === 'mailed' ? 'request.mailed' : 'request.created';
    const data: z.infer<typeof ZRequestChange> = {
      requestId: r.requestId,
      programCode: r.programCode,
      externalRef: r.externalRef,
      // As the change left it: a request created with a deliverable address is mailed at once.
      status: r.trackingNo === null ? 'waiting' : 'mailed',
      trackingNo: r.trackingNo,
    };
    messages.push(...messagesFor(audience.endpointsFor(type, r.programCode), type, formatZoned(r.at, timeZone), data, r.at));
  }
  return { read: rows.length, lastId: rows.at(-1)?.id ?? after, messages };
}

/** work_order.updated (one per action) and work_order.escalated (one per level the escalation job raised), from the work-order outbox, to the endpoints whose partner sees the program. */
export async function readWorkOrderChanges(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk> {
  const rows = await listWorkOrderOutboxAfter(db, after, upTo, limit);
  const messages: NewWebhookMessage[] = [];
  for (const r of rows) {
    const type = r.kind === 'escalated' ? 'work_order.escalated' : r.kind === 'updated' ? 'work_order.updated' : undefined;
    if (type === undefined) continue;
    const data: z.infer<typeof ZWorkOrderChange> = {
      number: r.order_number,
      trackingNo: r.tracking_no,
      programCode: r.program_code,
      type: r.type,
      priority: r.priority,
      status: r.status,
      action: r.action,
      outcome: r.outcome,
      unit: r.unit,
      escalationLevel: r.escalation_level,
      sequence: r.seq,
    };
    messages.push(...messagesFor(audience.endpointsFor(type, r.program_code), type, formatZoned(r.at, timeZone), data, r.at));
  }
  return { read: rows.length, lastId: rows.at(-1)?.id ?? after, messages };
}

/** Where a stored weekly report is read, as JSON and in its two files (the weekly-report routes). */
export function storedReportLinks(reportId: string): z.infer<typeof ZWeeklyReportReady>['links'] {
  const path = `/api/v1/reports/weekly/stored/${encodeURIComponent(reportId)}`;
  return { json: path, xlsx: `${path}.xlsx`, pdf: `${path}.pdf` };
}

/** report.weekly_ready, one per program report stored, from the report outbox, to the endpoints whose partner sees the program. */
export async function readReportsReady(db: Db, after: number, upTo: number, limit: number, audience: Audience, timeZone: string): Promise<FeedChunk> {
  const rows = await listReportOutboxAfter(db, after, upTo, limit);
  const messages: NewWebhookMessage[] = [];
  for (const r of rows) {
    const generatedAt = formatZoned(r.at, timeZone);
    const data: z.infer<typeof ZWeeklyReportReady> = { reportId: r.report_id, week: r.week, programCode: r.program_code, generatedAt, links: storedReportLinks(r.report_id) };
    messages.push(...messagesFor(audience.endpointsFor('report.weekly_ready', r.program_code), 'report.weekly_ready', generatedAt, data, r.at));
  }
  return { read: rows.length, lastId: rows.at(-1)?.id ?? after, messages };
}
