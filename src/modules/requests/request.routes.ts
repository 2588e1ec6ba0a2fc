import { z } from 'zod';
import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { perElementBody } from '../../http/per-element.js';
import { createAgencyRequests } from './create-agency-requests.js';
import { getRequest } from './get-request.js';
import { listProgramRequests } from './list-requests.js';
import { ZAgencyRequestInput, ZProgramParams, ZRequestListQuery, ZRequestPage, ZRequestParams, ZRequestResult, ZRequestView } from './request.schemas.js';
import { localize } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';

export const MAX_REQUESTS_PER_CALL = 1_000;

export const requestRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/programs/:code/requests',
    {
      config: { permission: 'operate', partners: true, idempotent: true },
      validatorCompiler: perElementBody(MAX_REQUESTS_PER_CALL),
      schema: {
        operationId: 'createRequests',
        tags: ['requests'],
        summary: 'Request documents by mail for listed recipients (by idNumber) or others (by details); answer per element',
        description:
          'A request with a county-level address, a delivery office serving the county and a payer is mailed at once (trackingNo); otherwise it waits (statusReason). ' +
          'A recipient or document already mailed in the program is refused; one whose request waits has that request completed. ' +
          'A partner’s credential may request for the programs it sponsors; any other program is 404, as if it did not exist.',
        params: ZProgramParams,
        body: z.array(ZAgencyRequestInput),
        response: { 200: z.array(ZRequestResult), ...errorAnswers('not_found', 'conflict') },
      },
    },
    async (req) => localize(langOfRequest(req), await createAgencyRequests(ctx, req.params.code, req.body as unknown[], ctx.clock(), scopeOf(req))),
  );

  app.get(
    '/programs/:code/requests',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listProgramRequests',
        tags: ['requests'],
        summary: "A program's requests, ID and phone masked, in id order; find one by the agency's externalRef",
        params: ZProgramParams,
        querystring: ZRequestListQuery,
        response: { 200: ZRequestPage },
      },
    },
    async (req) => listProgramRequests(ctx.db, req.params.code, req.query, ctx.config.timeZone, scopeOf(req)),
  );

  app.get(
    '/requests/:id',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getRequest',
        tags: ['requests'],
        summary: 'A request, with masked ID and phone, its item and its charges',
        params: ZRequestParams,
        response: { 200: ZRequestView, ...errorAnswers('not_found') },
      },
    },
    async (req) => getRequest(ctx.db, req.params.id, ctx.config.timeZone, scopeOf(req)),
  );
};
