import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { ZProgramParams } from '../requests/request.schemas.js';
import { programLastMile } from './program-last-mile.js';
import { ZProgramLastMile, ZProgramReport, ZProgramReportQuery } from './program-report.schemas.js';
import { programReport } from './program-report.service.js';

export const programReportRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/programs/:code/report',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getProgramReport',
        tags: ['programs'],
        summary: "A program's issued, requested, mailed and delivered documents, conversion and delivery rates, time to deliver, postage and donations",
        description:
          'from/to are local days (SONGDA_TZ), both inclusive. issued = recipients listed in the period + invitations made in the period for documents (not on the list) + requests made in the period ' +
          'for documents known neither from the list nor from a document invitation (agency requests by details, unbound invitations). requests = requests made in the period; ' +
          'mailed = those of them that became items; conversionRate = mailed ÷ issued. delivered = mailed items delivered by the time of the report; deliveryRate = delivered ÷ mailed. ' +
          'medianHoursToDeliver: median of item creation → DELIVERED over the delivered items, to 0.1 h. postageFen / donationFen: sums of the charges of the mailed items, all payers. ' +
          'Rates are not rounded and are null when their denominator is 0.',
        params: ZProgramParams,
        querystring: ZProgramReportQuery,
        response: { 200: ZProgramReport, ...errorAnswers('not_found') },
      },
    },
    async (req) => programReport(ctx.db, req.params.code, req.query, ctx.config.timeZone, scopeOf(req)),
  );

  app.get(
    '/programs/:code/report/last-mile',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getProgramLastMile',
        tags: ['programs'],
        summary: "A program's first-attempt delivery rate and activation rate, over the same items as its report",
        description:
          'The items are the report’s mailed items (requests made in the local days from/to). attempted = those delivered or with a DELIVERY_FAILED scan; ' +
          'firstAttemptDelivered = those delivered with no DELIVERY_FAILED before the delivery; firstAttemptRate = firstAttemptDelivered ÷ attempted. ' +
          'activation counts the delivered items by the result that holds now (pending: none recorded); activationRate = activated ÷ delivered, ' +
          'null when the program names no activation bank. Rates are not rounded and are null when their denominator is 0.',
        params: ZProgramParams,
        querystring: ZProgramReportQuery,
        response: { 200: ZProgramLastMile, ...errorAnswers('not_found') },
      },
    },
    async (req) => programLastMile(ctx.db, req.params.code, req.query, ctx.config.timeZone, scopeOf(req)),
  );
};
