import { z } from 'zod';
import { MAX_PERIOD_DAYS, ZLocalDate, checkPeriod } from '../../http/query-days.js';

/** What the figures may be grouped by. */
export const FIGURE_GROUPS = ['type', 'unit', 'program', 'channel'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

/** The default period of the figures: the last 30 local days, today included. */
export const DEFAULT_FIGURE_DAYS = 30;

export const ZWorkOrderFiguresQuery = z
  .strictObject({
    from: ZLocalDate.optional().describe(`first local day (SONGDA_TZ) of the orders' creation, inclusive; default: ${DEFAULT_FIGURE_DAYS} days up to to; at most ${MAX_PERIOD_DAYS} days`),
    to: ZLocalDate.optional().describe('last local day, inclusive; default: today'),
    groupBy: z.enum(FIGURE_GROUPS).default('type').describe("one row per order type (default), responsible unit, program ('' = orders of no program) or channel"),
  })
  .superRefine(checkPeriod(MAX_PERIOD_DAYS));
export type TWorkOrderFiguresQuery = z.infer<typeof ZWorkOrderFiguresQuery>;

const share = (what: string) => z.number().nullable().describe(`${what}; unrounded, null when the denominator is 0`);

export const ZWorkOrderFigureRow = z.object({
  group: z.string().describe("the type, unit code, program code ('' for none) or channel"),
  created: z.number().describe('orders created in the period — GET /work-orders?from=FROM&to=TO (and the group’s filter)'),
  resolved: z.number().describe('of those, resolved or closed now — add &status=resolved,closed'),
  resolutionRate: share('resolved ÷ created'),
  firstResponseOnTime: share('of the created orders that have been answered (a reply or a resolve), those whose first answer came by the first-response deadline'),
  resolutionOnTime: share('of the resolved orders, those whose last resolution came by the resolution deadline (business time, pauses moved it on)'),
  medianHoursToResolve: z.number().nullable().describe('median wall-clock hours from creation to the last resolution over the resolved orders, unrounded; null when none'),
  reopenRate: share('of the created orders ever resolved, those reopened at least once'),
  meanSatisfaction: z.number().nullable().describe("mean of the citizens' ratings (1–5) of the created orders rated; null when none"),
  complaintsPer10kItems: share(
    'complaint orders among the created × 10,000 ÷ items mailed (created) in the same days — of the program for groupBy=program, of the delivery office for groupBy=unit, all items otherwise',
  ),
});
export type TWorkOrderFigureRow = z.infer<typeof ZWorkOrderFigureRow>;

export const ZWorkOrderFigures = z.object({
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(FIGURE_GROUPS),
  rows: z.array(ZWorkOrderFigureRow).describe('one row per group with at least one order created in the period, by group'),
  total: ZWorkOrderFigureRow.describe("every order created in the period (group '')"),
});
export type TWorkOrderFigures = z.infer<typeof ZWorkOrderFigures>;
