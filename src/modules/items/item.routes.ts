import { z } from 'zod';
import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { compiledAnswers } from '../../http/compiled-answer.js';
import { errorAnswers } from '../../http/error-answers.js';
import { perElementBody } from '../../http/per-element.js';
import { ZItemInput, ZItemRegisterResult, ZTimeline, ZTrackingParams } from './item.schemas.js';
import { type ItemPageParts, getItemPage, registerItems } from './item.service.js';
import { langOfRequest } from '../../http/error-handler.js';
import { withDetailsIn } from '../../i18n/breakpoint-detail.js';
import { localize } from '../../i18n/message.js';

export const MAX_ITEMS_PER_REQUEST = 10_000;

export const itemRoutes = (parts: ItemPageParts): ApiRoutes => (app, ctx) => {
  app.post(
    '/items',
    {
      config: { permission: 'operate', idempotent: true },
      validatorCompiler: perElementBody(MAX_ITEMS_PER_REQUEST),
      schema: {
        operationId: 'registerItems',
        tags: ['items'],
        summary: 'Register items; tracking numbers are allocated when absent (answer per element)',
        body: z.array(ZItemInput),
        response: { 200: z.array(ZItemRegisterResult), ...errorAnswers('conflict') },
      },
    },
    async (req) => localize(langOfRequest(req), await registerItems({ db: ctx.db, isKnownUnit: (c) => ctx.sites.has(c) }, req.body as unknown[], ctx.clock())),
  );

  app.get(
    '/items/:trackingNo',
    {
      config: { permission: 'read', partners: true },
      serializerCompiler: compiledAnswers,
      schema: {
        operationId: 'getItemTimeline',
        tags: ['items'],
        summary: "An item's timeline: events by instant, status derived from all of them",
        params: ZTrackingParams,
        response: { 200: ZTimeline, ...errorAnswers('not_found') },
      },
    },
    async (req) => {
      const page = await getItemPage(ctx.db, req.params.trackingNo, (code) => ctx.sites.name(code), parts, scopeOf(req));
      return { ...page, breakpoints: withDetailsIn(langOfRequest(req), page.breakpoints) };
    },
  );
};
