import { findConsignmentNumbers } from '../consignments/consignment.repository.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { AppError } from '../../errors.js';
import { bodyTooLarge, readNdjsonLines } from './ndjson-lines.js';
import { ZScanEvents, ZScanIngestResult } from './scan.schemas.js';
import { type ScanIngestResult, recordScans } from './scan.service.js';
import { localize, msg } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';
import type { FastifyRequest } from 'fastify';

/** An NDJSON request body, still a stream: read line by line while it arrives. */
export class NdjsonBody {
  constructor(readonly stream: AsyncIterable<Buffer | string>) {}
}

export const scanRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/scans',
    {
      config: { permission: 'operate' },
      bodyLimit: ctx.config.maxScanBodyBytes,
      // Lines are checked one by one in the service so that a bad line never fails the good ones; the
      // body schema documents exactly what that check accepts (scan.schemas.ts).
      validatorCompiler: () => (value) => ({ value }),
      schema: {
        operationId: 'recordScans',
        tags: ['scans'],
        summary: 'Record scan events: NDJSON (application/x-ndjson) or a JSON array; answered after commit',
        body: ZScanEvents,
        response: { 200: ZScanIngestResult },
      },
    },
    async (req) => localize(langOfRequest(req), await recordScansOf(req)),
  );

  async function recordScansOf(req: FastifyRequest): Promise<ScanIngestResult> {
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
      throw new AppError('unsupported_media_type', msg('http.scanMediaType'));
    }
    if (!Array.isArray(body)) {
      throw new AppError('invalid_request', msg('http.ndjsonOrArray'));
    }
    return recordScans(deps, body, ctx.clock());
  }
};
