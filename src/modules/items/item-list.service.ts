import type { Db } from '../../db/database.js';
import { type Scope, scopedPrograms } from '../../domain/access-scope.js';
import { findDivision } from '../../domain/divisions.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { localPeriod } from '../../http/query-days.js';
import type { ScanCode } from '../scans/scan-event.table.js';
import { type SiteDirectory, knowUnits } from '../units/unit.service.js';
import { type ItemListFilter, type ItemListRow, countItemList, findDayFacts, findItemListRows, listItemNumbers, listItemPage, orderFor } from './item-list.repository.js';
import { type ItemStatus, type LocalDays, type TItemListPage, type TItemListQuery, encodeItemCursor } from './item-list.schemas.js';
import { msg } from '../../i18n/message.js';

export type { ItemListFilter } from './item-list.repository.js';

export interface ItemListDeps {
  db: Db;
  /** Local days of the filters, and the offsets of the instants shown, are in this zone. */
  timeZone: string;
  sites: SiteDirectory;
  now: number;
}

/** The query's filters as instants: whole local days in the configured zone. */
export function itemListFilter(query: Omit<TItemListQuery, 'limit' | 'cursor'>, timeZone: string): ItemListFilter {
  const days = (d: LocalDays | undefined) => (d ? localPeriod(d.from, d.to, timeZone) : undefined);
  const filter: ItemListFilter = {
    statuses: query.status,
    accepted: days(query.acceptedOn),
    delivered: days(query.deliveredOn),
    unit: query.unit,
    city: query.city,
    province: query.province,
    breakpoint: query.breakpoint,
    breakpointTypes: query.breakpointType,
    program: query.program,
    requested: days(query.requestedOn),
    suspect: query.suspect === 'yes',
  };
  if (query.from !== undefined || query.to !== undefined) {
    filter.lastEvent = {
      startMs: query.from === undefined ? Number.MIN_SAFE_INTEGER : localPeriod(query.from, query.from, timeZone).startMs,
      endMs: query.to === undefined ? Number.MAX_SAFE_INTEGER : localPeriod(query.to, query.to, timeZone).endMs,
    };
  }
  return filter;
}

/** GET /items: items matching every filter given, newest first, a page at a time; a partner's credential lists its programs' items. */
export async function listItems(deps: ItemListDeps, query: TItemListQuery, scope: Scope): Promise<TItemListPage> {
  const filter = { ...itemListFilter(query, deps.timeZone), programs: scopedPrograms(scope) };
  const order = orderFor(filter);
  if (query.cursor && query.cursor.order !== order) {
    throw new AppError('invalid_request', msg('list.cursorOtherFilters'), { field: 'cursor' });
  }
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listItemPage(deps.db, filter, query.cursor, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  await knowUnits(deps, page.flatMap((r) => (r.last_event_site ? [r.last_event_site] : [])));
  return {
    order,
    rows: page.map((r) => toRow(r, deps)),
    nextCursor: rows.length > query.limit && last ? encodeItemCursor({ order, ms: Number(last.k_ms), key: String(last.k_key) }) : null,
  };
}

/** These items as the list shows them, newest scan first; those outside the caller's scope are left out. */
export async function listItemsByTrackingNos(deps: ItemListDeps, trackingNos: readonly string[], scope: Scope): Promise<TItemListPage['rows']> {
  const rows = await findItemListRows(deps.db, [...new Set(trackingNos)], scopedPrograms(scope));
  await knowUnits(deps, rows.flatMap((r) => (r.last_event_site ? [r.last_event_site] : [])));
  return rows.map((r) => toRow(r, deps));
}

/** How many items a filter lists (the overview's figures are these counts). */
export function countItems(db: Db, filter: ItemListFilter): Promise<number> {
  return countItemList(db, filter);
}

/** The items countItems counts, with their status (the overview keeps what each contributed). */
export function listCountedItems(db: Db, filter: ItemListFilter): Promise<{ trackingNo: string; status: string }[]> {
  return listItemNumbers(db, filter);
}

/** The instants that place these items in the list's day filters, and their status. */
export function readDayFacts(db: Db, trackingNos: readonly string[]) {
  return findDayFacts(db, trackingNos);
}

function toRow(r: ItemListRow, deps: ItemListDeps): TItemListPage['rows'][number] {
  const zoned = (ms: number | string | null | undefined) => (ms === null || ms === undefined ? null : formatZoned(Number(ms), deps.timeZone));
  return {
    trackingNo: r.tracking_no,
    status: r.status as ItemStatus,
    acceptedAt: zoned(r.accepted_at),
    deliveredAt: zoned(r.delivered_at),
    lastEvent:
      r.last_event_code && r.last_event_at !== null && r.last_event_site
        ? { code: r.last_event_code as ScanCode, at: zoned(r.last_event_at)!, site: r.last_event_site, siteName: deps.sites.name(r.last_event_site) }
        : null,
    originUnit: r.origin_unit,
    destination: r.dest_division_code ? { divisionCode: r.dest_division_code, divisionName: findDivision(r.dest_division_code)?.fullName ?? null } : null,
    programCode: r.program_code,
    registeredAt: zoned(r.created_at)!,
  };
}
