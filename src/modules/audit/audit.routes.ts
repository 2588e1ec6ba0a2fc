import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { ZAuditPage, ZAuditQuery } from './audit.schemas.js';
import { listAudit } from './list-audit.js';

export const auditRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/audit',
    {
      config: { permission: 'admin', partners: true },
      schema: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: 'The audit log (who saw personal data in clear, …), newest first; paged. A partner’s credential: the rows of its partner',
        querystring: ZAuditQuery,
        response: { 200: ZAuditPage },
      },
    },
    async (req) => listAudit(ctx.db, req.query, ctx.config.timeZone, scopeOf(req)),
  );
};
