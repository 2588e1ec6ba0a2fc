import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { ZConsignment, ZConsignmentInput } from './consignment.schemas.js';
import { createConsignment, getConsignment } from './consignment.service.js';

export const consignmentRoutes: ApiRoutes = (app, ctx) => {
  const deps = () => ({ db: ctx.db, isKnownUnit: (c: string) => ctx.sites.has(c), siteName: (c: string) => ctx.sites.name(c) });

  app.post(
    '/consignments',
    {
      config: { permission: 'operate', partners: true, idempotent: true },
      schema: {
        operationId: 'createConsignment',
        tags: ['consignments'],
        summary: 'Register a consignment (a bag or box of items); its scans reach the items inside until it is OPENED',
        body: ZConsignmentInput,
        response: { 201: ZConsignment, ...errorAnswers('conflict', 'unavailable') },
      },
    },
    async (req, reply) => reply.code(201).send(await createConsignment(deps(), req.body, ctx.clock(), scopeOf(req))),
  );

  app.get(
    '/consignments/:trackingNo',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getConsignment',
        tags: ['consignments'],
        summary: 'A consignment: the items inside and its own scans, each marked with whether it reached the items',
        params: ZTrackingParams,
        response: { 200: ZConsignment, ...errorAnswers('not_found') },
      },
    },
    async (req) => getConsignment(deps(), req.params.trackingNo, scopeOf(req)),
  );
};
