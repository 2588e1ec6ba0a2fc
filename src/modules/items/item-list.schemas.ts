import { z } from 'zod';
import { ZPageLimit } from '../../http/paging.js';
import { parseLocalDate } from '../../domain/local-day.js';
import { EARLIEST_QUERY_DAY, LATEST_QUERY_DAY, ZLocalDate, checkPeriod, isQueryDay, periodLength } from '../../http/query-days.js';
import { SCAN_CODES } from '../scans/scan-event.table.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { BREAKPOINT_TYPES } from '../breakpoints/breakpoint.table.js';

const ZProgramCodeFilter = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'schema.programCode');

export const ITEM_STATUSES = ['CREATED', ...SCAN_CODES] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** Whole local days `from`..`to`, both included, as written in a query. */
export interface LocalDays {
  from: string;
  to: string;
}

/** `2026-11-20` or `2026-11-01..2026-11-07` (both days included). */
const ZLocalDays = z
  .string()
  .describe('a local day YYYY-MM-DD, or days FROM..TO (both included), in the configured time zone')
  .transform((value, ctx): LocalDays => {
    const [from = '', to = from, ...extra] = value.split('..');
    const first = parseLocalDate(from);
    const last = parseLocalDate(to);
    if (extra.length > 0 || !first || !last) {
      ctx.addIssue({ code: 'custom', message: 'schema.dateOrDays' });
      return z.NEVER;
    }
    if (!isQueryDay(first) || !isQueryDay(last)) {
      ctx.addIssue({ code: 'custom', message: 'schema.daysInRange', params: { first: EARLIEST_QUERY_DAY, last: LATEST_QUERY_DAY } });
      return z.NEVER;
    }
    if (periodLength(from, to) < 1) {
      ctx.addIssue({ code: 'custom', message: 'schema.lastBeforeFirst', params: { to, from } });
      return z.NEVER;
    }
    return { from, to };
  })
  .optional();

export const ITEM_ORDERS = ['lastEvent', 'accepted', 'delivered', 'created'] as const;
export type ItemOrder = (typeof ITEM_ORDERS)[number];

/** Where the last page ended, in the list's order: the ordering instant and a tie-breaker. */
export interface ItemKeyset {
  order: ItemOrder;
  ms: number;
  /** Scan event id (accepted / delivered orders) or tracking number (lastEvent / created). */
  key: string;
}

const ORDER_TAG: Record<ItemOrder, string> = { lastEvent: 'l', accepted: 'a', delivered: 'd', created: 'c' };

/** An opaque cursor; callers pass nextCursor back unchanged. */
export function encodeItemCursor(at: ItemKeyset): string {
  return Buffer.from(`${ORDER_TAG[at.order]}.${at.ms}.${at.key}`, 'utf8').toString('base64url');
}

export function decodeItemCursor(cursor: string): ItemKeyset | undefined {
  const m = /^([ladc])\.(\d{1,16})\.([A-Z0-9]{1,32})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const order = ITEM_ORDERS.find((o) => ORDER_TAG[o] === m[1]);
  const ms = Number(m[2]);
  return order && Number.isSafeInteger(ms) ? { order, ms, key: m[3]! } : undefined;
}

