import { z } from 'zod';
import { type ApiContext, type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { AppError } from '../../errors.js';
import { listWebhookDeliveries, replayWebhookDeliveries, retryWebhookDelivery, sendWebhookTestEvent } from './webhook-delivery.service.js';
import { type WebhookActor, createWebhook, deleteWebhook, getWebhookRow, listWebhooks, rotateWebhookSecret, showWebhook, updateWebhook } from './webhook-endpoint.service.js';
import {
  ZCreateWebhookBody,
  ZDeliveriesPage,
  ZDeliveriesQuery,
  ZDeliveryParams,
  ZDelivery,
  ZReplayBody,
  ZReplayed,
  ZSecretRotated,
  ZTestQueued,
  ZUpdateWebhookBody,
  ZWebhook,
  ZWebhookCreated,
  ZWebhookListQuery,
  ZWebhookParams,
} from './webhook.schemas.js';
import { msg } from '../../i18n/message.js';

const tags = ['webhooks'];
// Every route serves partners, each for its own endpoints; another partner's endpoint is answered like an unknown id.
const READ = { permission: 'read', partners: true } as const;
const ADMIN = { permission: 'admin', partners: true } as const;

export const webhookRoutes: ApiRoutes = (app, ctx) => {
  const actorOf = (req: { caller?: { actor: string }; scope?: unknown }): WebhookActor => {
    // The /api/v1 hook sets the caller before any handler runs; without one the route was misregistered.
    if (!req.caller) throw new AppError('unauthorized', msg('access.noCaller'));
    return { db: ctx.db, cipher: ctx.cipher, actor: req.caller.actor, scope: scopeOf(req as never), now: ctx.clock(), timeZone: ctx.config.timeZone, allowHttp: ctx.config.webhooks.allowHttp };
  };
  const reader = (req: object) => ({ db: ctx.db, scope: scopeOf(req), timeZone: ctx.config.timeZone });

  app.post(
    '/webhooks',
    {
      config: ADMIN,
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Add an endpoint pushed the chosen events, signed with its secret (shown once)',
        description: 'Audited as webhook.create. An admin names the partner (422 unknown_reference for an unknown one); a partner’s credential makes one for itself.',
        body: ZCreateWebhookBody,
        response: { 201: ZWebhookCreated },
      },
    },
    async (req, reply) => reply.status(201).send(await createWebhook(actorOf(req), req.body)),
  );

  app.get(
    '/webhooks',
    { config: READ, schema: { operationId: 'listWebhooks', tags, summary: 'List webhook endpoints, oldest first (a partner’s credential: its own)', querystring: ZWebhookListQuery, response: { 200: z.array(ZWebhook) } } },
    async (req) => listWebhooks(reader(req), req.query.partner),
  );

  app.get(
    '/webhooks/:id',
    { config: READ, schema: { operationId: 'getWebhook', tags, summary: 'One webhook endpoint (never its secret)', params: ZWebhookParams, response: { 200: ZWebhook } } },
    async (req) => showWebhook(await getWebhookRow(ctx.db, scopeOf(req), req.params.id), ctx.config.timeZone),
  );

  app.patch(
    '/webhooks/:id',
    {
      config: ADMIN,
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Change an endpoint’s url, events, description, or enable / disable it',
        description: 'Audited as webhook.update. Enabling clears the reason it was disabled and its failing time.',
        params: ZWebhookParams,
        body: ZUpdateWebhookBody,
        response: { 200: ZWebhook },
      },
    },
    async (req) => updateWebhook(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/webhooks/:id',
    {
      config: ADMIN,
      schema: { operationId: 'deleteWebhook', tags, summary: 'Remove an endpoint with its delivery log', description: 'Audited as webhook.delete.', params: ZWebhookParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await deleteWebhook(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      config: ADMIN,
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Make a new signing secret (shown once); the old one keeps signing beside it for 24 h',
        description: 'Audited as webhook.rotate_secret.',
        params: ZWebhookParams,
        response: { 200: ZSecretRotated },
      },
    },
    async (req) => rotateWebhookSecret(actorOf(req), req.params.id),
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      config: READ,
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: 'The delivery log: messages newest first, each with every attempt (time, status code, duration, error); paged',
        params: ZWebhookParams,
        querystring: ZDeliveriesQuery,
        response: { 200: ZDeliveriesPage },
      },
    },
    async (req) => listWebhookDeliveries(reader(req), req.params.id, req.query),
  );

  app.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: ADMIN,
      schema: {
        operationId: 'retryWebhookDelivery',
        tags,
        summary: 'Send a failed or pending message now again, with the same webhook-id and a fresh retry schedule',
        description: '409 conflict for a delivered message: replay it instead.',
        params: ZDeliveryParams,
        response: { 200: ZDelivery },
      },
    },
    async (req) => retryWebhookDelivery(writer(ctx, actorOf(req)), req.params.id, req.params.deliveryId),
  );

  app.post(
    '/webhooks/:id/replay',
    {
      config: ADMIN,
      schema: {
        operationId: 'replayWebhookDeliveries',
        tags,
        summary: 'Send again every message of the endpoint made since an instant (delivered ones too), with their webhook-ids',
        description: 'Audited as webhook.replay.',
        params: ZWebhookParams,
        body: ZReplayBody,
        response: { 200: ZReplayed },
      },
    },
    async (req) => replayWebhookDeliveries(writer(ctx, actorOf(req)), req.params.id, req.body.since),
  );

  app.post(
    '/webhooks/:id/test',
    {
      config: ADMIN,
      schema: {
        operationId: 'sendWebhookTestEvent',
        tags,
        summary: 'Queue a webhook.test event {type, timestamp, data: {endpointId}} for this endpoint alone',
        description: '409 conflict while the endpoint is disabled.',
        params: ZWebhookParams,
        response: { 202: ZTestQueued },
      },
    },
    async (req, reply) => reply.status(202).send(await sendWebhookTestEvent(writer(ctx, actorOf(req)), req.params.id)),
  );
};

const writer = (ctx: ApiContext, a: WebhookActor) => ({ db: ctx.db, scope: a.scope, timeZone: a.timeZone, actor: a.actor, now: a.now });
