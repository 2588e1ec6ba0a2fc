import type { Db } from '../../db/database.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { compareEventOrder, deriveItemStatus } from '../../domain/item-status.js';
import { formatS10, parseS10 } from '../../domain/s10.js';
import { formatInstant, formatUtc } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { firstIssue } from '../../http/per-element.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import { ZItemInput, type TItemBreakpoint, type TItemConsignment, type TItemRegisterResult, type TItemTimeline, type TTimeline, type TTimelineEvent } from './item.schemas.js';
import { type NewItem, type TimelineEventRow, findExistingTrackingNos, findItemForPage, listTimelineEvents, upsertItemDetails } from './item.repository.js';
import { reserveSerials } from './s10-allocation.repository.js';
import { findRequestInstant, isSuspectScan } from './suspect-scans.js';
import { type Message, type WithMessages, msg } from '../../i18n/message.js';

export const DEFAULT_SERVICE_INDICATOR = 'EA';

export interface ItemDeps {
  db: Db;
  isKnownUnit(code: string): boolean;
}

/**
 * Registers items one element at a time. Elements without a tracking number get one allocated from
 * the configured S10 ranges; all the good elements are stored in one transaction.
 */
export async function registerItems(deps: ItemDeps, elements: readonly unknown[], now: number): Promise<WithMessages<TItemRegisterResult>[]> {
  const results: WithMessages<TItemRegisterResult>[] = new Array(elements.length);
  const valid: { index: number; item: Omit<NewItem, 'tracking_no'>; trackingNo?: string }[] = [];
  for (const [index, element] of elements.entries()) {
    const checked = checkItemElement(deps, element);
    if ('error' in checked) results[index] = { index, ...checked };
    else valid.push({ index, ...checked });
  }

  await deps.db.transaction().execute(async (trx) => {
    const toAllocate = new Map<string, typeof valid>();
    for (const v of valid) {
      if (v.trackingNo) continue;
      const si = v.item.service_indicator;
      toAllocate.set(si, [...(toAllocate.get(si) ?? []), v]);
    }
    for (const [serviceIndicator, waiting] of toAllocate) {
      const numbers = await allocateTrackingNumbers(trx, serviceIndicator, waiting.length);
      waiting.forEach((v, i) => {
        const trackingNo = numbers[i];
        if (trackingNo) v.trackingNo = trackingNo;
        else results[v.index] = { index: v.index, field: 'serviceIndicator', error: msg('items.noNumbersLeft', { indicator: serviceIndicator }) };
      });
    }
    for (const v of valid) {
      if (!v.trackingNo) continue;
      await upsertItemDetails(trx, { ...v.item, tracking_no: v.trackingNo }, now);
      results[v.index] = { index: v.index, trackingNo: v.trackingNo };
    }
  });
  return results;
}

function checkItemElement(deps: ItemDeps, element: unknown): { field?: string; error: Message } | { item: Omit<NewItem, 'tracking_no'>; trackingNo?: string } {
  const parsed = ZItemInput.safeParse(element);
  if (!parsed.success) return firstIssue(parsed.error);
  const input = parsed.data;
  let serviceIndicator = input.serviceIndicator ?? DEFAULT_SERVICE_INDICATOR;
  if (input.trackingNo !== undefined) {
    const s10 = parseS10(input.trackingNo);
    if (!s10.ok) return { field: 'trackingNo', error: msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }) };
    serviceIndicator = s10.value.serviceIndicator;
  }
  if (input.originUnit !== undefined && !deps.isKnownUnit(input.originUnit)) {
    return { field: 'originUnit', error: msg('items.unknownUnit', { unit: input.originUnit }) };
  }
  if (input.destination && !findDivision(input.destination.divisionCode)) {
    return { field: 'destination.divisionCode', error: msg('http.fieldProblem', { field: 'destination.divisionCode', problem: msg('units.unknownDivision', { code: input.destination.divisionCode }) }) };
  }
  return {
    trackingNo: input.trackingNo,
    item: {
      service_indicator: serviceIndicator,
      origin_unit: input.originUnit ?? null,
      dest_division_code: input.destination?.divisionCode ?? null,
      dest_address: input.destination?.address ?? null,
      weight_grams: input.weightGrams ?? null,
    },
  };
}

/**
 * Allocates `count` new S10 numbers. A serial is consumed even when its number turns out to be taken
 * already (an item first seen in a scan), so numbers are never reused.
 */
export async function allocateTrackingNumbers(trx: Db, serviceIndicator: string, count: number): Promise<string[]> {
  const numbers: string[] = [];
  for (let attempts = 0; numbers.length < count && attempts < 1000; attempts++) {
    const reserved = await reserveSerials(trx, serviceIndicator, count - numbers.length);
    if (!reserved) break;
    const candidates = Array.from({ length: reserved.count }, (_, i) => formatS10(serviceIndicator, reserved.first + i));
    const taken = await findExistingTrackingNos(trx, candidates);
    numbers.push(...candidates.filter((c) => !taken.has(c)));
  }
  return numbers;
}

/** An item's details and its events by instant, with the status derived from all of them. */
export async function getTimeline(db: Db, trackingNo: string, siteNames: (code: string) => string | null, scope: Scope): Promise<TItemTimeline> {
  const { item, rows } = await readItemAndEvents(db, trackingNo, scope);
  return timelineOf(item, rows, siteNames, await findRequestInstant(db, trackingNo));
}

