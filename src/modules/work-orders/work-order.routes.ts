import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { limitedAddress } from '../../domain/client-address.js';
import { AppError } from '../../errors.js';
import { type ApiContext, type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { localize, msg } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { actOnWorkOrder } from './act-on-work-order.js';
import { createCitizenWorkOrder, listCitizenWorkOrders, rateCitizenWorkOrder } from './citizen-work-orders.js';
import { type WorkOrderActor, type WorkOrderDeps, createWorkOrder } from './create-work-order.js';
import { getWorkOrder, listWorkOrders } from './read-work-orders.js';
import {
  ZCitizenCode,
  ZCitizenRatingInput,
  ZCitizenWorkOrder,
  ZCitizenWorkOrderInput,
  ZCitizenWorkOrders,
  ZWorkOrderActionInput,
  ZWorkOrderDetail,
  ZWorkOrderInput,
  ZWorkOrderListQuery,
  ZWorkOrderNumber,
  ZWorkOrderPage,
  ZWorkOrderParams,
} from './work-order.schemas.js';
import { z } from 'zod';

const depsOf = (ctx: ApiContext): WorkOrderDeps => ({
  store: ctx.store,
  cipher: ctx.cipher,
  sms: ctx.config.sms,
  timeZone: ctx.config.timeZone,
  siteName: (code) => ctx.sites.name(code),
});

function actorOfRequest(req: { caller?: Caller; scope?: unknown }): WorkOrderActor {
  const caller = req.caller;
  if (caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  const partner = caller.role === 'partner';
  return { kind: partner ? 'partner' : 'staff', actor: caller.actor, scope: scopeOf(req as { scope?: never }), partner: partner ? caller.partner : null };
}

/** Customer-service work orders (decision 0043): staff open and work them; a partner's credential opens and reads those of its programs. */
export const workOrderRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/work-orders',
    {
      config: { permission: 'operate', partners: true },
      schema: {
        operationId: 'createWorkOrder',
        tags: ['work-orders'],
        summary: 'Open a work order (enquiry, complaint, address change, redelivery, loss report); answers its number WOyyyymmddNNNNNN',
        description:
          'The responsible unit is the one named, else the unit of the item’s latest open break-point, else its delivery office now, else the unit of the ' +
          'sponsor’s city (its processing centre, delivery office or counter, lowest code first); none: 400 naming `unit`. An order of a green-channel program ' +
          'or partner is urgent whatever `priority` says. address_change, redelivery and loss_report need `trackingNo`; address_change needs `address` (placed ' +
          'like a recipient list’s: 400 naming the field). A partner’s credential opens orders about its programs’ items only (another’s item is 400 as unknown). ' +
          'The contact’s phone is stored sealed and shown masked. Every refusal names its field.',
        body: ZWorkOrderInput,
        response: { 201: ZWorkOrderDetail, ...errorAnswers('invalid_request') },
      },
    },
    async (req, reply) => {
      const by = actorOfRequest(req);
      const now = ctx.clock();
      const number = await createWorkOrder(depsOf(ctx), req.body, by, now);
      return reply.code(201).send(await getWorkOrder(depsOf(ctx), number, by.scope, now));
    },
  );

  app.get(
    '/work-orders',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listWorkOrders',
        tags: ['work-orders'],
        summary: 'The work-order queue: green channel first, then the nearest deadline not yet met, keyset-paged, with filters',
        description:
          'Deadlines are computed at the time of the request from each order’s history. `overdue` reads the deadlines as stored at the order’s last action, ' +
          'which are exact for a running clock (a paused clock is never overdue). A partner’s credential lists the orders of its programs.',
        querystring: ZWorkOrderListQuery,
        response: { 200: ZWorkOrderPage },
      },
    },
    async (req) => listWorkOrders(depsOf(ctx), req.query, scopeOf(req), ctx.clock()),
  );

  app.get(
    '/work-orders/:number',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getWorkOrder',
        tags: ['work-orders'],
        summary: 'A work order: both deadlines with their state and time left, its history, and the item’s timeline',
        params: ZWorkOrderParams,
        response: { 200: ZWorkOrderDetail, ...errorAnswers('not_found') },
      },
    },
    async (req) => getWorkOrder(depsOf(ctx), req.params.number, scopeOf(req), ctx.clock()),
  );

  app.post(
    '/work-orders/:number/actions',
    {
      config: { permission: 'operate' },
      schema: {
        operationId: 'actOnWorkOrder',
        tags: ['work-orders'],
        summary: 'Act on a work order: assign, reply, wait, resume, resolve, reopen, close, escalate or note; answers the order as it is now',
        description:
          'Life: new → assigned → in_progress → waiting_customer | waiting_unit → resolved → closed. reply and resolve may come while new; wait (`on`: customer ' +
          'pauses both deadlines, unit does not) from assigned or in progress; resume from waiting; reopen a resolved order within 7 days of resolving; close a ' +
          'resolved order; escalate raises the level by one (to 3); note at any time. A move the status does not allow is 409 naming both. An address_change ' +
          'order resolved with outcome `done` changes the item’s address to the order’s; a redelivery resolved `done` asks for the item on `date`.',
        params: ZWorkOrderParams,
        body: ZWorkOrderActionInput,
        response: { 200: ZWorkOrderDetail, ...errorAnswers('invalid_request', 'not_found', 'conflict') },
      },
    },
    async (req) => {
      const by = actorOfRequest(req);
      const now = ctx.clock();
      await actOnWorkOrder(depsOf(ctx), req.params.number, req.body, by, now);
      return localize(langOfRequest(req), await getWorkOrder(depsOf(ctx), req.params.number, by.scope, now));
    },
  );
};

