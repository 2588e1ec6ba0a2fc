import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { ZItemListPage, ZItemListQuery } from './item-list.schemas.js';
import { listItems } from './item-list.service.js';

export const itemListRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/items',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listItems',
        tags: ['items'],
        summary: 'Items matching every filter given, newest first, paged by cursor (no personal data)',
        description:
          'Filters combine with AND. acceptedOn / deliveredOn: the first ACCEPTED / DELIVERED scan falls on the local day(s); ' +
          'from / to: the last scan falls on the local days (the scope of the break-point rate); unit / city: at least one scan ' +
          'there (the rate report’s groups); breakpoint=open: an open break-point, of breakpointType when given (blamed on the unit or city when ' +
          'given; with the missing-scan types: the rate’s numerator); program / requestedOn / suspect: a program report’s items. ' +
          'Each figure of the overview, the rate report and a program report is the number of rows of one such list.',
        querystring: ZItemListQuery,
        response: { 200: ZItemListPage },
      },
    },
    async (req) => listItems({ db: ctx.db, timeZone: ctx.config.timeZone, sites: ctx.sites, now: ctx.clock() }, req.query, scopeOf(req)),
  );
};
