import { type ApiRoutes, actorOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { localize } from '../../i18n/message.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { issueNewPickupCode } from './hold-items.js';
import { getOfficeDeliveries, getReturnsDue } from './office-holding.js';
import { ZNewPickupCode, ZOfficeDayQuery, ZOfficeDeliveries, ZOfficeParams, ZReturnsDue } from './office-holding.schemas.js';

/**
 * A delivery office's attempts, held items and returns due (decision 0037), for the post's staff:
 * closed to partners and couriers.
 */
export const officeHoldingRoutes: ApiRoutes = (app, ctx) => {
  const deps = () => ({ db: ctx.db, timeZone: ctx.config.timeZone });

  app.get(
    '/offices/:code/returns-due',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getOfficeReturnsDue',
        tags: ['deliveries'],
        summary: 'Items a delivery office is to send back to their sponsor, as of the end of the day: refused at the door, or held past their program’s holding days',
        params: ZOfficeParams,
        querystring: ZOfficeDayQuery,
        response: { 200: ZReturnsDue, ...errorAnswers('not_found') },
      },
    },
    async (req) => localize(langOfRequest(req), await getReturnsDue(deps(), req.params.code, req.query.date)),
  );

  app.get(
    '/offices/:code/deliveries',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getOfficeDeliveries',
        tags: ['deliveries'],
        summary: 'A delivery office’s day: attempts, failures by reason, items held for pickup (codes masked) and returns due',
        params: ZOfficeParams,
        querystring: ZOfficeDayQuery,
        response: { 200: ZOfficeDeliveries, ...errorAnswers('not_found') },
      },
    },
    async (req) => localize(langOfRequest(req), await getOfficeDeliveries(deps(), req.params.code, req.query.date)),
  );

  app.post(
    '/items/:trackingNo/pickup-code',
    {
      config: { permission: 'operate' },
      schema: {
        operationId: 'issuePickupCode',
        tags: ['deliveries'],
        summary: 'Make a new pickup code for an item held at an office; the old one stops working. The recipient is told the code; the answer shows it masked',
        params: ZTrackingParams,
        response: { 200: ZNewPickupCode, ...errorAnswers('not_found', 'conflict') },
      },
    },
    async (req) => issueNewPickupCode({ ...deps(), cipher: ctx.cipher, sms: ctx.config.sms }, req.params.trackingNo, actorOf(req), ctx.clock()),
  );
};
