import { z } from 'zod';
import { findConsignmentNumbers } from '../consignments/consignment.repository.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { AppError } from '../../errors.js';
import { SCAN_CODES } from './scan-event.table.js';
import { bodyTooLarge, readNdjsonLines } from './ndjson-lines.js';
import { recordScans } from './scan.service.js';

/** An NDJSON request body, still a stream: read line by line while it arrives. */
export class NdjsonBody {
  constructor(readonly stream: AsyncIterable<Buffer | string>) {}
}

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
      const body: unknown = req.body;
      const deps = {
        recorder: ctx.recorder,
        sites: ctx.sites,
        consignmentsAmong: (nos: string[]) => findConsignmentNumbers(ctx.db, nos),
        maxScanAgeMs: ctx.config.maxScanAgeMs,
      };
      if (body instanceof NdjsonBody) {
        const maxBytes = ctx.config.maxScanBodyBytes;
        if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw bodyTooLarge(maxBytes);
        return recordScans(deps, readNdjsonLines(body.stream, maxBytes), ctx.clock());
      }
      // Fastify also parses text/plain into a string; only application/x-ndjson is read as NDJSON.
      if (typeof body === 'string') {
        throw new AppError('unsupported_media_type', 'unsupported Content-Type; send NDJSON as application/x-ndjson or a JSON array as application/json');
      }
      if (!Array.isArray(body)) {
        throw new AppError('invalid_request', 'send NDJSON (Content-Type: application/x-ndjson) or a JSON array of events');
      }
      return recordScans(deps, body, ctx.clock());
    },
  );
};
