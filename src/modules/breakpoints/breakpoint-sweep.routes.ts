import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { parseSweepInstant } from './sweep-instant.js';
import { msg } from '../../i18n/message.js';

export const breakpointSweepRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/breakpoints/sweep',
    {
      config: { permission: 'admin' },
      schema: {
        operationId: 'sweepBreakpoints',
        tags: ['breakpoints'],
        summary: 'Open the silence break-points visible at asOf (default now)',
        body: z.strictObject({ asOf: z.string().optional().describe('ISO 8601 with an offset') }).optional(),
        response: { 200: z.object({ opened: z.number(), closed: z.number() }) },
      },
    },
    async (req) => {
      const now = ctx.clock();
      let asOf = now;
      if (req.body?.asOf !== undefined) {
        const parsed = parseSweepInstant(req.body.asOf, now);
        if (!parsed.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'asOf', problem: parsed.message }), { field: 'asOf' });
        asOf = parsed.ms;
      }
      const result = await ctx.recorder.sweep({ asOf, now });
      if (!result) throw new Error('a sweep without a lease always runs');
      return result;
    },
  );
};