/** An event as the citizen's own tracking shows it: no operator, no times but the instant. */
export interface ItemProgressEvent {
  code: ScanCode;
  atMs: number;
  siteName: string | null;
  reason: string | null;
}

/**
 * An item's status and its events by instant, read as the timeline reads them, for answers that show
 * less than the timeline and write times in a zone of their own (public tracking): nothing is formatted
 * that the answer would throw away.
 */
export async function getItemProgress(db: Db, trackingNo: string, siteNames: (code: string) => string | null, scope: Scope): Promise<{ status: string; events: ItemProgressEvent[] }> {
  const rows = await readEventsOfItem(db, trackingNo, scope);
  return { status: deriveItemStatus(rows), events: rows.map((r) => ({ code: r.code, atMs: r.at_ms, siteName: siteNames(r.site), reason: r.reason })) };
}

/**
 * The item's event rows in timeline order, for a caller that shows nothing of the item row. A scan is
 * stored with its item in one transaction and items are never removed, so an item with events exists:
 * the row is read only to tell an item without events from an unknown number, or to check a scope
 * narrower than everything. Answered like readItemAndEvents otherwise.
 */
async function readEventsOfItem(db: Db, trackingNo: string, scope: Scope) {
  checkTrackingNo(trackingNo);
  const rows = await eventsInTimelineOrder(db, trackingNo);
  if (rows.length === 0 || scope !== 'all') await visibleItem(db, trackingNo, scope);
  return rows;
}

/** The item and its event rows in timeline order; an item outside the scope is answered like an unknown number. */
async function readItemAndEvents(db: Db, trackingNo: string, scope: Scope) {
  checkTrackingNo(trackingNo);
  const item = await visibleItem(db, trackingNo, scope);
  return { item, rows: await eventsInTimelineOrder(db, trackingNo) };
}

function checkTrackingNo(trackingNo: string): void {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw new AppError('invalid_request', s10.message, { field: 'trackingNo' });
}

type ItemForPage = NonNullable<Awaited<ReturnType<typeof findItemForPage>>>;

/** The item's row as its page shows it, if the scope sees it. */
async function visibleItem(db: Db, trackingNo: string, scope: Scope): Promise<ItemForPage> {
  const item = await findItemForPage(db, trackingNo);
  // An item is a partner's to see through its program; any other is answered like an unknown number.
  if (!item || !seesProgram(scope, item.program_code)) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  return item;
}

async function eventsInTimelineOrder(db: Db, trackingNo: string) {
  const rows = await listTimelineEvents(db, trackingNo);
  return rows.sort((a, b) => compareEventOrder({ atMs: a.at_ms, id: a.id }, { atMs: b.at_ms, id: b.id }));
}

/** The timeline of an item's row and its event rows in timeline order; `requestedAt` judges which events are suspect. */
function timelineOf(item: ItemForPage, rows: readonly TimelineEventRow[], siteNames: (code: string) => string | null, requestedAt: number | undefined) {
  const events = rows.map((r) => toTimelineEvent(r, siteNames, requestedAt));
  return {
    trackingNo: item.tracking_no,
    status: deriveItemStatus(rows),
    originUnit: item.origin_unit,
    destination: item.dest_division_code
      ? { divisionCode: item.dest_division_code, divisionName: findDivision(item.dest_division_code)?.fullName ?? null, address: item.dest_address }
      : null,
    weightGrams: item.weight_grams,
    lastEvent: events.at(-1) ?? null,
    events,
  };
}

/**
 * What the modules built on items know about one item. Consignments and break-points depend on
 * items, so items cannot ask them; the composition root passes their answers in.
 */
export interface ItemPageParts {
  /** Those the caller's scope holds: a partner does not learn another's consignment from an item it shares. */
  consignmentsOf(db: Db, trackingNo: string, scope: Scope): Promise<TItemConsignment[]>;
  breakpointsOf(db: Db, trackingNo: string): Promise<TItemBreakpoint[]>;
}

/** The item's page: its timeline, the consignments it travelled in, its break-points open and closed. */
export async function getItemPage(db: Db, trackingNo: string, siteNames: (code: string) => string | null, parts: ItemPageParts, scope: Scope): Promise<TTimeline> {
  const { item, rows } = await readItemAndEvents(db, trackingNo, scope);
  const [consignments, breakpoints, requestedAt] = await Promise.all([
    parts.consignmentsOf(db, trackingNo, scope),
    parts.breakpointsOf(db, trackingNo),
    findRequestInstant(db, trackingNo),
  ]);
  return {
    ...timelineOf(item, rows, siteNames, requestedAt),
    requestedAt: requestedAt === undefined ? null : formatUtc(requestedAt),
    ...(item.delivery_office === null ? {} : { deliveryOffice: { code: item.delivery_office, name: siteNames(item.delivery_office) } }),
    consignments,
    breakpoints,
  };
}

/** An event as the timeline shows it; whether it is suspect is judged from the row's instant (the same as its formatted `at`, without parsing it back). */
function toTimelineEvent(row: TimelineEventRow, siteNames: (code: string) => string | null, requestedAt: number | undefined): TTimelineEvent & { suspect: boolean } {
  return {
    code: row.code,
    at: formatInstant(row.at_ms, row.at_offset_min),
    site: row.site,
    siteName: siteNames(row.site),
    operator: row.operator,
    reason: row.reason,
    nextSite: row.next_site,
    receivedAt: formatUtc(row.received_at),
    viaConsignment: row.via_consignment,
    suspect: isSuspectScan(row.at_ms, requestedAt),
  };
}
