import { z } from 'zod';
import { EARLIEST_INSTANT_MS, parseInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import type { ApiRoutes } from '../../http/api-context.js';

/** How far ahead a sweep may be run: tests and drills look days ahead, never years. */
const MAX_SWEEP_AHEAD_DAYS = 366;
const MAX_SWEEP_AHEAD_MS = MAX_SWEEP_AHEAD_DAYS * 86_400_000;

export const breakpointSweepRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/breakpoints/sweep',
    {
      config: { permission: 'admin' },
      schema: {
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
        const parsed = parseInstant(req.body.asOf);
        if (!parsed.ok) throw new AppError('invalid_request', `asOf: ${parsed.message}`, { field: 'asOf' });
        // A sweep far ahead would open every pending silence as if that time had come.
        if (parsed.ms < EARLIEST_INSTANT_MS || parsed.ms > now + MAX_SWEEP_AHEAD_MS) {
          throw new AppError('invalid_request', `asOf: must be from 2000-01-01 to at most ${MAX_SWEEP_AHEAD_DAYS} days after now`, { field: 'asOf' });
        }
        asOf = parsed.ms;
      }
      const result = await ctx.recorder.sweep({ asOf, now });
      if (!result) throw new Error('a sweep without a lease always runs');
      return result;
    },
  );
};
