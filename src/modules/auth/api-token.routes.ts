import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { ROLES } from './api-token.table.js';
import { createApiToken } from './api-token.service.js';

export const apiTokenRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/tokens',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (shown once; only its hash is stored)',
        body: z.strictObject({ role: z.enum(ROLES), name: z.string().max(100).optional() }),
        response: { 201: z.object({ id: z.string(), role: z.enum(ROLES), token: z.string() }) },
      },
    },
    async (req, reply) => {
      const created = await createApiToken(ctx.db, req.body.role, req.body.name ?? null, ctx.clock());
      return reply.status(201).send({ ...created, role: req.body.role });
    },
  );
};
