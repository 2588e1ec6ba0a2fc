import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { perElementBody } from '../../http/per-element.js';
import { localize } from '../../i18n/message.js';
import type { Caller } from '../auth/api-token.service.js';
import { ZTrackingParams } from '../items/item.schemas.js';
import { getIdMismatchCounts, getItemDelivery, openProofImage } from './delivery-view.js';
import {
  MAX_OUTCOMES_PER_REQUEST,
  ZDeliveryOutcome,
  ZDeliveryResult,
  ZIdMismatchCounts,
  ZIdMismatchQuery,
  ZItemDelivery,
  ZProofImageParams,
  ZProofImageQuery,
} from './delivery.schemas.js';
import { recordDeliveries } from './record-deliveries.js';

const image = (description: string) => z.custom<Buffer>().meta({ type: 'string', format: 'binary', description });

export function callerOf(req: { caller?: Caller }): Caller {
  if (req.caller === undefined) throw new Error('no caller: the route is not behind the /api/v1 authentication hook');
  return req.caller;
}

/**
 * Delivery outcomes with their proof. Open to couriers (`couriers: true`), each route limited to the
 * courier's office; closed to partners.
 */
export const deliveryRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/deliveries',
    {
      config: { permission: 'operate', couriers: true },
      validatorCompiler: perElementBody(MAX_OUTCOMES_PER_REQUEST),
      schema: {
        operationId: 'recordDeliveries',
        tags: ['deliveries'],
        summary: 'Record delivery outcomes with their proof; each writes its DELIVERED, DELIVERY_FAILED or HELD event (answered per element, after commit)',
        description:
          'Each element is checked on its own: its shape, the item, the office (a courier’s own), then what the item’s program requires ' +
          '(recipientOnly, idCheck by keyed hash, activation by its bank; a counter pickup needs the ID number). A rejected element stores nothing ' +
          'and names the field and, when a requirement is why, the requirement. A clientId already stored is a duplicate: nothing is stored again.',
        body: z.array(ZDeliveryOutcome).max(MAX_OUTCOMES_PER_REQUEST),
        response: { 200: ZDeliveryResult, ...errorAnswers('payload_too_large') },
      },
    },
    async (req) =>
      localize(
        langOfRequest(req),
        await recordDeliveries(
          {
            db: ctx.db,
            recorder: ctx.recorder,
            cipher: ctx.cipher,
            isKnownSite: (code) => ctx.sites.has(code),
            maxAgeMs: ctx.config.maxScanAgeMs,
            timeZone: ctx.config.timeZone,
            sms: ctx.config.sms,
          },
          req.body as unknown[],
          callerOf(req),
          ctx.clock(),
        ),
      ),
  );

  app.get(
    '/items/:trackingNo/delivery',
    {
      config: { permission: 'read', couriers: true },
      schema: {
        operationId: 'getItemDelivery',
        tags: ['deliveries'],
        summary: 'What the item’s program requires at the door, and the outcomes recorded with their proof (receiver masked, images by their own audited request)',
        params: ZTrackingParams,
        response: { 200: ZItemDelivery, ...errorAnswers('not_found') },
      },
    },
    async (req) => localize(langOfRequest(req), await getItemDelivery(ctx.db, req.params.trackingNo, callerOf(req))),
  );

  app.get(
    '/items/:trackingNo/delivery/:id/:kind',
    {
      config: { permission: 'read', couriers: true },
      schema: {
        operationId: 'getDeliveryProofImage',
        tags: ['deliveries'],
        summary: 'One image of an outcome’s proof (signature PNG or photo JPEG); each opening is audited (delivery.image_open)',
        params: ZProofImageParams,
        querystring: ZProofImageQuery,
        response: {
          200: { description: 'the image', content: { 'image/png': { schema: image('a signature') }, 'image/jpeg': { schema: image('a photo') } } },
          ...errorAnswers('not_found'),
        },
      },
    },
    async (req, reply) => {
      const opened = await openProofImage(ctx.db, req.params, { caller: callerOf(req), reason: req.query.reason, now: ctx.clock() });
      return reply.type(opened.mediaType).header('cache-control', 'no-store').send(opened.bytes);
    },
  );

  app.get(
    '/deliveries/id-mismatches',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'countIdMismatches',
        tags: ['deliveries'],
        summary: 'Outcomes refused because the ID number was not the recipient’s, counted per office and program over local days (each one is also an audit row delivery.id_mismatch)',
        querystring: ZIdMismatchQuery,
        response: { 200: ZIdMismatchCounts },
      },
    },
    async (req) => getIdMismatchCounts(ctx.db, req.query, ctx.config.timeZone),
  );
};
