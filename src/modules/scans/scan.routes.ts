import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { AppError } from '../../errors.js';
import { SCAN_CODES } from './scan-event.table.js';
import { recordScans } from './scan.service.js';

const ZScanEvent = z.object({
  trackingNo: z.string().describe('S10, e.g. EA123456785CN'),
  code: z.enum(SCAN_CODES),
  at: z.string().describe('ISO 8601 with a UTC offset, e.g. 2026-11-21T09:30:00+08:00'),
  site: z.string().describe('unit code'),
  operator: z.string().optional(),
  reason: z.string().optional(),
  nextSite: z.string().optional(),
});

const ZScanIngestResult = z.object({
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.array(z.object({ line: z.number(), field: z.string().optional(), message: z.string() })),
});

export const scanRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/scans',
    {
      config: { permission: 'operate' },
      bodyLimit: ctx.config.maxScanBodyBytes,
      // Lines are checked one by one in the service so that a bad line never fails the good ones.
      validatorCompiler: () => (value) => ({ value }),
      schema: {
        tags: ['scans'],
        summary: 'Record scan events: NDJSON (application/x-ndjson) or a JSON array; answered after commit',
        body: z.array(ZScanEvent),
        response: { 200: ZScanIngestResult },
      },
    },
    async (req) => {
      const body = req.body;
      // Fastify also parses text/plain into a string; only application/x-ndjson is read as NDJSON.
      if (typeof body === 'string' && !/^application\/x-ndjson\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
        throw new AppError('unsupported_media_type', 'unsupported Content-Type; send NDJSON as application/x-ndjson or a JSON array as application/json');
      }
      if (typeof body !== 'string' && !Array.isArray(body)) {
        throw new AppError('invalid_request', 'send NDJSON (Content-Type: application/x-ndjson) or a JSON array of events');
      }
      return recordScans({ recorder: ctx.recorder, sites: ctx.sites }, body, ctx.clock());
    },
  );
};
