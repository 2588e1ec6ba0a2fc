import { z } from 'zod';
import { WORK_ORDER_TYPES } from '../../domain/work-order-defaults.js';
import { WEEKLY_SCOPE_KINDS } from './weekly-report.table.js';

const count = (text: string) => z.number().int().describe(text);
const rate = (text: string) => z.number().nullable().describe(`${text}; not rounded, null when the denominator is 0`);

export const ZIsoWeekText = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'schema.isoWeek')
  .describe('an ISO 8601 week, YYYY-Www (Monday to Sunday in the configured time zone), e.g. 2026-W48');

/**
 * The figures of one week and scope. "The week's items" are the items of the scope registered
 * (created) in the week, followed to the time the report was made.
 */
export const ZWeekFigures = z.object({
  requests: count('requests made in the week: of the program, or delivered by an office of the division'),
  mailed: count("the week's items: items of the scope registered in the week — GET /items?program=CODE (or the division's offices) created in the week"),
  conversionRate: rate(
    'program: as GET /programs/:code/report over the week (requests of the week that became items ÷ recipients listed, invitations and unlisted documents of the week); null for a division (invitations name no division)',
  ),
  delivered: count("of the week's items, those delivered to the addressee by the time of the report (a return delivered to its sender is a return, not a delivery)"),
  deliveryRate: rate('delivered ÷ mailed'),
  slaDue: count("of the week's items of programs with an SLA, those delivered or whose SLA has run out by the time of the report"),
  withinSla: count("of those, the ones delivered no later than the first ACCEPTED scan (the registration, without one) + the program's sla_days × 24 h"),
  withinSlaRate: rate('withinSla ÷ slaDue'),
  medianHoursToDeliver: z
    .number()
    .nullable()
    .describe("median of first ACCEPTED → delivery over the delivered items accepted no later than delivered, hours to 0.1; null when none"),
  attempted: count("of the week's items, those with an attempt at the door: delivered, or a DELIVERY_FAILED scan"),
  firstAttemptDelivered: count('of those, the ones delivered with no DELIVERY_FAILED scan before the delivery'),
  firstAttemptRate: rate('firstAttemptDelivered ÷ attempted'),
  returns: count("of the week's items, those with a RETURNED scan"),
  breakpointItems: count('items of the scope whose last event falls in the week (DESIGN §5; for a division: with a scan at one of its units)'),
  itemsWithBreakpoint: count('of those, items with an open missing-scan break-point (for a division: blamed on one of its units)'),
  breakpointRate: rate('itemsWithBreakpoint ÷ breakpointItems'),
  worstUnits: z
    .array(z.object({ unit: z.string(), name: z.string(), open: z.number().int() }))
    .describe('the five units with most break-points of the scope open at the end of the week (opened before it ended, not closed by then), most first'),
  workOrders: z
    .object(Object.fromEntries(WORK_ORDER_TYPES.map((t) => [t, z.number().int()])) as Record<(typeof WORK_ORDER_TYPES)[number], z.ZodNumber>)
    .describe("work orders opened in the week, by type: of the program, or of the division's units"),
  complaintsPer10k: rate('complaint work orders opened in the week × 10,000 ÷ mailed'),
  resolved: count('work orders opened in the week and resolved by the time of the report'),
  resolvedOnTime: count('of those, the ones resolved by their resolution deadline'),
  resolutionOnTimeRate: rate('resolvedOnTime ÷ resolved'),
  activationDue: count("delivered items of the week's items whose program names an activation bank"),
  activated: count('of those, the ones whose activation result now is activated'),
  activationRate: rate('activated ÷ activationDue'),
});
export type TWeekFigures = z.infer<typeof ZWeekFigures>;

/** The figures that are one number each, which `change` is given for. */
export const SCALAR_FIGURES = Object.keys(ZWeekFigures.shape).filter((k) => k !== 'worstUnits' && k !== 'workOrders') as Exclude<
  keyof TWeekFigures,
  'worstUnits' | 'workOrders'
>[];
export type ScalarFigure = (typeof SCALAR_FIGURES)[number];

export const ZWeeklyScope = z.object({
  kind: z.enum(WEEKLY_SCOPE_KINDS),
  code: z.string(),
  name: z.string().describe("the program's name, or the division's full name"),
});

export const ZWeekDay = z.object({
  date: z.string(),
  requests: z.number().int(),
  mailed: z.number().int().describe('items of the scope registered that day'),
  delivered: z.number().int().describe('of them, those delivered to the addressee by the time of the report'),
  deliveryRate: z.number().nullable(),
});

export const ZWeekCity = z.object({
  code: z.string(),
  name: z.string(),
  mailed: z.number().int().describe("the week's items whose delivery office is in the city"),
  delivered: z.number().int(),
  deliveryRate: z.number().nullable(),
  returns: z.number().int(),
  overdue: z.number().int().describe('undelivered, not returned, past their SLA'),
  breakpointItems: z.number().int().describe('items of the scope whose last event falls in the week, with a scan at a unit of the city'),
  itemsWithBreakpoint: z.number().int().describe('of those, with an open missing-scan break-point blamed on a unit of the city'),
  breakpointRate: z.number().nullable(),
});

