import { type ApiContext, type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { fileStream } from '../../http/file-schema.js';
import { EXPORT_CONTENT_TYPES, offendingCsv, offendingFilename, offendingXlsx } from './breakpoint-export.js';
import { type BreakpointReadDeps, listBreakpoints, listUnitQueue } from './breakpoint-list.service.js';
import { type RateSummariesOf, openOffendingExport, reportBreakpointRate } from './breakpoint-rate.service.js';
import { breakpointListFilename, exportBreakpointList } from './breakpoint-list-export.js';
import {
  ZBreakpointExportQuery,
  ZBreakpointListQuery,
  ZBreakpointPage,
  ZBreakpointRateQuery,
  ZBreakpointRateReport,
  ZUnitQueueParams,
  ZUnitQueueQuery,
} from './breakpoint.schemas.js';
import { langOfRequest } from '../../http/error-handler.js';
import type { Lang } from '../../i18n/lang.js';
import { withDetailsIn } from '../../i18n/breakpoint-detail.js';
import type { TBreakpointPage } from './breakpoint.schemas.js';

const JSON_CONTENT_TYPE = 'application/json';

/** A file written while it is read; Fastify sends streams as they are, without a serializer. */

const readDeps = (ctx: ApiContext): BreakpointReadDeps => ({ db: ctx.db, timeZone: ctx.config.timeZone, sites: ctx.sites, now: ctx.clock() });

/** A page of break-points with each detail in the reader's language. */
const inLanguage = (lang: Lang, page: TBreakpointPage): TBreakpointPage => ({ ...page, rows: withDetailsIn(lang, page.rows) });

export const breakpointRoutes = (rateSummariesOf: RateSummariesOf): ApiRoutes => (app, ctx) => {
  app.get(
    '/breakpoints',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listBreakpoints',
        tags: ['breakpoints'],
        summary: 'Break-points, newest first (opened_at desc), filtered and paged by cursor',
        querystring: ZBreakpointListQuery,
        response: { 200: ZBreakpointPage },
      },
    },
    async (req) => inLanguage(langOfRequest(req), await listBreakpoints(readDeps(ctx), req.query, scopeOf(req))),
  );

  app.get(
    '/breakpoints/export',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'exportBreakpoints',
        tags: ['breakpoints'],
        summary: 'Every break-point the list filters match, newest first, as an XLSX (default) or CSV file',
        querystring: ZBreakpointExportQuery,
        response: {
          200: {
            description: 'a file with a header row, then one row per break-point',
            content: {
              'text/csv': { schema: fileStream('UTF-8 with a BOM') },
              [EXPORT_CONTENT_TYPES.xlsx]: { schema: fileStream('one sheet with a frozen header row') },
            },
          },
        },
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', EXPORT_CONTENT_TYPES[req.query.format])
        .header('content-disposition', `attachment; filename="${breakpointListFilename(req.query)}"`)
        .send(exportBreakpointList(readDeps(ctx), req.query, scopeOf(req), langOfRequest(req))),
  );

  app.get(
    '/units/:code/breakpoints',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'listUnitBreakpoints',
        tags: ['breakpoints', 'units'],
        summary: "A unit's open break-points (blamed on it), oldest first, paged by cursor",
        params: ZUnitQueueParams,
        querystring: ZUnitQueueQuery,
        response: { 200: ZBreakpointPage, ...errorAnswers('not_found') },
      },
    },
    async (req) => inLanguage(langOfRequest(req), await listUnitQueue(readDeps(ctx), req.params.code, req.query)),
  );

  app.get(
    '/reports/breakpoint-rate',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getBreakpointRate',
        tags: ['breakpoints', 'reports'],
        summary: 'Break-point rate of a period (DESIGN §5), in total and per unit, city or province',
        description:
          'format=json (default) answers the figures below. format=csv or format=xlsx answers a file of the offending items ' +
          '(one row per open missing-scan break-point of an in-scope item; with groupBy and group, those of that group).',
        querystring: ZBreakpointRateQuery,
        response: {
          200: {
            description: 'the figures (format=json), or a file of the offending items (format=csv|xlsx)',
            content: {
              [JSON_CONTENT_TYPE]: { schema: ZBreakpointRateReport },
              'text/csv': { schema: fileStream('UTF-8 with a BOM; a header row, then one row per break-point') },
              [EXPORT_CONTENT_TYPES.xlsx]: { schema: fileStream('one sheet with a header row') },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const query = req.query;
      const deps = readDeps(ctx);
      // With a response per content type, Fastify picks the serializer by the reply's content type.
      if (query.format === 'json') return reply.header('content-type', `${JSON_CONTENT_TYPE}; charset=utf-8`).send(await reportBreakpointRate(deps, query, rateSummariesOf(ctx.db)));
      const pages = await openOffendingExport(deps, query);
      const lang = langOfRequest(req);
      const file = query.format === 'csv' ? offendingCsv(pages, deps.timeZone, lang) : offendingXlsx(pages, deps.timeZone, lang);
      return reply
        .header('content-type', EXPORT_CONTENT_TYPES[query.format])
        .header('content-disposition', `attachment; filename="${offendingFilename(query, query.format)}"`)
        .send(file);
    },
  );
};
