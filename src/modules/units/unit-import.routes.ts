import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { bodyTooLargeMessage } from '../../http/error-handler.js';
import type { TableSource } from '../../spreadsheets/read-table.js';
import { MAX_UNIT_LIST_BYTES, MAX_UNIT_ROWS, importUnits } from './unit-import.service.js';

// A list may also be sent as the raw body (curl --data-binary @units.csv -H 'Content-Type: text/csv').
const RAW_LIST_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

const ZUnitImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .default(false)
    .describe('true: check every row and count what would happen, store nothing'),
});

const ZUnitImportResult = z.object({
  imported: z.number().describe('rows stored as new units (in a dry run: that would be)'),
  updated: z.number().describe('rows that changed a unit already known'),
  rejectedRows: z.number().describe('rows not stored'),
  rejected: z
    .array(
      z.object({
        row: z.number().describe('row number as the spreadsheet shows it; the header is row 1'),
        column: z.string().optional().describe('the column header as written in the file'),
        message: z.string(),
      }),
    )
    .describe('one entry per rejected row'),
});

export const unitImportRoutes: ApiRoutes = (app, ctx) => {
  // Multipart parsing (and the raw list types) only for this route, not the whole API.
  app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, { limits: { fileSize: MAX_UNIT_LIST_BYTES, files: 1, fields: 10, parts: 20 } });
    scoped.addContentTypeParser(RAW_LIST_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UNIT_LIST_BYTES }, (_req, body, done) => done(null, body));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/units/import',
      {
        config: { permission: 'operate' },
        bodyLimit: MAX_UNIT_LIST_BYTES,
        schema: {
          tags: ['units'],
          summary: 'Import units from a file: multipart field `file`, CSV (UTF-8 or GBK) or XLSX; answered per row',
          description:
            'Columns (any order, Chinese or English headers): code 单位代码, name 单位名称, kind 单位类型 (counter 营业网点, ' +
            'processing_centre 处理中心, delivery_office 揽投部), divisionCode 区划代码, and optionally parentCode 上级单位代码 and ' +
            `endOfShift 收班时间 (HH:MM). Each row is checked as an element of POST /units; good rows are stored even when others are bad. ` +
            `At most ${MAX_UNIT_ROWS} rows.`,
          consumes: ['multipart/form-data', ...RAW_LIST_TYPES],
          querystring: ZUnitImportQuery,
          response: { 200: ZUnitImportResult },
        },
      },
      async (req) => {
        const result = await importUnits(ctx.store, await uploadedList(req), { dryRun: req.query.dryRun, now: ctx.clock() });
        if (!req.query.dryRun && result.imported + result.updated > 0) {
          await ctx.sites.refresh();
          ctx.recorder.unitsChanged();
        }
        return result;
      },
    );
  });
};

/** The list from a multipart upload (field `file`) or a raw body. */
async function uploadedList(req: FastifyRequest): Promise<TableSource> {
  if (Buffer.isBuffer(req.body)) return { bytes: req.body };
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media_type', 'send the list as multipart/form-data with the field "file" (or as the body with Content-Type text/csv or the XLSX type)');
  }
  for await (const part of req.parts()) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file') throw new AppError('invalid_request', `the list must be in the multipart field "file", not "${part.fieldname}"`);
    try {
      return { bytes: await part.toBuffer(), filename: part.filename };
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', bodyTooLargeMessage(MAX_UNIT_LIST_BYTES));
      throw err;
    }
  }
  throw new AppError('invalid_request', 'the multipart body has no field "file" with the list');
}
