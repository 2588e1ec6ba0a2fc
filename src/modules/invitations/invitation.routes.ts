import { z } from 'zod';
import { AppError } from '../../errors.js';
import { type Scope, seesProgram } from '../../domain/access-scope.js';
import { type ApiContext, type ApiRoutes, actorOf, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { getProgramInScope } from '../programs/program.service.js';
import { ZProgramParams } from '../requests/request.schemas.js';
import { createInvitations } from './create-invitations.js';
import { qrPng, qrSvg } from './invitation-qr.js';
import { invitationUrl, toInvitationViews, tokenOf } from './invitation-view.js';
import { findInvitation, listProgramInvitations } from './invitation.repository.js';
import { ZCreateInvitations, ZCreatedInvitations, ZInvitationBatch, ZInvitationSelection, ZInvitationView } from './invitation.schemas.js';
import { listInvitationBatches } from './list-invitation-batches.js';
import { msg } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';
import { loadedOnFirstCall } from '../../load-on-first-call.js';

const QR_TYPES = { svg: 'image/svg+xml', png: 'image/png' } as const;

/** A file answer (PDF, image): sent as it is, never through a serializer; described for the API only. */
const binaryFile = (description: string) => z.custom<Buffer | string>().meta({ type: 'string', format: 'binary', description });

const renderInvitationSheet = loadedOnFirstCall(() => import('./invitation-sheet.js'), (m) => m.renderInvitationSheet);

export const invitationRoutes: ApiRoutes = (app, ctx) => {
  app.post(
    '/programs/:code/invitations',
    {
      config: { permission: 'operate', partners: true },
      schema: {
        operationId: 'createInvitations',
        tags: ['invitations'],
        summary: 'Make signed, expiring, single-use QR links: one per listed recipient, one per document, or `count` unbound ones',
        description: 'All or nothing: a recipient not on the list fails the call (details name each element at fault). The answer carries each link, its QR images and the batch for the printable sheet.',
        params: ZProgramParams,
        body: ZCreateInvitations,
        response: { 201: ZCreatedInvitations, ...errorAnswers('not_found', 'conflict') },
      },
    },
    async (req, reply) => reply.status(201).send(await createInvitations(ctx, req.params.code, req.body, { now: ctx.clock(), scope: scopeOf(req), actor: actorOf(req) })),
  );

  app.get(
    '/programs/:code/invitations',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listInvitations',
        tags: ['invitations'],
        summary: 'A batch of invitations (?batch=) or chosen ones (?ids=), with whether each was used',
        params: ZProgramParams,
        querystring: ZInvitationSelection,
        response: { 200: z.array(ZInvitationView), ...errorAnswers('not_found') },
      },
    },
    async (req) => toInvitationViews(ctx, await selectInvitations(ctx, req.params.code, req.query, scopeOf(req))),
  );

  app.get(
    '/programs/:code/invitation-batches',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listInvitationBatches',
        tags: ['invitations'],
        summary: 'The batches of invitations a program has, newest first (at most 200): when, by whom, how many used, open and expired',
        description: 'Reopen one with GET /programs/{code}/invitations?batch= (its links) or its sheet.',
        params: ZProgramParams,
        response: { 200: z.array(ZInvitationBatch), ...errorAnswers('not_found') },
      },
    },
    async (req) => listInvitationBatches(ctx.db, req.params.code, ctx.clock(), ctx.config.timeZone, scopeOf(req)),
  );

  app.get(
    '/programs/:code/invitations/sheet.pdf',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getInvitationSheet',
        tags: ['invitations'],
        summary: 'A printable A4 PDF of QR codes (12 a page) for a batch (?batch=) or chosen invitations (?ids=)',
        params: ZProgramParams,
        querystring: ZInvitationSelection,
        response: { 200: { description: 'the sheet', content: { 'application/pdf': { schema: binaryFile('A4 pages, 12 QR codes each') } } }, ...errorAnswers('not_found') },
      },
    },
    async (req, reply) => {
      const program = await getProgramInScope(ctx.db, req.params.code, scopeOf(req));
      const views = await toInvitationViews(ctx, await selectInvitations(ctx, program.code, req.query, scopeOf(req)));
      const pdf = await renderInvitationSheet({
        programName: program.name,
        timeZone: ctx.config.timeZone,
        now: ctx.clock(),
        lang: langOfRequest(req),
        invitations: views.map((v) => ({ url: v.url, recipient: v.recipient, documentNo: v.documentNo, expiresAt: Date.parse(v.expiresAt) })),
      });
      const name = req.query.batch ? `invitations-${req.query.batch}.pdf` : 'invitations.pdf';
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}"`).send(pdf);
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/invitations/:id/qr.${format}`,
      {
        config: { permission: 'read', partners: true },
        schema: {
          operationId: `getInvitationQr${format === 'svg' ? 'Svg' : 'Png'}`,
          tags: ['invitations'],
          summary: `The QR code of an invitation's link, as ${format.toUpperCase()}`,
          params: z.object({ id: z.string().regex(/^[0-9a-f]{12}-\d{1,4}$/, 'schema.invitationId') }),
          response: { 200: { description: 'the QR code', content: { [QR_TYPES[format]]: { schema: binaryFile('the link of the invitation') } } }, ...errorAnswers('not_found') },
        },
      },
      async (req, reply) => {
        const row = await findInvitation(ctx.db, req.params.id);
        if (!row || !seesProgram(scopeOf(req), row.program_code)) throw new AppError('not_found', msg('notFound.invitation', { id: req.params.id }));
        const url = invitationUrl(ctx.config.publicUrl, tokenOf(ctx.cipher, row));
        return reply.type(QR_TYPES[format]).send(format === 'svg' ? await qrSvg(url) : await qrPng(url));
      },
    );
  }
};

async function selectInvitations(ctx: ApiContext, programCode: string, query: z.infer<typeof ZInvitationSelection>, scope: Scope) {
  if ((query.batch === undefined) === (query.ids === undefined)) {
    throw new AppError('invalid_request', msg('invitation.batchOrIds'), [{ field: 'batch' }]);
  }
  // Outside the caller's scope, a program's invitations are answered as none, like an unknown program's.
  const rows = seesProgram(scope, programCode) ? await listProgramInvitations(ctx.db, programCode, query.batch ? { batch: query.batch } : { ids: query.ids!.split(',') }) : [];
  if (rows.length === 0) throw new AppError('not_found', msg('notFound.invitationsOfProgram', { program: programCode }));
  return rows;
}
