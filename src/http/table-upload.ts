import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { TableSource } from '../spreadsheets/read-table.js';
import type { ZodApp } from './api-context.js';
import { bodyTooLargeMessage } from './error-handler.js';
import { bufferedMultipartOf } from './idempotency-body.js';
import { msg } from '../i18n/message.js';

// A list may also be sent as the raw body (curl --data-binary @list.csv -H 'Content-Type: text/csv').
export const RAW_TABLE_TYPES = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'];

/**
 * Registers routes that take a spreadsheet upload (recipient lists, units) in a scope of their own:
 * multipart parsing and the raw list types apply there, not to the whole API.
 */
export function tableUploadScope(app: ZodApp, maxBytes: number, routes: (scoped: ZodApp) => void): void {
  app.register(async (scoped) => {
    await scoped.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20 } });
    scoped.addContentTypeParser(RAW_TABLE_TYPES, { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body));
    routes(scoped);
  });
}

/**
 * The table from a multipart upload (field `file`) or a raw body. Reading it stops when the client's
 * connection closes: a list nobody waits for is not worth a core.
 */
export async function uploadedTable(req: FastifyRequest, maxBytes: number): Promise<TableSource> {
  const cancelled = () => req.raw.socket?.destroyed === true;
  if (Buffer.isBuffer(req.body)) return { bytes: req.body, cancelled };
  if (!req.isMultipart()) {
    throw new AppError('unsupported_media_type', msg('http.uploadMultipart'));
  }
  for await (const part of fileParts(req)) {
    if (part.fieldname !== 'file') throw new AppError('invalid_request', msg('http.uploadWrongField', { field: part.fieldname }));
    try {
      return { bytes: await part.read(), filename: part.filename, cancelled };
    } catch (err) {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large', bodyTooLargeMessage(maxBytes));
      throw err;
    }
  }
  throw new AppError('invalid_request', msg('http.uploadNoFile'));
}

interface FilePart {
  fieldname: string;
  filename: string;
  read(): Promise<Buffer>;
}

/** The file parts of the body: as the Idempotency-Key check already read them, or from the stream. */
async function* fileParts(req: FastifyRequest): AsyncGenerator<FilePart> {
  const buffered = bufferedMultipartOf(req);
  if (!buffered) {
    for await (const part of req.parts()) if (part.type === 'file') yield { fieldname: part.fieldname, filename: part.filename, read: () => part.toBuffer() };
    return;
  }
  for (const part of buffered.parts) {
    if (part.type !== 'file') continue;
    const { bytes, error } = part;
    yield { fieldname: part.fieldname, filename: part.filename, read: async () => (bytes ?? Promise.reject(error)) };
  }
  if (buffered.error !== undefined) throw buffered.error;
}
