import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus } from '../errors.js';

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The one place that turns errors into HTTP answers. Nothing internal reaches the client. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    // The route's own limit when it has one (POST /scans takes SONGDA_MAX_SCAN_BODY_MB), else the server's.
    const { status, body } = toHttpError(err, req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit);
    if (status >= 500) req.log.error({ err }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const body: ErrorBody = { error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` } };
    return reply.status(404).send(body);
  });
}

function toHttpError(err: FastifyError | AppError, bodyLimit: number | undefined): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return answer(err.code, err.message, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({ field: fieldOf(v.instancePath), message: v.message }));
    const first = details[0];
    const where = err.validationContext ?? 'request';
    return answer('invalid_request', first ? `${where}${first.field ? `.${first.field}` : ''}: ${first.message}` : `invalid ${where}`, details);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer('payload_too_large', bodyTooLargeMessage(bodyLimit));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer('unsupported_media_type', `unsupported Content-Type; use application/json${err.message.includes('x-ndjson') ? '' : ' (or application/x-ndjson for scans)'}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return answer('invalid_request', 'the request body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return answer('invalid_request', `the request body is not valid JSON: ${err.message}`);
  }
  if (isUniqueViolation(err)) {
    // The services check uniqueness first and answer per element; reaching here means another
    // request stored the same thing in the meantime. Nothing of this request was kept.
    return answer('conflict', 'another request stored the same record at the same moment; nothing of this request was kept — send it again');
  }
  if (isUnstorableText(err)) {
    // PostgreSQL refuses NUL (and bytes invalid in UTF-8) in text; the edge's schemas refuse them
    // field by field, and this catches any string that reached the database another way.
    return answer('invalid_request', 'the request holds a character that cannot be stored (NUL or an invalid byte sequence); remove it and send again');
  }
  if (err instanceof SyntaxError) return answer('invalid_request', `the request body is not valid JSON: ${err.message}`);
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status < 500) {
    const code = (Object.keys(errorStatus) as ErrorCode[]).find((c) => errorStatus[c] === status) ?? 'invalid_request';
    return { status, body: { error: { code, message: err.message } } };
  }
  return answer('internal', 'internal error; the request id identifies it in the server log');
}

/** A unique-index violation on either engine (better-sqlite3 and pg report them differently). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** PostgreSQL's character_not_in_repertoire / untranslatable_character: text the database cannot hold. */
function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '22021' || code === '22P05';
}

function answer(code: ErrorCode, message: string, details?: unknown): { status: number; body: ErrorBody } {
  return { status: errorStatus[code], body: { error: details === undefined ? { code, message } : { code, message, details } } };
}

const fieldOf = (instancePath: string) => instancePath.replace(/^\//, '').replaceAll('/', '.');

export function bodyTooLargeMessage(limit: number | undefined): string {
  return `request body is too large (limit ${formatBytes(limit)} for this endpoint); split it into smaller requests`;
}

function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
