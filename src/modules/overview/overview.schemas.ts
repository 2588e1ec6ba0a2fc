import { z } from 'zod';
import { MAX_PERIOD_DAYS, ZLocalDate, checkPeriod } from '../../http/query-days.js';
import { BREAKPOINT_TYPES, MISSING_SCAN_TYPES } from '../breakpoints/breakpoint.table.js';

/** The item list's filter for the rate's numerator names the missing-scan types. */
const MISSING_SCAN_LIST = MISSING_SCAN_TYPES.join(',');

/** Longest period one overview covers: a year, so a request's cost stays bounded. */
export const MAX_OVERVIEW_DAYS = MAX_PERIOD_DAYS;

export const ZOverviewQuery = z
  .strictObject({
    from: ZLocalDate.optional().describe(`first local day of the period (config time zone), inclusive; default: to; the period is at most ${MAX_OVERVIEW_DAYS} days`),
    to: ZLocalDate.optional().describe('last local day, inclusive; default: today'),
  })
  .superRefine(checkPeriod(MAX_OVERVIEW_DAYS));
export type TOverviewQuery = z.infer<typeof ZOverviewQuery>;

const rate = (what: string) => z.number().describe(`${what}, unrounded (0 when the denominator is 0)`);

export const ZOverview = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  today: z
    .object({
      day: z.string().describe('today in the configured time zone'),
      accepted: z.number().describe('items whose first ACCEPTED scan falls today — GET /items?acceptedOn=TODAY'),
      delivered: z.number().describe('items whose first DELIVERED scan falls today — GET /items?deliveredOn=TODAY'),
    })
    .describe('today, whatever the period'),
  range: z.object({
    accepted: z.number().describe('items whose first ACCEPTED scan falls in the period — GET /items?acceptedOn=FROM..TO'),
    delivered: z.number().describe('items whose first DELIVERED scan falls in the period — GET /items?deliveredOn=FROM..TO'),
    acceptedDelivered: z
      .number()
      .describe('of the items accepted in the period, those delivered by now — GET /items?acceptedOn=FROM..TO&status=DELIVERED'),
    deliveryRate: rate('acceptedDelivered ÷ accepted'),
    items: z.number().describe('items whose last scan falls in the period (the break-point rate’s scope) — GET /items?from=FROM&to=TO'),
    withBreakpoint: z
      .number()
      .describe('of those, items with an open missing-scan break-point — GET /items?from=FROM&to=TO&breakpoint=open&breakpointType=' + MISSING_SCAN_LIST),
    breakpointRate: rate('withBreakpoint ÷ items; the total of GET /reports/breakpoint-rate for the period'),
  }),
  openBreakpointsByType: z
    .array(z.object({ type: z.enum(BREAKPOINT_TYPES), count: z.number() }))
    .describe(
      'break-points open now, whatever the period, one row per type (0 included) — GET /breakpoints?status=open&type=TYPE. ' +
        'Missing-scan types are exact (opened and closed with the scan batch); silence types are opened by the sweep, which runs every minute, so they may lag a silence by up to about a minute',
    ),
  rateByCity: z
    .array(
      z.object({
        cityCode: z.string(),
        cityName: z.string().nullable(),
        items: z.number().describe('in-scope items with a scan at a unit of the city — GET /items?from=FROM&to=TO&city=CODE'),
        withBreakpoint: z
          .number()
          .describe('of those, with an open missing-scan break-point blamed on a unit of the city — add &breakpoint=open&breakpointType=' + MISSING_SCAN_LIST),
        rate: rate('withBreakpoint ÷ items'),
      }),
    )
    .describe('the rows of GET /reports/breakpoint-rate?groupBy=city for the period, by city code'),
  dailyTrend: z
    .array(
      z.object({
        day: z.string(),
        items: z.number().describe('items whose last scan falls on the day — GET /items?from=DAY&to=DAY'),
        withBreakpoint: z.number().describe('of those, with an open missing-scan break-point — add &breakpoint=open&breakpointType=' + MISSING_SCAN_LIST),
        rate: rate('withBreakpoint ÷ items'),
      }),
    )
    .describe('every day of the period, in order: the break-point rate of each day on its own'),
  topUnits: z
    .array(z.object({ unitCode: z.string(), unitName: z.string().nullable(), open: z.number() }))
    .describe('the ten units with the most open break-points (any type, any age) — GET /breakpoints?status=open&unit=CODE'),
}).describe(
  'Exact: every figure counts every scan batch acknowledged before the request. The one figure that may lag is the count of open silence ' +
    'break-points (openBreakpointsByType, topUnits): the sweep opens them every minute, so by up to about a minute.',
);
export type TOverview = z.infer<typeof ZOverview>;
