import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../errors.js';
import type { ApiRoutes } from '../../http/api-context.js';
import { bodyTooLargeMessage } from '../../http/error-handler.js';
import { roleAllows } from '../auth/api-token.service.js';
import { ZProgramParams } from '../programs/program.schemas.js';
import type { TableSource } from '../../spreadsheets/read-table.js';
import { MAX_LIST_BYTES, importRecipients } from './import-recipients.js';
import { getRecipient, listProgramRecipients, revealRecipient } from './read-recipients.js';
import { ZImportQuery, ZImportResult, ZRecipient, ZRecipientId, ZRecipientListQuery, ZRecipientPage, ZRecipientQuery } from './recipient.schemas.js';
import { z } from 'zod';

// A list may also be sent as the raw body (curl --data-binary @list.csv -H 'Content-Type: text/csv').
const RAW_LIST_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

export const recipientRoutes: ApiRoutes = (app, ctx) => {
  // Multipart parsing (and the raw list types) only for the import route, not the whole API.
  app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, { limits: { fileSize: MAX_LIST_BYTES, files: 1, fields: 10, parts: 20 } });
    scoped.addContentTypeParser(RAW_LIST_TYPES, { parseAs: 'buffer', bodyLimit: MAX_LIST_BYTES }, (_req, body, done) => done(null, body));
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/programs/:code/recipients/import',
      {
        config: { permission: 'operate' },
        bodyLimit: MAX_LIST_BYTES,
        schema: {
          tags: ['recipients'],
          summary: 'Import a recipient list: multipart field `file`, CSV (UTF-8 or GBK) or XLSX; answered per row',
          consumes: ['multipart/form-data', ...RAW_LIST_TYPES],
          params: ZProgramParams,
          querystring: ZImportQuery,
          response: { 200: ZImportResult },
        },
      },
      async (req) => {
        const source = await uploadedList(req);
        return importRecipients({ store: ctx.store, cipher: ctx.cipher }, req.params.code, source, { dryRun: req.query.dryRun, now: ctx.clock() });
      },
    );
  });

  app.get(
    '/programs/:code/recipients',
    {
      config: { permission: 'read' },
      schema: {
        tags: ['recipients'],
        summary: "A program's recipients, ID and phone numbers masked; paged",
        params: ZProgramParams,
        querystring: ZRecipientListQuery,
        response: { 200: ZRecipientPage },
      },
    },
    async (req) => listProgramRecipients(ctx.db, req.params.code, req.query, ctx.config.timeZone),
  );

  app.get(
    '/recipients/:id',
    {
      // Reading is allowed to every role; ?reveal=true is checked for admin below and audited.
      config: { permission: 'read' },
      schema: {
        tags: ['recipients'],
        summary: 'One recipient, masked; reveal=true shows ID and phone in clear (admin, audited)',
        params: z.object({ id: ZRecipientId }),
        querystring: ZRecipientQuery,
        response: { 200: ZRecipient },
      },
    },
    async (req) => {
      if (!req.query.reveal) return getRecipient(ctx.db, req.params.id, ctx.config.timeZone);
      const caller = req.caller;
      if (!caller || !roleAllows(caller.role, 'admin')) {
        throw new AppError('forbidden', `role ${caller?.role ?? 'unknown'} may not reveal personal data; ask an admin`);
      }
      return revealRecipient({ db: ctx.db, cipher: ctx.cipher }, req.params.id, { actor: caller.actor, at: ctx.clock(), requestId: req.id }, ctx.config.timeZone);
    },
  );
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
      const bytes = await part.toBuffer();
      return { bytes, filename: part.filename };
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', bodyTooLargeMessage(MAX_LIST_BYTES));
      throw err;
    }
  }
  throw new AppError('invalid_request', 'the multipart body has no field "file" with the list');
}