export const ZItemListQuery = z
  .strictObject({
    status: z
      .string()
      .describe(`current status, one or several separated by commas: ${ITEM_STATUSES.join(', ')}`)
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(ITEM_STATUSES)).min(1))
      .optional(),
    acceptedOn: ZLocalDays.describe("the item's first ACCEPTED scan falls on this day (or these days)"),
    deliveredOn: ZLocalDays.describe("the item's first DELIVERED scan falls on this day (or these days)"),
    unit: ZUnitCode.optional().describe('the item has at least one scan at this unit'),
    city: z
      .string()
      .regex(/^\d{6}$/, 'schema.cityCode')
      .optional()
      .describe('the item has at least one scan at a unit of this city (a province code for units without a city)'),
    from: ZLocalDate.optional().describe("first local day of the item's last scan, inclusive"),
    to: ZLocalDate.optional().describe("last local day of the item's last scan, inclusive"),
    province: z
      .string()
      .regex(/^\d{6}$/, 'schema.provinceCode')
      .optional()
      .describe('the item has at least one scan at a unit of this province'),
    breakpoint: z
      .enum(['open', 'filledLate'])
      .optional()
      .describe(
        'open: the item has an open break-point, of any type unless breakpointType names some (the rows of GET /breakpoints?status=open, each item once); ' +
          'filledLate: it has missing-scan break-points and a late scan closed them all. With unit, city or province: blamed on that unit, or a unit there',
      ),
    breakpointType: z
      .string()
      .describe(`with breakpoint=open, only break-points of these types (separated by commas): ${BREAKPOINT_TYPES.join(', ')}`)
      .transform((v) => v.split(','))
      .pipe(z.array(z.enum(BREAKPOINT_TYPES)).min(1))
      .optional(),
    program: ZProgramCodeFilter.optional().describe('the item was mailed for this program'),
    requestedOn: ZLocalDays.describe("the item's request was made on this day (or these days), as a program report counts it"),
    suspect: z
      .enum(['yes'])
      .optional()
      .describe('yes: the item has a scan dated before its request was made (a scanner clock or a scan of the wrong item)'),
    limit: ZPageLimit,
    cursor: z
      .string()
      .describe('nextCursor of the previous page, unchanged')
      .transform((value, ctx) => {
        const at = /^[A-Za-z0-9_-]{1,80}$/.test(value) ? decodeItemCursor(value) : undefined;
        if (!at) {
          ctx.addIssue({ code: 'custom', message: 'schema.cursor' });
          return z.NEVER;
        }
        return at;
      })
      .optional(),
  })
  .superRefine((q, ctx) => {
    checkPeriod()(q, ctx);
    if (q.breakpointType && q.breakpoint !== 'open') ctx.addIssue({ code: 'custom', path: ['breakpointType'], message: 'schema.breakpointTypeNeedsOpen' });
    // An item not yet scanned has no scans to filter by: it is listed only on its own.
    if (q.status?.includes('CREATED')) {
      const withScans = (['acceptedOn', 'deliveredOn', 'unit', 'city', 'province', 'from', 'to', 'breakpoint', 'suspect'] as const).filter((k) => q[k] !== undefined);
      if (q.status.length > 1) ctx.addIssue({ code: 'custom', path: ['status'], message: 'schema.createdAlone' });
      else if (withScans.length > 0) {
        ctx.addIssue({ code: 'custom', path: ['status'], message: 'schema.createdWithScans', params: { filters: withScans } });
      }
    }
  });
export type TItemListQuery = z.infer<typeof ZItemListQuery>;

export const ZItemListRow = z.object({
  trackingNo: z.string(),
  status: z.enum(ITEM_STATUSES),
  acceptedAt: z.string().nullable().describe('first ACCEPTED scan, ISO 8601 with the configured zone’s offset'),
  deliveredAt: z.string().nullable().describe('first DELIVERED scan'),
  lastEvent: z
    .object({ code: z.enum(SCAN_CODES), at: z.string(), site: z.string(), siteName: z.string().nullable() })
    .nullable()
    .describe('the last scan by instant; null before the first'),
  originUnit: z.string().nullable(),
  destination: z
    .object({ divisionCode: z.string(), divisionName: z.string().nullable() })
    .nullable()
    .describe('the destination county; the street address is not listed'),
  programCode: z.string().nullable(),
  registeredAt: z.string().describe('when Songda first knew the item (registered, or first scanned)'),
});
export type TItemListRow = z.infer<typeof ZItemListRow>;

export const ZItemListPage = z.object({
  order: z.enum(ITEM_ORDERS).describe('newest first by: acceptance (acceptedOn given), delivery (deliveredOn), registration (status=CREATED or requestedOn), else last scan'),
  rows: z.array(ZItemListRow),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TItemListPage = z.infer<typeof ZItemListPage>;
