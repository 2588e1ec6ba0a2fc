import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { localize } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { attachProof } from './attach-proof.js';
import { ZProofAttached, ZProofInput } from './proof.schemas.js';

function callerOf(req: { caller?: Caller }): Caller {
  if (req.caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  return req.caller;
}

/** Proof attached to a delivery scanned without it (decision 0038): staff and the office's couriers; not partners. */
export const proofRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/items/:trackingNo/proof',
    {
      config: { permission: 'operate', couriers: true },
      schema: {
        operationId: 'attachDeliveryProof',
        tags: ['deliveries'],
        summary: 'Attach proof to a delivery scanned without it; closes the item’s MISSING_PROOF break-point',
        description:
          'The fields of a delivered outcome of POST /deliveries, checked against the program’s requirements the same way, for the item’s ' +
          'stored DELIVERED event (its instant and office). The same clientId sent again is a duplicate and stores nothing; other proof for an ' +
          'item that has some already is a conflict.',
        params: ZTrackingParams,
        body: ZProofInput,
        response: { 200: ZProofAttached, ...errorAnswers('invalid_request', 'not_found', 'conflict') },
      },
    },
    async (req) =>
      localize(
        langOfRequest(req),
        await attachProof(
          { db: ctx.db, recorder: ctx.recorder, cipher: ctx.cipher, isKnownSite: (code) => ctx.sites.has(code), timeZone: ctx.config.timeZone, sms: ctx.config.sms },
          req.params.trackingNo,
          req.body,
          callerOf(req),
          ctx.clock(),
        ),
      ),
  );
};
