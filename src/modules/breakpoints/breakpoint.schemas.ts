import { z } from 'zod';
import { msg } from '../../i18n/message.js';
import { ZPageLimit } from '../../http/paging.js';
import { MAX_PERIOD_DAYS, ZLocalDate, checkPeriod } from '../../http/query-days.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { BREAKPOINT_TYPES } from './breakpoint.table.js';

// ---- Paging ------------------------------------------------------------------------------------

export type ListOrder = 'newest' | 'oldest';

/** Where the last page ended: (opened_at, id) of its last row. */
export interface Keyset {
  openedAt: number;
  id: number;
}

const ORDER_TAG: Record<ListOrder, string> = { newest: 'n', oldest: 'o' };

/** An opaque cursor; callers must not build or parse it (its form may change). */
export function encodeCursor(order: ListOrder, at: Keyset): string {
  return Buffer.from(`${ORDER_TAG[order]}.${at.openedAt}.${at.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(order: ListOrder, cursor: string): Keyset | undefined {
  const m = /^([no])\.(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || m[1] !== ORDER_TAG[order]) return undefined;
  const openedAt = Number(m[2]);
  const id = Number(m[3]);
  return Number.isSafeInteger(openedAt) && Number.isSafeInteger(id) ? { openedAt, id } : undefined;
}

// Descriptions sit on the string each parameter arrives as: that is what OpenAPI documents.
const zCursor = (order: ListOrder) =>
  z
    .string()
    .describe('nextCursor of the previous page, unchanged')
    .transform((value, ctx) => {
      const at = /^[A-Za-z0-9_-]{1,64}$/.test(value) ? decodeCursor(order, value) : undefined;
      if (!at) {
        ctx.addIssue({ code: 'custom', message: 'schema.cursor' });
        return z.NEVER;
      }
      return at;
    })
    .optional();

const ZTypeList = z
  .string()
  .describe(`one type or several separated by commas: ${BREAKPOINT_TYPES.join(', ')}`)
  .transform((v) => v.split(','))
  .pipe(z.array(z.enum(BREAKPOINT_TYPES)).min(1))
  .optional();

const fromNotAfterTo = checkPeriod();

// ---- GET /breakpoints and GET /units/:code/breakpoints -----------------------------------------

export const BREAKPOINT_STATUSES = ['open', 'closed', 'all'] as const;

/** The list's filters, shared by its pages and its export. */
const listFilters = {
  status: z.enum(BREAKPOINT_STATUSES).default('open').describe('open (default), closed, or all'),
  type: ZTypeList,
  unit: ZUnitCode.optional().describe('responsible unit code'),
  from: ZLocalDate.optional().describe('first local day (config time zone) of opened_at, inclusive'),
  to: ZLocalDate.optional().describe('last local day of opened_at, inclusive'),
};

export const ZBreakpointListQuery = z
  .strictObject({ ...listFilters, limit: ZPageLimit, cursor: zCursor('newest') })
  .superRefine(fromNotAfterTo);
export type TBreakpointListQuery = z.infer<typeof ZBreakpointListQuery>;

/** The list's filters, for a file of every matching break-point instead of a page. */
export const ZBreakpointExportQuery = z
  .strictObject({ ...listFilters, format: z.enum(['xlsx', 'csv']).default('xlsx') })
  .superRefine(fromNotAfterTo);
export type TBreakpointExportQuery = z.infer<typeof ZBreakpointExportQuery>;

export const ZUnitQueueParams = z.object({ code: ZUnitCode });

export const ZUnitQueueQuery = z.strictObject({
  type: ZTypeList,
  limit: ZPageLimit,
  cursor: zCursor('oldest'),
});
export type TUnitQueueQuery = z.infer<typeof ZUnitQueueQuery>;

export const ZBreakpoint = z.object({
  id: z.number(),
  trackingNo: z.string(),
  type: z.enum(BREAKPOINT_TYPES),
  responsibleUnit: z.string(),
  responsibleUnitName: z.string().nullable(),
  visit: z.number(),
  openedAt: z.string().describe('ISO 8601, with the offset of the configured time zone'),
  closedAt: z.string().nullable().describe('null while open'),
  detail: z.string(),
});
export type TBreakpoint = z.infer<typeof ZBreakpoint>;

export const ZBreakpointPage = z.object({
  rows: z.array(ZBreakpoint),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last page'),
});
export type TBreakpointPage = z.infer<typeof ZBreakpointPage>;

// ---- GET /reports/breakpoint-rate --------------------------------------------------------------

export const RATE_GROUPINGS = ['unit', 'city', 'province'] as const;
export type RateGrouping = (typeof RATE_GROUPINGS)[number];
export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;

export const ZBreakpointRateQuery = z
  .strictObject({
    from: ZLocalDate.describe(`first local day (config time zone) of the items’ last event, inclusive; the period is at most ${MAX_PERIOD_DAYS} days`),
    to: ZLocalDate.describe('last local day, inclusive'),
    groupBy: z.enum(RATE_GROUPINGS).optional().describe('rows per unit, city or province; without it, only the total'),
    group: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'schema.unitOrDivision')
      .optional()
      .describe('only this group (a unit code, or a city/province code): its row, or its offending items in a file'),
    format: z.enum(REPORT_FORMATS).default('json').describe('json (default); csv or xlsx: a file of the offending items'),
  })
  .superRefine((q, ctx) => {
    checkPeriod(MAX_PERIOD_DAYS)(q, ctx);
    if (q.group !== undefined && q.groupBy === undefined) {
      ctx.addIssue({ code: 'custom', path: ['group'], message: 'schema.groupNeedsGroupBy' });
    }
    if (q.group !== undefined && (q.groupBy === 'city' || q.groupBy === 'province') && !/^\d{6}$/.test(q.group)) {
      ctx.addIssue({ code: 'custom', path: ['group'], message: 'schema.groupCode', params: { level: msg(`schema.level.${q.groupBy}`) } });
    }
  });
export type TBreakpointRateQuery = z.infer<typeof ZBreakpointRateQuery>;

const ZRateFigures = z.object({
  items: z.number().describe('items whose last event falls in the period (for a group: those with an event at one of its units)'),
  itemsWithBreakpoint: z.number().describe('of those, items with an open missing-scan break-point (for a group: blamed on one of its units)'),
  filledLate: z.number().describe('items whose missing-scan break-points were all closed by a late scan; not in the rate'),
  rate: z.number().describe('itemsWithBreakpoint ÷ items, unrounded (0 when items is 0)'),
});

export const ZBreakpointRateReport = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  groupBy: z.enum(RATE_GROUPINGS).nullable(),
  rows: z.array(ZRateFigures.extend({ group: z.string(), groupName: z.string().nullable() })),
  total: ZRateFigures,
}).describe(
  'Exact: every figure counts every scan batch acknowledged before the request (the day summaries it is summed from are brought up to date first). ' +
    'The break-points of the rate are missing-scan ones, which the scan batch itself opens and closes.',
);
export type TBreakpointRateReport = z.infer<typeof ZBreakpointRateReport>;
export type TRateFigures = z.infer<typeof ZRateFigures>;
