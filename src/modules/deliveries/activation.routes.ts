import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { localize } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { ZActivationInput, ZActivationPage, ZActivationQuery, ZActivationRecorded } from './activation.schemas.js';
import { listActivations, recordActivation } from './activations.service.js';

function callerOf(req: { caller?: Caller }): Caller {
  if (req.caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  return req.caller;
}

/**
 * A bank's activation tasks (decision 0038): a bank's partner credential sees and records those of
 * the programs naming it as activation bank, and nothing else; staff read any bank's.
 */
export const activationRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/activations',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listActivations',
        tags: ['deliveries'],
        summary: 'The items of the programs a bank activates, with the activation result that holds now (pending: none yet)',
        description:
          'A bank’s credential lists the items of the programs naming it as activationBank; staff list every bank’s, or one bank’s with bank=. ' +
          'pending: no result recorded yet — the item is not delivered, or was delivered without one. The result that holds is the bank’s latest ' +
          'recorded after the door, else the door’s. Ordered by tracking number, a page at a time.',
        querystring: ZActivationQuery,
        response: { 200: ZActivationPage },
      },
    },
    async (req) => listActivations(ctx.db, req.query, callerOf(req), ctx.config.timeZone),
  );

  app.post(
    '/activations/:trackingNo',
    {
      config: { permission: 'operate', partners: true },
      schema: {
        operationId: 'recordActivation',
        tags: ['deliveries'],
        summary: 'Record an activation result after the door (a deferred one done later); every result is kept',
        description:
          'Only for an item of a program the bank activates (another bank’s item answers 404 as an unknown one), only once it is delivered (409), ' +
          'and never dated before the delivery. The same result at the same instant sent again stores nothing. Answers the item’s history.',
        params: ZTrackingParams,
        body: ZActivationInput,
        response: { 200: ZActivationRecorded, ...errorAnswers('invalid_request', 'not_found', 'conflict') },
      },
    },
    async (req) => localize(langOfRequest(req), await recordActivation(ctx.db, req.params.trackingNo, req.body, callerOf(req), ctx.clock())),
  );
};
