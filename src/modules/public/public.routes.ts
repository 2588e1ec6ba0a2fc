import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import type { ApiContext } from '../../http/api-context.js';
import { compiledAnswers } from '../../http/compiled-answer.js';
import { errorAnswers } from '../../http/error-answers.js';
import { describeInvitation } from '../invitations/describe-invitation.js';
import { ZPublicInvitation, ZPublicRequestInput, ZPublicRequestResult } from '../invitations/invitation.schemas.js';
import { requestByInvitation } from '../invitations/redeem-invitation.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { MAX_WRONG_PHONE_TRIES, PHONE_TRY_WINDOW_MS, trackForCitizen } from './public-tracking.js';
import { ZProgramQuery, ZPublicTracking, ZTokenParams, ZTrackingQuery } from './public.schemas.js';
import { msg } from '../../i18n/message.js';

// Citizens' routes: no token, so OpenAPI shows them without the bearer requirement.
const PUBLIC = { tags: ['public'], security: [] };

/**
 * The routes citizens reach without signing in, under /api/v1/public. Register this plugin outside the
 * authenticated /api/v1 plugin. Every route is rate-limited per client IP
 * (SONGDA_PUBLIC_RATE_LIMIT a minute); the limiter is registered inside this plugin, so it applies
 * to these routes only. Behind a proxy, only the proxies listed in SONGDA_TRUST_PROXY are believed about
 * which IP that is. The tracking route also limits tries per tracking number, whatever the address.
 */
export function publicRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    await instance.register(rateLimit, {
      max: ctx.config.publicRateLimitPerMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_req, context) => new AppError('rate_limited', msg('http.rateLimited', { after: context.after })),
    });
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/invitations/*',
      {
        schema: {
          operationId: 'getCitizenInvitation',
          ...PUBLIC,
          summary: "What a citizen's QR link is for: program, masked recipient or document, expiry, whether used",
          description: 'Path: /api/v1/public/invitations/<token>. 400 invitation_invalid (forged or altered), 404 invitation_not_found, 409 invitation_other_program.',
          params: ZTokenParams,
          querystring: ZProgramQuery,
          response: { 200: ZPublicInvitation, ...errorAnswers('invitation_invalid', 'invitation_not_found', 'invitation_other_program', 'rate_limited') },
        },
      },
      async (req) => describeInvitation(ctx, req.params['*'], req.query.program, ctx.clock()),
    );

    app.post(
      '/requests/*',
      {
        schema: {
          operationId: 'createCitizenRequest',
          ...PUBLIC,
          summary: "A citizen's request for mailing through a QR link; answers the tracking number when mailed",
          description:
            'Path: /api/v1/public/requests/<token>. The link works once: 409 invitation_used, 410 invitation_expired, 400 invitation_invalid, 404 invitation_not_found, ' +
            '409 invitation_other_program (when `program` is given and differs). Any refusal changes nothing.',
          params: ZTokenParams,
          body: ZPublicRequestInput,
          response: { 201: ZPublicRequestResult, ...errorAnswers('invitation_invalid', 'invitation_not_found', 'invitation_other_program', 'invitation_used', 'invitation_expired', 'conflict', 'unavailable', 'rate_limited') },
        },
      },
      async (req, reply) => reply.status(201).send(await requestByInvitation(ctx, req.params['*'], req.body, ctx.clock())),
    );

    app.get(
      '/tracking/:trackingNo',
      {
        serializerCompiler: compiledAnswers,
        schema: {
          operationId: 'trackCitizenItem',
          ...PUBLIC,
          summary: "A mailed document's progress for its recipient, proven by the phone number's last 4 digits",
          description:
            'An unknown number and wrong digits get the same 404, so the route tells nothing about which numbers exist. ' +
            `After ${MAX_WRONG_PHONE_TRIES} wrong tries at one number within ${PHONE_TRY_WINDOW_MS / 3_600_000} h, from any addresses, ` +
            'the number answers that same 404 to every try, right digits included, until 24 h after the first wrong one.',
          params: ZTrackingParams,
          querystring: ZTrackingQuery,
          response: { 200: ZPublicTracking, ...errorAnswers('not_found', 'rate_limited') },
        },
      },
      async (req) => trackForCitizen({ db: ctx.db, siteName: (code) => ctx.sites.name(code), timeZone: ctx.config.timeZone }, req.params.trackingNo, req.query.phone4, ctx.clock()),
    );
  };
}