/**
 * A citizen's own questions and complaints about an item, under /api/v1/public: no token; the
 * one-time code of the tracking page's phone check proves the recipient and is used up by each call.
 * Limited per client address like the other citizens' routes.
 */
export function workOrderPublicRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    await instance.register(rateLimit, {
      max: ctx.config.publicRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => limitedAddress(req.ip),
      errorResponseBuilder: (_req, context) => new AppError('rate_limited', msg('http.rateLimited', { after: context.after })),
    });
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const citizen = { tags: ['public'], security: [] };
    const codeRules = 'A wrong or expired code is 400 naming `code` and counts toward the item’s lock; a locked item answers 429.';

    app.post(
      '/items/:trackingNo/work-orders',
      {
        schema: {
          operationId: 'reportAsRecipient',
          ...citizen,
          summary: 'The recipient asks a question or makes a complaint about the item, with the one-time code from POST /public/items/{trackingNo}/verify',
          description: codeRules,
          params: ZTrackingParams,
          body: ZCitizenWorkOrderInput,
          response: { 201: ZCitizenWorkOrder, ...errorAnswers('invalid_request', 'rate_limited') },
        },
      },
      async (req, reply) => reply.code(201).send(await createCitizenWorkOrder(depsOf(ctx), req.params.trackingNo, req.body, langOfRequest(req), ctx.clock())),
    );

    app.get(
      '/items/:trackingNo/work-orders',
      {
        schema: {
          operationId: 'listOrdersAsRecipient',
          ...citizen,
          summary: 'The recipient’s questions and complaints about the item, with their status and the last answer',
          description: `The code is used up by the call (a used code is worth nothing, so it may travel in the query). ${codeRules}`,
          params: ZTrackingParams,
          querystring: ZCitizenCode,
          response: { 200: ZCitizenWorkOrders, ...errorAnswers('invalid_request', 'rate_limited') },
        },
      },
      async (req) => listCitizenWorkOrders(depsOf(ctx), req.params.trackingNo, req.query.code, langOfRequest(req), ctx.clock()),
    );

    app.post(
      '/items/:trackingNo/work-orders/:number/rating',
      {
        schema: {
          operationId: 'rateAsRecipient',
          ...citizen,
          summary: 'The recipient rates the resolution of an order about the item, 1–5, once',
          description: `409 until the order is resolved, and once it is rated. ${codeRules}`,
          params: ZTrackingParams.extend({ number: ZWorkOrderNumber }),
          body: ZCitizenRatingInput,
          response: { 200: z.object({ trackingNo: z.string(), message: z.string() }), ...errorAnswers('invalid_request', 'not_found', 'conflict', 'rate_limited') },
        },
      },
      async (req) => localize(langOfRequest(req), await rateCitizenWorkOrder(depsOf(ctx), req.params.trackingNo, req.params.number, req.body, ctx.clock())),
    );
  };
}
