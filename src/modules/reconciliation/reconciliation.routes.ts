import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { ZReconciliation, ZReconciliationParams, ZReconciliationQuery } from './reconciliation.schemas.js';
import { getOfficeReconciliation, reconciliationDeps } from './reconciliation.service.js';

export const reconciliationRoutes: ApiRoutes = (app, ctx) => {
  app.get(
    '/offices/:code/reconciliation',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getOfficeReconciliation',
        tags: ['reconciliation'],
        summary: "A delivery office's end-of-day balances: inbound vs handed over, held vs taken out, end-of-shift balance",
        params: ZReconciliationParams,
        querystring: ZReconciliationQuery,
        response: { 200: ZReconciliation, ...errorAnswers('not_found') },
      },
    },
    async (req) => getOfficeReconciliation(reconciliationDeps(ctx.db, ctx.config), req.params.code, req.query.date),
  );
};
