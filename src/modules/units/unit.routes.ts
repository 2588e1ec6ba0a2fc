import { localize } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';
import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { perElementBody } from '../../http/per-element.js';
import { UNIT_KINDS } from './unit.table.js';
import { ZUnit, ZUnitInput, ZUnitUpsertResult } from './unit.schemas.js';
import { getUnits, upsertUnits } from './unit.service.js';

export const MAX_UNITS_PER_REQUEST = 10_000;

export const unitRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/units',
    {
      config: { permission: 'operate' },
      validatorCompiler: perElementBody(MAX_UNITS_PER_REQUEST),
      schema: {
        operationId: 'upsertUnits',
        tags: ['units'],
        summary: 'Create or update units (answer per element)',
        body: z.array(ZUnitInput),
        response: { 200: z.array(ZUnitUpsertResult), ...errorAnswers('conflict') },
      },
    },
    async (req) => {
      const results = await upsertUnits(ctx.db, req.body as unknown[], ctx.clock());
      await ctx.sites.refresh();
      ctx.recorder.unitsChanged();
      return localize(langOfRequest(req), results);
    },
  );

  app.get(
    '/units',
    {
      // The post's network is reference data every label and timeline names, not any partner's: unfiltered.
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listUnits',
        tags: ['units'],
        summary: 'List units',
        querystring: z.object({
          kind: z.enum(UNIT_KINDS).optional(),
          division: z.string().regex(/^\d{2,6}$/).optional().describe('division code prefix, e.g. 42 or 4205'),
        }),
        response: { 200: z.array(ZUnit) },
      },
    },
    async (req) => getUnits(ctx.db, { kind: req.query.kind, divisionPrefix: req.query.division }),
  );
};
