import { msg } from '../../i18n/message.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { AppError } from '../../errors.js';
import { ZSearchQuery, ZSearchResult } from './search.schemas.js';
import { search } from './search.service.js';

export const searchRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/search',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'searchRecords',
        tags: ['search'],
        summary: 'One search box: items, requests and listed recipients found by any key, masked, grouped',
        description:
          'The query is read as each kind it fits: tracking number (S10), mobile number and resident ID number (found by their keyed hash), ' +
          'full name (exact), document number, the agency’s reference (externalRef). Each group holds at most 50, newest first, and says when there are more. ' +
          'A search by phone, ID number or name is written to the audit log (the kinds searched, never the value). A partner’s credential finds only its programs’ records.',
        querystring: ZSearchQuery,
        response: { 200: ZSearchResult, ...errorAnswers('invalid_request') },
      },
    },
    async (req) => {
      if (!req.caller) throw new AppError('unauthorized', msg('access.noCaller'));
      return search({ db: ctx.db, cipher: ctx.cipher, sites: ctx.sites, timeZone: ctx.config.timeZone, now: ctx.clock() }, req.query.q, req.caller.actor, scopeOf(req));
    },
  );
};
