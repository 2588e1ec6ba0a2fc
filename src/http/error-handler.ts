import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, errorStatus } from '../errors.js';
import { type Lang, langOf } from '../i18n/lang.js';
import { type Message, localize, msg, render } from '../i18n/message.js';
import { validationProblems } from './validation-messages.js';

interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** The cookie the console sets to its language, for what the browser fetches by itself (export downloads are plain links). */
export const LANG_COOKIE = 'songda_lang';

/** The reader's language: the console's choice when its cookie says one, else the request's Accept-Language (zh-CN unless English is preferred). */
export function langOfRequest(req: FastifyRequest): Lang {
  const chosen = (req.cookies as Record<string, string | undefined> | undefined)?.[LANG_COOKIE];
  if (chosen === 'en' || chosen === 'zh-CN') return chosen;
  return langOf(req.headers['accept-language']);
}

/** The one place that turns errors into HTTP answers, in the reader's language. Nothing internal reaches the client. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    // The route's own limit when it has one (POST /scans takes SONGDA_MAX_SCAN_BODY_MB), else the server's.
    const { status, body } = toHttpError(err, req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit, langOfRequest(req));
    if (status >= 500) req.log.error({ err }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    const message = msg('http.noRoute', { method: req.method, path: req.url.split('?')[0] ?? '' });
    const body: ErrorBody = { error: { code: 'not_found', message: render(langOfRequest(req), message) } };
    return reply.status(404).send(body);
  });
}

function toHttpError(err: FastifyError | AppError, bodyLimit: number | undefined, lang: Lang): { status: number; body: ErrorBody } {
  const answer = (code: ErrorCode, message: Message, details?: unknown) => ({
    status: errorStatus[code],
    body: { error: details === undefined ? { code, message: render(lang, message) } : { code, message: render(lang, message), details: localize(lang, details) } },
  });
  if (err instanceof AppError) return answer(err.code, err.problem, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const { message, details } = validationProblems(err.validation, err.validationContext);
    return answer('invalid_request', message, details);
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return answer('payload_too_large', bodyTooLargeMessage(bodyLimit));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return answer('unsupported_media_type', msg(err.message.includes('x-ndjson') ? 'http.mediaTypeJson' : 'http.mediaTypeJsonOrNdjson'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return answer('invalid_request', msg('http.emptyBody'));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return answer('invalid_request', msg('http.badJson', { detail: err.message }));
  }
  if (isUniqueViolation(err)) {
    // The services check uniqueness first and answer per element; reaching here means another
    // request stored the same thing in the meantime. Nothing of this request was kept.
    return answer('conflict', msg('http.conflictSameMoment'));
  }
  if (isUnstorableText(err)) {
    // PostgreSQL refuses NUL (and bytes invalid in UTF-8) in text; the edge's schemas refuse them
    // field by field, and this catches any string that reached the database another way.
    return answer('invalid_request', msg('http.unstorableText'));
  }
  if (err instanceof SyntaxError) return answer('invalid_request', msg('http.badJson', { detail: err.message }));
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status < 500) {
    // A refusal by a Fastify plugin: its own text is English, so a Chinese reader gets a plain sentence with the status.
    const code = (Object.keys(errorStatus) as ErrorCode[]).find((c) => errorStatus[c] === status) ?? 'invalid_request';
    return { status, body: { error: { code, message: lang === 'en' ? err.message : render(lang, msg('http.refused', { status })) } } };
  }
  return answer('internal', msg('http.internal'));
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

export function bodyTooLargeMessage(limit: number | undefined): Message {
  return msg('http.bodyTooLarge', { limit: formatBytes(limit) });
}

function formatBytes(n: number | undefined): string | Message {
  if (n === undefined) return msg('http.sizeUnknown');
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${Math.round(n / 1024)} KiB`;
}
