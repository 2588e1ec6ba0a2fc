import type { ApiRoutes } from '../../http/api-context.js';
import { ZAuditPage, ZAuditQuery } from './audit.schemas.js';
import { listAudit } from './list-audit.js';

export const auditRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/audit',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log (who saw personal data in clear, …), newest first; paged',
        querystring: ZAuditQuery,
        response: { 200: ZAuditPage },
      },
    },
    async (req) => listAudit(ctx.db, req.query, ctx.config.timeZone),
  );
};
