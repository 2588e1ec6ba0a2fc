import { PassThrough, type Writable } from 'node:stream';
import { XLSX_CONTENT_TYPE } from '../../export/table-xlsx.js';
import { type ApiContext, type ApiRoutes, actorOf, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { fileStream } from '../../http/file-schema.js';
import type { Lang } from '../../i18n/lang.js';
import { loadedOnFirstCall } from '../../load-on-first-call.js';
import { writeWeeklyReportXlsx } from './weekly-report-xlsx.js';
import type { RateSummariesOf } from '../breakpoints/breakpoint-rate.service.js';
import { type ScopeAsked, type WeeklyDeps, getStoredReport, listWeeklyReports, makeWeeklyReport, resolveScope, storeWeeklyReport, weekAsked } from './weekly-report.service.js';
import { type TWeeklyReport, ZStoredList, ZStoredListQuery, ZStoredParams, ZStoredWeeklyReport, ZWeeklyReport, ZWeeklyReportInput, ZWeeklyReportQuery } from './weekly-report.schemas.js';

const tags = ['reports'];

const writeWeeklyReportPdf = loadedOnFirstCall(() => import('./weekly-report-pdf.js'), (m) => m.writeWeeklyReportPdf);

/** The report as a file: the writer fills a stream the reply sends as it is written. */
const FILES = {
  xlsx: {
    type: XLSX_CONTENT_TYPE,
    holds: 'sheets: summary (every figure, this week, last week, change), by city, by unit, problem items, and notes with each figure’s definition',
    write: writeWeeklyReportXlsx,
  },
  pdf: { type: 'application/pdf', holds: 'A4: the figures, the three charts (daily volumes, delivery rate, break-point rate by city), the tables by city and unit, the problem items', write: writeWeeklyReportPdf },
} as const satisfies Record<string, { type: string; holds: string; write: (r: TWeeklyReport, out: Writable, lang: Lang) => Promise<void> }>;

function fileOf(write: (r: TWeeklyReport, out: Writable, lang: Lang) => Promise<void>, report: TWeeklyReport, lang: Lang): PassThrough {
  const out = new PassThrough();
  // A failure destroys `out` with the error, which ends the reply; nothing is left to handle here.
  write(report, out, lang).catch(() => undefined);
  return out;
}

const fileName = (report: TWeeklyReport, ext: string) => `weekly_${report.week}_${report.scope.kind}_${report.scope.code}.${ext}`;

export const WEEKLY_REPORT_DESCRIPTION =
  'Weeks are ISO weeks (Monday to Sunday) in the configured time zone. The week’s items are the items of the scope registered in the week — a program’s, ' +
  'or those a delivery office of the province or city delivers — followed to the time the report is made. A return delivered back to its sender is a return, not a delivery. ' +
  'The SLA clock starts at the first ACCEPTED scan (the registration, without one) and runs the program’s sla_days × 24 h; items not delivered whose SLA has not run out are not yet counted. ' +
  'The break-point rate is DESIGN §5’s over the week (items whose last event falls in it). Open break-points by unit are those open at the end of the week. ' +
  'Work orders are those opened in the week, as they stand now. previous holds the same figures for the week before, read at the same time; change = figures − previous. ' +
  'Each figure’s definition is in the schema, and in the notes sheet of the XLSX. A partner reads its programs’ reports; a division’s report is for the post’s staff.';

/** Weekly reports (decision 0047); the break-point rate's day summaries are passed in like the rate report's. */
export function weeklyReportRoutes(summariesOf: RateSummariesOf): ApiRoutes {
  const depsOf = (ctx: ApiContext): WeeklyDeps => ({ db: ctx.db, timeZone: ctx.config.timeZone, sites: ctx.sites, now: ctx.clock(), summaries: summariesOf(ctx.db) });
  const scopeAsked = (q: { program?: string; division?: string }): ScopeAsked => (q.program !== undefined ? { program: q.program } : { division: q.division! });

  return (app, ctx) => {
    app.get(
      '/reports/weekly',
      {
        config: { permission: 'read', partners: true },
        schema: {
          operationId: 'getWeeklyReport',
          tags,
          summary: 'A program’s or a province’s or city’s weekly report, made now: the week’s figures, last week’s and the change, by day, city and unit, and the problem items',
          description: WEEKLY_REPORT_DESCRIPTION,
          querystring: ZWeeklyReportQuery,
          response: { 200: ZWeeklyReport, ...errorAnswers('invalid_request', 'forbidden', 'not_found') },
        },
      },
      async (req) => {
        const deps = depsOf(ctx);
        const week = weekAsked(req.query.week, deps.timeZone, deps.now);
        return makeWeeklyReport(deps, await resolveScope(deps, scopeAsked(req.query), scopeOf(req)), week);
      },
    );

    for (const [ext, file] of Object.entries(FILES)) {
      app.get(
        `/reports/weekly.${ext}`,
        {
          config: { permission: 'read', partners: true },
          schema: {
            operationId: ext === 'xlsx' ? 'getWeeklyReportXlsx' : 'getWeeklyReportPdf',
            tags,
            summary: `The weekly report made now, as ${ext.toUpperCase()}`,
            description: WEEKLY_REPORT_DESCRIPTION,
            querystring: ZWeeklyReportQuery,
            response: { 200: { description: 'the file', content: { [file.type]: { schema: fileStream(file.holds) } } }, ...errorAnswers('invalid_request', 'forbidden', 'not_found') },
          },
        },
        async (req, reply) => {
          const deps = depsOf(ctx);
          const week = weekAsked(req.query.week, deps.timeZone, deps.now);
          const report = await makeWeeklyReport(deps, await resolveScope(deps, scopeAsked(req.query), scopeOf(req)), week);
          return reply
            .header('content-type', file.type)
            .header('content-disposition', `attachment; filename="${fileName(report, ext)}"`)
            .send(fileOf(file.write, report, langOfRequest(req)));
        },
      );

      app.get(
        `/reports/weekly/stored/:id.${ext}`,
        {
          config: { permission: 'read', partners: true },
          schema: {
            operationId: ext === 'xlsx' ? 'getStoredWeeklyReportXlsx' : 'getStoredWeeklyReportPdf',
            tags,
            summary: `A stored weekly report, as made, as ${ext.toUpperCase()}; another program’s is 404 to a partner`,
            params: ZStoredParams,
            response: { 200: { description: 'the file', content: { [file.type]: { schema: fileStream(file.holds) } } }, ...errorAnswers('not_found') },
          },
        },
        async (req, reply) => {
          const report = await getStoredReport(depsOf(ctx), req.params.id, scopeOf(req));
          return reply
            .header('content-type', file.type)
            .header('content-disposition', `attachment; filename="${fileName(report, ext)}"`)
            .send(fileOf(file.write, report, langOfRequest(req)));
        },
      );
    }

    app.post(
      '/reports/weekly',
      {
        config: { permission: 'operate' },
        schema: {
          operationId: 'makeWeeklyReport',
          tags,
          summary: 'Make a week’s report now and store it, replacing the stored one of the same week and scope (its id is kept); a program’s sponsor is pushed report.weekly_ready',
          description: WEEKLY_REPORT_DESCRIPTION,
          body: ZWeeklyReportInput,
          response: { 201: ZStoredWeeklyReport, ...errorAnswers('invalid_request', 'not_found') },
        },
      },
      async (req, reply) => {
        const deps = depsOf(ctx);
        const week = weekAsked(req.body.week, deps.timeZone, deps.now);
        const scope = await resolveScope(deps, scopeAsked(req.body), 'all');
        // Not `onlyNew`: a stored report of the week is replaced, so there is always one to answer.
        return reply.code(201).send((await storeWeeklyReport(ctx.store, deps, scope, week, actorOf(req)))!);
      },
    );

    app.get(
      '/reports/weekly/stored',
      {
        config: { permission: 'read', partners: true },
        schema: {
          operationId: 'listWeeklyReports',
          tags,
          summary: 'The stored weekly reports, newest week first: made every Monday at 08:00 for the week before, or on demand',
          querystring: ZStoredListQuery,
          response: { 200: ZStoredList, ...errorAnswers('invalid_request') },
        },
      },
      async (req) => listWeeklyReports(depsOf(ctx), req.query, scopeOf(req)),
    );

    app.get(
      '/reports/weekly/stored/:id',
      {
        config: { permission: 'read', partners: true },
        schema: {
          operationId: 'getStoredWeeklyReport',
          tags,
          summary: 'A stored weekly report, as made; another program’s is 404 to a partner',
          params: ZStoredParams,
          response: { 200: ZWeeklyReport, ...errorAnswers('not_found') },
        },
      },
      async (req) => getStoredReport(depsOf(ctx), req.params.id, scopeOf(req)),
    );
  };
}
