import { type ApiRoutes, actorOf, scopeOf } from '../../http/api-context.js';
import { formatZoned } from '../../domain/scan-time.js';
import { XLSX_CONTENT_TYPE } from '../../export/table-xlsx.js';
import { errorAnswers } from '../../http/error-answers.js';
import { langOfRequest } from '../../http/error-handler.js';
import { fileStream } from '../../http/file-schema.js';
import { loadedOnFirstCall } from '../../load-on-first-call.js';
import { donationsXlsx, statementXlsx } from './statement-files.js';
import type { StatementHeader } from './statement.model.js';
import {
  createStatement,
  donationReport,
  getStatementInScope,
  headerOf,
  issueStatement,
  listStatementsInScope,
  readStatement,
  statementLinePages,
  voidStatement,
} from './statement.service.js';
import {
  ZDonationReport,
  ZPeriodQuery,
  ZStatement,
  ZStatementHeader,
  ZStatementInput,
  ZStatementList,
  ZStatementListQuery,
  ZStatementPageQuery,
  ZStatementParams,
  ZVoidInput,
} from './statement.schemas.js';

const tags = ['statements'];

/** A header as the API answers it: its instants as ISO 8601 in the configured zone, like every other answer. */
function answerOf<T extends StatementHeader>(header: T, timeZone: string) {
  const at = (ms: number | null) => (ms === null ? null : formatZoned(ms, timeZone));
  return { ...header, createdAt: formatZoned(header.createdAt, timeZone), issuedAt: at(header.issuedAt), voidedAt: at(header.voidedAt) };
}

const FIRST_PAGE = { after: 0, limit: 200 };
const PDF = 'application/pdf';
const statementPdf = loadedOnFirstCall(() => import('./statement-pdf.js'), (m) => m.statementPdf);

const FILES = {
  xlsx: { type: XLSX_CONTENT_TYPE, render: statementXlsx, holds: 'two sheets: 汇总 (payer, period, status, totals) and 明细 (every line, yuan with two decimals)' },
  pdf: { type: PDF, render: statementPdf, holds: 'A4: payer, period and totals box on page 1, then the line table with its header on every page; drafts and void statements marked across every page' },
} as const;

