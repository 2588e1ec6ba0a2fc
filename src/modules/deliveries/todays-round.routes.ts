import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { localize } from '../../i18n/message.js';
import { callerOf } from './delivery.routes.js';
import { ZTodaysRound, ZTodaysRoundQuery, getTodaysRound } from './todays-round.js';

/** The courier's phone page reads its list here (`/m`); open to couriers, limited to their office. */
export const todaysRoundRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/deliveries/today',
    {
      config: { permission: 'read', couriers: true },
      schema: {
        operationId: 'getTodaysRound',
        tags: ['deliveries'],
        summary: 'A delivery office’s round: the items out for delivery from it and those held there, each with what its program asks at the door',
        description:
          'The items whose last scan, made at the office, is OUT_FOR_DELIVERY or HELD, newest first. A courier gets their own office ' +
          '(naming another is refused); the post’s staff name the office. The list is the office’s: the scan’s operator is shown, ' +
          'not matched to a courier.',
        querystring: ZTodaysRoundQuery,
        response: { 200: ZTodaysRound, ...errorAnswers('not_found', 'forbidden') },
      },
    },
    async (req) => {
      return localize(
        langOfRequest(req),
        await getTodaysRound(ctx.db, req.query, callerOf(req), { timeZone: ctx.config.timeZone, siteName: (code) => ctx.sites.name(code) }),
      );
    },
  );
};
