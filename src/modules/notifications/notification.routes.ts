import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { limitedAddress } from '../../domain/client-address.js';
import { parseS10 } from '../../domain/s10.js';
import { AppError } from '../../errors.js';
import { type ApiContext, type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { msg, render } from '../../i18n/message.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { getItemNotifications } from './item-notifications.js';
import { ZItemNotifications, ZVerifyAnswer, ZVerifyInput } from './notification.schemas.js';
import { CODE_LIFETIME_MS, MAX_CODES_PER_DAY, MAX_WRONG_TRIES, requestOneTimeCode } from './one-time-code.js';

/** Asks for a one-time code per client address within ten minutes, whatever the numbers. */
export const VERIFY_PER_ADDRESS = 5;
const VERIFY_WINDOW_MS = 10 * 60_000;

/** The per-item log of what the recipient was told. Staff and the partners of the item's program; not couriers. */
export const notificationRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/items/:trackingNo/notifications',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listItemNotifications',
        tags: ['notifications'],
        summary: 'What the item’s recipient was told by SMS: when, which template, its status, the masked phone and the text (codes masked)',
        params: ZTrackingParams,
        response: { 200: ZItemNotifications, ...errorAnswers('not_found') },
      },
    },
    async (req) => getItemNotifications(ctx.db, req.params.trackingNo, scopeOf(req), ctx.config.timeZone),
  );
};

/**
 * The citizen's one-time code, under /api/v1/public beside the public plugin: no token, limited per
 * client address here and per item by the code's own counts.
 */
export function notificationPublicRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    await instance.register(rateLimit, {
      max: VERIFY_PER_ADDRESS,
      timeWindow: VERIFY_WINDOW_MS,
      // An IPv6 client by its /64: a subscriber's line could otherwise take a fresh address for every ask.
      keyGenerator: (req) => limitedAddress(req.ip),
      errorResponseBuilder: (_req, context) => new AppError('rate_limited', msg('http.rateLimited', { after: context.after })),
    });
    const app = instance.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/items/:trackingNo/verify',
      {
        schema: {
          operationId: 'requestCitizenCode',
          tags: ['public'],
          security: [],
          summary: 'Sends a one-time code by SMS to the phone given with the request, when phone4 are its last four digits',
          description:
            `Always answered 202 with the same text, matched or not, known number or not. The code has 6 digits and works for ${CODE_LIFETIME_MS / 60_000} minutes, once; ` +
            `a new one goes at most once a minute and ${MAX_CODES_PER_DAY} times a day per item. ${MAX_WRONG_TRIES} wrong digits or codes within a day lock the item's codes ` +
            `until a day after the first; ${VERIFY_PER_ADDRESS} asks per client address within ten minutes.`,
          params: ZTrackingParams,
          body: ZVerifyInput,
          response: { 202: ZVerifyAnswer, ...errorAnswers('invalid_request', 'rate_limited') },
        },
      },
      async (req, reply) => {
        const { trackingNo } = req.params;
        const s10 = parseS10(trackingNo);
        if (!s10.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }), [{ field: 'trackingNo', message: s10.message }]);
        await requestOneTimeCode({ store: ctx.store, db: ctx.db, cipher: ctx.cipher, sms: ctx.config.sms, timeZone: ctx.config.timeZone }, trackingNo, req.body.phone4, ctx.clock());
        return reply.status(202).send({ message: render(langOfRequest(req), msg('sms.verify.sent')) });
      },
    );
  };
}