/** Payers' statements and the donation account (decision 0046). */
export const statementRoutes: ApiRoutes = (app, ctx) => {
  const actor = (req: { caller?: { actor: string } }) => ({ handle: ctx.store, actor: actorOf(req), now: ctx.clock(), timeZone: ctx.config.timeZone });

  app.post(
    '/statements',
    {
      config: { permission: 'operate' },
      schema: {
        operationId: 'createStatement',
        tags,
        summary: 'Make a draft statement of one payer for a period of local days: every charge of the payer up to the end of `to` no issued statement holds',
        description:
          'Charges of days before `from` that are still free (they came after their period’s statement was issued, or a void freed them) are lines too, ' +
          'marked `adjustment`. Lines are copied when the draft is made and never change. Answers the statement with its first 200 lines. Audited as statement.create.',
        body: ZStatementInput,
        response: { 201: ZStatement, ...errorAnswers('invalid_request', 'unknown_reference') },
      },
    },
    async (req, reply) => {
      const header = await createStatement(actor(req), req.body);
      return reply.code(201).send(answerOf(await readStatement(ctx.db, header.id, 'all', FIRST_PAGE), ctx.config.timeZone));
    },
  );

  app.get(
    '/statements',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listStatements',
        tags,
        summary: 'Statements, newest first; a partner’s credential reads its own only',
        querystring: ZStatementListQuery,
        response: { 200: ZStatementList, ...errorAnswers('invalid_request') },
      },
    },
    async (req) => {
      const page = await listStatementsInScope(ctx.db, scopeOf(req), req.query);
      return { ...page, statements: page.statements.map((s) => answerOf(s, ctx.config.timeZone)) };
    },
  );

  app.get(
    '/statements/:id',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getStatement',
        tags,
        summary: 'A statement with a page of its lines; another payer’s statement is 404 to a partner',
        params: ZStatementParams,
        querystring: ZStatementPageQuery,
        response: { 200: ZStatement, ...errorAnswers('not_found') },
      },
    },
    async (req) => answerOf(await readStatement(ctx.db, req.params.id, scopeOf(req), req.query), ctx.config.timeZone),
  );

  for (const [ext, file] of Object.entries(FILES)) {
    app.get(
      `/statements/:id.${ext}`,
      {
        config: { permission: 'read', partners: true },
        schema: {
          operationId: ext === 'xlsx' ? 'getStatementXlsx' : 'getStatementPdf',
          tags,
          summary: `The whole statement as ${ext.toUpperCase()}, streamed as its lines are read; another payer’s statement is 404 to a partner`,
          params: ZStatementParams,
          response: { 200: { description: 'the file', content: { [file.type]: { schema: fileStream(file.holds) } } }, ...errorAnswers('not_found') },
        },
      },
      async (req, reply) => {
        const row = await getStatementInScope(ctx.db, req.params.id, scopeOf(req));
        const header = await headerOf(ctx.db, row);
        const name = `statement_${row.payer}_${row.from_day}_${row.to_day}.${ext}`;
        return reply
          .header('content-type', file.type)
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(await file.render(header, statementLinePages(ctx.db, row), langOfRequest(req), { timeZone: ctx.config.timeZone }));
      },
    );
  }

  app.post(
    '/statements/:id/issue',
    {
      config: { permission: 'operate' },
      schema: {
        operationId: 'issueStatement',
        tags,
        summary: 'Issue a draft: its charges are held by it and by no other statement',
        description:
          '409 statement_lines_taken when another issued statement already holds one of its charges (drafts of overlapping periods): `details` is ' +
          '`{heldBy, trackingNos}`, the statement holding them and up to five of them. 409 conflict when it is not a draft. Audited as statement.issue.',
        params: ZStatementParams,
        response: { 200: ZStatementHeader, ...errorAnswers('not_found', 'conflict', 'statement_lines_taken') },
      },
    },
    async (req) => answerOf(await issueStatement(actor(req), req.params.id), ctx.config.timeZone),
  );

  app.post(
    '/statements/:id/void',
    {
      config: { permission: 'operate' },
      schema: {
        operationId: 'voidStatement',
        tags,
        summary: 'Void a draft or an issued statement, with a reason: its charges go into the payer’s next draft',
        description: 'Audited as statement.void with the reason.',
        params: ZStatementParams,
        body: ZVoidInput,
        response: { 200: ZStatementHeader, ...errorAnswers('invalid_request', 'not_found', 'conflict') },
      },
    },
    async (req) => answerOf(await voidStatement(actor(req), req.params.id, req.body.reason), ctx.config.timeZone),
  );

  app.get(
    '/reports/donations',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getDonations',
        tags,
        summary: 'The donations to the veterans’ care fund charged over a period of local days, per program and payer',
        querystring: ZPeriodQuery,
        response: { 200: ZDonationReport, ...errorAnswers('invalid_request') },
      },
    },
    async (req) => donationReport(ctx.db, req.query.from, req.query.to, ctx.config.timeZone),
  );

  app.get(
    '/reports/donations.xlsx',
    {
      config: { permission: 'read' },
      schema: {
        operationId: 'getDonationsXlsx',
        tags,
        summary: 'The donation account of a period as XLSX: a row per program and payer, and the totals',
        querystring: ZPeriodQuery,
        response: { 200: { description: 'the file', content: { [XLSX_CONTENT_TYPE]: { schema: fileStream('one sheet, yuan with two decimals') } } }, ...errorAnswers('invalid_request') },
      },
    },
    async (req, reply) => {
      const report = await donationReport(ctx.db, req.query.from, req.query.to, ctx.config.timeZone);
      return reply
        .header('content-type', XLSX_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="donations_${report.from}_${report.to}.xlsx"`)
        .send(donationsXlsx(report, langOfRequest(req)));
    },
  );
};
