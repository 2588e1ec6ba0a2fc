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
import { ZAddressChangeInput, ZAddressChanged, ZAddressChanges, ZCitizenAddressChangeInput, ZCitizenAnswer, ZRescheduleInput } from './address-change.schemas.js';
import { type AddressChangeDeps, changeItemAddress, getAddressChanges } from './change-address.js';
import { MAX_DAYS_AHEAD, changeAddressByRecipient, rescheduleByRecipient } from './citizen-changes.js';

const depsOf = (ctx: ApiContext): AddressChangeDeps => ({
  store: ctx.store,
  cipher: ctx.cipher,
  sms: ctx.config.sms,
  timeZone: ctx.config.timeZone,
  siteName: (code) => ctx.sites.name(code),
});

function callerOf(req: { caller?: Caller }): Caller {
  if (req.caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  return req.caller;
}

/** Address changes by the post's staff or the program's sponsor, and an item's change history (decision 0041). Not couriers. */
export const addressChangeRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/items/:trackingNo/address-change',
    {
      config: { permission: 'operate', partners: true },
      schema: {
        operationId: 'changeItemAddress',
        tags: ['items'],
        summary: 'Send an item to a new address, until it is delivered or returned; the item gets the delivery office of the new county',
        description:
          'The address is placed like a recipient list’s (an ambiguous or unplaced address is 400 naming `address` or `divisionCode`, never guessed); ' +
          'a county no delivery office serves is 400. Staff (operator, admin) or the partner credential of the program’s sponsor (another partner of the ' +
          'program: 403). 409 once the item is delivered or returned. The change is kept (GET /items/{trackingNo}/address-changes) and the recipient told by SMS.',
        params: ZTrackingParams,
        body: ZAddressChangeInput,
        response: { 200: ZAddressChanged, ...errorAnswers('invalid_request', 'forbidden', 'not_found', 'conflict') },
      },
    },
    async (req) => {
      const caller = callerOf(req);
      const author = { kind: caller.role === 'partner' ? ('partner' as const) : ('staff' as const), name: caller.actor, scope: scopeOf(req) };
      return localize(langOfRequest(req), await changeItemAddress(depsOf(ctx), req.params.trackingNo, req.body, author, ctx.clock()));
    },
  );

  app.get(
    '/items/:trackingNo/address-changes',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listItemAddressChanges',
        tags: ['items'],
        summary: 'An item’s address changes (old and new address and office, who, why, when), its office now, and the day its recipient asked for',
        params: ZTrackingParams,
        response: { 200: ZAddressChanges, ...errorAnswers('invalid_request', 'not_found') },
      },
    },
    async (req) => getAddressChanges(depsOf(ctx), req.params.trackingNo, scopeOf(req)),
  );
};

/**
 * The recipient's own address change and rescheduling, under /api/v1/public beside the public plugin:
 * no token; the one-time code proves the recipient. Limited per client address like the other
 * citizens' routes (SONGDA_PUBLIC_RATE_LIMIT a minute), and per item by the code's own lock.
 */
export function addressChangePublicRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    await instance.register(rateLimit, {
      max: ctx.config.publicRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => limitedAddress(req.ip),
      errorResponseBuilder: (_req, context) => new AppError('rate_limited', msg('http.rateLimited', { after: context.after })),
    });
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const citizen = { tags: ['public'], security: [] };
    const codeRules =
      'A wrong or expired code is 400 naming `code` and counts toward the item’s lock (with wrong phone digits); a locked item answers 429 until a day after ' +
      'the first wrong try. 409 once the item is delivered or returned.';

    app.post(
      '/items/:trackingNo/address-change',
      {
        schema: {
          operationId: 'changeAddressAsRecipient',
          ...citizen,
          summary: 'The recipient sends the item to a new address, with the one-time code from POST /public/items/{trackingNo}/verify',
          description: `The address is checked first, placed like a recipient list’s (400 naming the field). ${codeRules}`,
          params: ZTrackingParams,
          body: ZCitizenAddressChangeInput,
          response: { 200: ZCitizenAnswer, ...errorAnswers('invalid_request', 'not_found', 'conflict', 'rate_limited') },
        },
      },
      async (req) => localize(langOfRequest(req), await changeAddressByRecipient(depsOf(ctx), req.params.trackingNo, req.body, ctx.clock())),
    );

    app.post(
      '/items/:trackingNo/reschedule',
      {
        schema: {
          operationId: 'rescheduleAsRecipient',
          ...citizen,
          summary: 'The recipient asks for the item on another day, with the one-time code; shown to the delivery office',
          description: `\`date\` is a local date from tomorrow to ${MAX_DAYS_AHEAD} days ahead (400 naming \`date\` otherwise); the latest ask replaces an earlier one. ${codeRules}`,
          params: ZTrackingParams,
          body: ZRescheduleInput,
          response: { 200: ZCitizenAnswer, ...errorAnswers('invalid_request', 'not_found', 'conflict', 'rate_limited') },
        },
      },
      async (req) => localize(langOfRequest(req), await rescheduleByRecipient(depsOf(ctx), req.params.trackingNo, req.body, ctx.clock())),
    );
  };
}
