import type { ApiRoutes } from '../../http/api-context.js';
import { workOrderFigures } from './work-order-figures.js';
import { ZWorkOrderFigures, ZWorkOrderFiguresQuery } from './work-order-figures.schemas.js';

export const workOrderFigureRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/reports/work-orders',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getWorkOrderFigures',
        tags: ['work-orders', 'reports'],
        summary: 'Customer-service figures of the work orders created in a period, per type, unit, program or channel',
        description:
          'The orders are those created in the local days from..to (SONGDA_TZ), taken as they stand at the request. ' +
          'created: orders created in the period. resolved: of those, resolved or closed now; resolutionRate = resolved ÷ created. ' +
          'firstResponseOnTime: of the created orders answered at least once (a reply or a resolve), the share whose first answer ' +
          'came by the first-response deadline. resolutionOnTime: of the resolved orders, the share whose last resolution came by the ' +
          'resolution deadline (deadlines run in business time on the unit’s calendar and are moved on by every wait on the customer). ' +
          'medianHoursToResolve: the median of wall-clock hours from creation to the last resolution over the resolved orders. ' +
          'reopenRate: of the orders ever resolved, the share reopened at least once. meanSatisfaction: the mean of the citizens’ ' +
          'ratings 1–5. complaintsPer10kItems: complaint orders × 10,000 ÷ items mailed in the same days (of the program when grouped by ' +
          'program, of the delivery office when grouped by unit, all items otherwise). Shares are unrounded and null when their denominator is 0. ' +
          'Every count is the total of GET /work-orders with from, to and the group’s filter.',
        querystring: ZWorkOrderFiguresQuery,
        response: { 200: ZWorkOrderFigures },
      },
    },
    async (req) => workOrderFigures({ store: ctx.store, db: ctx.db, timeZone: ctx.config.timeZone, now: ctx.clock() }, req.query),
  );
};
