import type { Db } from '../../db/database.js';
import { type Scope, scopedPrograms } from '../../domain/access-scope.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { localPeriod } from '../../http/query-days.js';
import { type SiteDirectory, getUnit, knowUnits } from '../units/unit.service.js';
import { type BreakpointListFilter, listBreakpointPage } from './breakpoint-query.repository.js';
import { type Keyset, type ListOrder, type TBreakpoint, type TBreakpointListQuery, type TBreakpointPage, type TUnitQueueQuery, encodeCursor } from './breakpoint.schemas.js';
import { msg } from '../../i18n/message.js';

export interface BreakpointReadDeps {
  db: Db;
  /** Local days of `from`/`to` and the offsets of the instants shown are in this zone. */
  timeZone: string;
  sites: SiteDirectory;
  now: number;
}

/** GET /breakpoints: every break-point matching the filters, newest first. */
export async function listBreakpoints(deps: BreakpointReadDeps, query: TBreakpointListQuery, scope: Scope): Promise<TBreakpointPage> {
  return readPage(deps, breakpointListFilter(deps, query, scope), 'newest', query.cursor, query.limit);
}

/**
 * The list's query as the repository's filter: local days become instants in the configured zone; a
 * partner's credential lists the break-points of its programs' items.
 */
export function breakpointListFilter(
  deps: Pick<BreakpointReadDeps, 'timeZone'>,
  query: Pick<TBreakpointListQuery, 'status' | 'type' | 'unit' | 'from' | 'to'>,
  scope: Scope,
): BreakpointListFilter {
  const filter: BreakpointListFilter = { status: query.status, types: query.type, responsibleUnit: query.unit, programs: scopedPrograms(scope) };
  if (query.from !== undefined) filter.openedFrom = localPeriod(query.from, query.from, deps.timeZone).startMs;
  if (query.to !== undefined) filter.openedBefore = localPeriod(query.to, query.to, deps.timeZone).endMs;
  return filter;
}

/** GET /units/:code/breakpoints: the unit's own open queue, oldest first (what to chase first). */
export async function listUnitQueue(deps: BreakpointReadDeps, unitCode: string, query: TUnitQueueQuery): Promise<TBreakpointPage> {
  if (!(await getUnit(deps.db, unitCode))) throw new AppError('not_found', msg('notFound.unit', { code: unitCode }));
  return readPage(deps, { status: 'open', types: query.type, responsibleUnit: unitCode }, 'oldest', query.cursor, query.limit);
}

async function readPage(deps: BreakpointReadDeps, filter: BreakpointListFilter, order: ListOrder, after: Keyset | undefined, limit: number): Promise<TBreakpointPage> {
  // One row more than asked tells whether another page follows, without a count.
  const rows = await listBreakpointPage(deps.db, filter, order, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  await knowUnits(deps, page.map((r) => r.responsible_unit));
  return {
    rows: page.map(
      (r): TBreakpoint => ({
        id: Number(r.id),
        trackingNo: r.tracking_no,
        type: r.type,
        responsibleUnit: r.responsible_unit,
        responsibleUnitName: deps.sites.name(r.responsible_unit),
        visit: Number(r.visit),
        openedAt: formatZoned(Number(r.opened_at), deps.timeZone),
        closedAt: r.closed_at === null ? null : formatZoned(Number(r.closed_at), deps.timeZone),
        detail: r.detail,
      }),
    ),
    nextCursor: rows.length > limit && last ? encodeCursor(order, { openedAt: Number(last.opened_at), id: Number(last.id) }) : null,
  };
}