export const ZWeekUnit = z.object({
  code: z.string(),
  name: z.string(),
  city: z.string().describe('the city (or province, for units without one) of the unit'),
  mailed: z.number().int().describe("the week's items this unit delivers"),
  delivered: z.number().int(),
  deliveryRate: z.number().nullable(),
  returns: z.number().int(),
  overdue: z.number().int(),
  openBreakpoints: z.number().int().describe("break-points of the scope's items blamed on this unit, open at the end of the week"),
});

export const PROBLEM_KINDS = ['overdue', 'returned', 'breakpoint'] as const;
export const ZProblemItem = z.object({
  trackingNo: z.string(),
  programCode: z.string().nullable(),
  deliveryOffice: z.string().nullable(),
  problem: z.enum(PROBLEM_KINDS).describe('overdue: undelivered past its SLA; returned: a RETURNED scan; breakpoint: a missing-scan break-point open now'),
  since: z.string().describe('when the problem began: the SLA deadline, the first RETURNED scan, or the break-point opening (ISO 8601)'),
  detail: z.string().nullable().describe('the break-point type and the unit blamed, for a break-point'),
});
export type TProblemItem = z.infer<typeof ZProblemItem>;

/** How many problem items a report lists; `problemItemsTotal` says how many there are. */
export const MAX_PROBLEM_ITEMS = 2000;

export const ZWeeklyReport = z
  .object({
    week: z.string(),
    from: z.string().describe('Monday, local date'),
    to: z.string().describe('Sunday, local date'),
    timeZone: z.string(),
    scope: ZWeeklyScope,
    generatedAt: z.string().describe('when the figures were read (ISO 8601): later scans may change the cohort figures of a week already past'),
    figures: ZWeekFigures,
    previous: ZWeekFigures.describe('the same figures for the week before, read at the same time'),
    change: z
      .object(Object.fromEntries(SCALAR_FIGURES.map((k) => [k, z.number().nullable()])) as Record<ScalarFigure, z.ZodNullable<z.ZodNumber>>)
      .describe('figures − previous for every one-number figure (rates in fractions: 0.02 is two points); null when either is null'),
    daily: z.array(ZWeekDay).describe('Monday to Sunday'),
    byCity: z.array(ZWeekCity),
    byUnit: z.array(ZWeekUnit).describe('the units that deliver items of the week, or have break-points of the scope open at its end'),
    problemItems: z.array(ZProblemItem).describe(`at most ${MAX_PROBLEM_ITEMS}: overdue first, then returned, then break-points`),
    problemItemsTotal: z.number().int(),
  })
  .describe('Exact when made: every figure reads the items, scans, break-points and work orders acknowledged before it.');
export type TWeeklyReport = z.infer<typeof ZWeeklyReport>;

export const ZWeeklyReportQuery = z
  .strictObject({
    week: ZIsoWeekText,
    program: z.string().min(1).max(64).optional().describe("a program's code: the program's report"),
    division: z.string().regex(/^\d{6}$/, 'schema.divisionCode').optional().describe('a province or city code (GB/T 2260): the report of the items its offices deliver'),
  })
  .superRefine((q, ctx) => {
    if ((q.program === undefined) === (q.division === undefined)) ctx.addIssue({ code: 'custom', path: ['program'], message: 'schema.weeklyScope' });
  });
export type TWeeklyReportQuery = z.infer<typeof ZWeeklyReportQuery>;

/** A stored report as listed. */
export const ZStoredWeeklyReport = z.object({
  id: z.string(),
  week: z.string(),
  scope: ZWeeklyScope,
  generatedAt: z.string(),
  generatedBy: z.string().describe('the user who made it, or schedule (the Monday job)'),
  mailed: z.number().int(),
  deliveryRate: z.number().nullable(),
  breakpointRate: z.number().nullable(),
});
export type TStoredWeeklyReport = z.infer<typeof ZStoredWeeklyReport>;

export const ZWeeklyReportInput = z
  .strictObject({
    week: ZIsoWeekText,
    program: z.string().min(1).max(64).optional(),
    division: z.string().regex(/^\d{6}$/, 'schema.divisionCode').optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.program === undefined) === (q.division === undefined)) ctx.addIssue({ code: 'custom', path: ['program'], message: 'schema.weeklyScope' });
  });

export const ZStoredListQuery = z.strictObject({
  week: ZIsoWeekText.optional().describe('only this week'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

export const ZStoredList = z.object({ rows: z.array(ZStoredWeeklyReport), nextCursor: z.string().nullable() });

export const ZStoredParams = z.object({ id: z.string().min(1).max(64) });
