import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiRoutes } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { RAW_TABLE_TYPES, tableUploadScope, uploadedTable } from '../../http/table-upload.js';
import { localize } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';
import { MAX_UNIT_LIST_BYTES, MAX_UNIT_ROWS, importUnits } from './unit-import.service.js';

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
  tableUploadScope(app, MAX_UNIT_LIST_BYTES, (scoped) => {
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/units/import',
      {
        config: { permission: 'operate' },
        bodyLimit: MAX_UNIT_LIST_BYTES,
        schema: {
          operationId: 'importUnits',
          tags: ['units'],
          summary: 'Import units from a file: multipart field `file`, CSV (UTF-8 or GBK) or XLSX; answered per row',
          description:
            'Columns (any order, Chinese or English headers): code 单位代码, name 单位名称, kind 单位类型 (counter 营业网点, ' +
            'processing_centre 处理中心, delivery_office 揽投部), divisionCode 区划代码, and optionally parentCode 上级单位代码 and ' +
            `endOfShift 收班时间 (HH:MM). Each row is checked as an element of POST /units; good rows are stored even when others are bad. ` +
            `At most ${MAX_UNIT_ROWS} rows.`,
          consumes: ['multipart/form-data', ...RAW_TABLE_TYPES],
          querystring: ZUnitImportQuery,
          response: { 200: ZUnitImportResult, ...errorAnswers('conflict') },
        },
      },
      async (req) => {
        const result = await importUnits(ctx.store, await uploadedTable(req, MAX_UNIT_LIST_BYTES), { dryRun: req.query.dryRun, now: ctx.clock() });
        if (!req.query.dryRun && result.imported + result.updated > 0) {
          await ctx.sites.refresh();
          ctx.recorder.unitsChanged();
        }
        return localize(langOfRequest(req), result);
      },
    );
  });
};

