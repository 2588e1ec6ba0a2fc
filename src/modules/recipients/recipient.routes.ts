import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import { type ApiRoutes, scopeOf } from '../../http/api-context.js';
import { errorAnswers } from '../../http/error-answers.js';
import { RAW_TABLE_TYPES, tableUploadScope, uploadedTable } from '../../http/table-upload.js';
import { roleAllows } from '../auth/api-token.service.js';
import { ZProgramParams } from '../programs/program.schemas.js';
import { MAX_LIST_BYTES, importRecipients } from './import-recipients.js';
import { getRecipient, listProgramRecipients, revealRecipient } from './read-recipients.js';
import { ZImportQuery, ZImportResult, ZRecipient, ZRecipientId, ZRecipientListQuery, ZRecipientPage, ZRecipientQuery } from './recipient.schemas.js';
import { z } from 'zod';
import { localize, msg } from '../../i18n/message.js';
import { langOfRequest } from '../../http/error-handler.js';

export const recipientRoutes: ApiRoutes = (app, ctx) => {
  tableUploadScope(app, MAX_LIST_BYTES, (scoped) => {
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/programs/:code/recipients/import',
      {
        config: { permission: 'operate', partners: true, idempotent: true },
        bodyLimit: MAX_LIST_BYTES,
        schema: {
          operationId: 'importRecipients',
          tags: ['recipients'],
          summary: 'Import a recipient list: multipart field `file`, CSV (UTF-8 or GBK) or XLSX; answered per row',
          consumes: ['multipart/form-data', ...RAW_TABLE_TYPES],
          params: ZProgramParams,
          querystring: ZImportQuery,
          response: { 200: ZImportResult, ...errorAnswers('not_found', 'conflict') },
        },
      },
      async (req) => {
        const source = await uploadedTable(req, MAX_LIST_BYTES);
        const result = await importRecipients({ store: ctx.store, cipher: ctx.cipher }, req.params.code, source, scopeOf(req), { dryRun: req.query.dryRun, now: ctx.clock() });
        return localize(langOfRequest(req), result);
      },
    );
  });

  app.get(
    '/programs/:code/recipients',
    {
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'listRecipients',
        tags: ['recipients'],
        summary: "A program's recipients, ID and phone numbers masked; paged",
        params: ZProgramParams,
        querystring: ZRecipientListQuery,
        response: { 200: ZRecipientPage, ...errorAnswers('not_found') },
      },
    },
    async (req) => listProgramRecipients(ctx.db, req.params.code, req.query, ctx.config.timeZone, scopeOf(req)),
  );

  app.get(
    '/recipients/:id',
    {
      // Reading is allowed to every role; ?reveal=true is checked for admin below and audited. A partner's
      // credential is refused a reveal before the recipient is looked up, so the refusal says nothing of it.
      config: { permission: 'read', partners: true },
      schema: {
        operationId: 'getRecipient',
        tags: ['recipients'],
        summary: 'One recipient, masked; reveal=true shows ID and phone in clear (admin, audited)',
        params: z.object({ id: ZRecipientId }),
        querystring: ZRecipientQuery,
        response: { 200: ZRecipient, ...errorAnswers('not_found', 'forbidden') },
      },
    },
    async (req) => {
      if (!req.query.reveal) return getRecipient(ctx.db, req.params.id, ctx.config.timeZone, scopeOf(req));
      const caller = req.caller;
      if (!caller || !roleAllows(caller.role, 'admin')) {
        throw new AppError('forbidden', msg('access.mayNotReveal', { role: caller?.role ?? msg('access.unknownRole') }));
      }
      return revealRecipient({ db: ctx.db, cipher: ctx.cipher }, req.params.id, { actor: caller.actor, at: ctx.clock(), requestId: req.id, reason: req.query.reason }, ctx.config.timeZone);
    },
  );
};

