import type { ApiRoutes } from '../../http/api-context.js';
import { overviewDaysOf } from './overview-days.js';
import { ZOverview, ZOverviewQuery } from './overview.schemas.js';
import { getOverview } from './overview.service.js';

export const overviewRoutes: ApiRoutes = (app, ctx) => {
  const days = overviewDaysOf(ctx.db);
  app.get(
    '/reports/overview',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getOverview',
        tags: ['reports'],
        summary: "The managers' overview: today's volumes, the period's delivery and break-point rates, open break-points",
        description:
          'Local days in the configured time zone (SONGDA_TZ); from and to default to today. Every figure is the number of ' +
          'rows of a list the API gives, named in its description (GET /items, GET /breakpoints); the break-point figures ' +
          'are those of GET /reports/breakpoint-rate for the same days. accepted / delivered: items whose first ACCEPTED / ' +
          'DELIVERED scan falls on the day(s); deliveryRate: of the items accepted in the period, the share delivered by now; ' +
          'the break-point rate: items whose last scan falls in the period with an open missing-scan break-point ÷ those items. ' +
          'Open break-points (by type, top units) are those open now, whatever the period.',
        querystring: ZOverviewQuery,
        response: { 200: ZOverview },
      },
    },
    async (req) => getOverview({ db: ctx.db, timeZone: ctx.config.timeZone, sites: ctx.sites, now: ctx.clock() }, days, req.query),
  );
};
