import { z } from 'zod';
import { scopedPartner } from '../../domain/access-scope.js';
import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { AppError } from '../../errors.js';
import { listApiTokens } from './api-token.repository.js';
import { ZApiToken, ZCreateTokenBody, ZTokenCreated, ZTokenParams, showApiToken, showInstant } from './api-token.schemas.js';
import { TOKEN_CACHE_MS, createApiToken, revokeApiToken } from './api-token.service.js';
import { msg } from '../../i18n/message.js';

export const apiTokenRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/tokens',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'createToken',
        tags: ['auth'],
        summary: 'Create an API token (shown once; only its hash is stored)',
        description:
          'Audited as token.create. With expiresInDays, the token is refused like an unknown one from that day on. ' +
          'Role partner needs partner (an existing partner code; 422 unknown_reference otherwise) and sees only what concerns that partner.',
        body: ZCreateTokenBody,
        response: { 201: ZTokenCreated, ...errorAnswers('unknown_reference') },
      },
    },
    async (req, reply) => {
      const { role, name, expiresInDays, partner } = req.body;
      const now = ctx.clock();
      const created = await createApiToken(ctx.db, role, name ?? null, now, { source: 'api', actor: callerActor(req.caller), expiresInDays, partner });
      const expiresAt = created.expiresAt === null ? null : showInstant(created.expiresAt, ctx.config.timeZone);
      return reply.status(201).send({ id: created.id, role, partner: partner ?? null, token: created.token, expiresAt });
    },
  );

  app.get(
    '/tokens',
    {
      config: { permission: 'admin', partners: true },
      schema: {
        operationId: 'listTokens',
        tags: ['auth'],
        summary: 'List API tokens, newest first (never their values, which are not stored); a partner’s credential: its partner’s',
        response: { 200: z.array(ZApiToken) },
      },
    },
    async (req) => {
      const now = ctx.clock();
      return (await listApiTokens(ctx.db, scopedPartner(scopeOf(req)))).map((row) => showApiToken(row, now, ctx.config.timeZone));
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { permission: 'admin', partners: true },
      schema: {
        operationId: 'revokeToken',
        tags: ['auth'],
        summary: 'Revoke an API token (a partner’s credential: one of its partner’s)',
        description:
          'Audited as token.revoke. Revoking a revoked token changes nothing and answers it as stored. The token stops working at once ' +
          `on this server; other servers on the same database may accept it for up to ${TOKEN_CACHE_MS / 1000} s more.`,
        params: ZTokenParams,
        response: { 200: ZApiToken, ...errorAnswers('not_found') },
      },
    },
    async (req) => {
      const now = ctx.clock();
      const row = await revokeApiToken(ctx.db, req.params.id, now, callerActor(req.caller), scopeOf(req));
      return showApiToken(row, now, ctx.config.timeZone);
    },
  );
};

function callerActor(caller: { actor: string } | undefined): string {
  // The /api/v1 hook sets the caller before any handler runs; without one the route was misregistered.
  if (!caller) throw new AppError('unauthorized', msg('access.noCaller'));
  return caller.actor;
}
