import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { type Message, msg } from '../i18n/message.js';
import { issueMessage } from './validation-messages.js';

/** The first problem zod found, as `{field, error}` for a per-element answer. */
export function firstIssue(error: z.ZodError): { field?: string; error: Message } {
  const issue = error.issues[0];
  if (!issue) return { error: msg('validation.invalid') };
  const field = issue.path.map(String).join('.');
  const problem = issueMessage(issue.code, issue.message, { ...issue });
  return field ? { field, error: msg('http.fieldProblem', { field, problem }) } : { error: problem };
}

/**
 * For bulk endpoints that answer per element: the body schema documents the element, but only "an
 * array of at most N" is checked at the edge; each element is then checked on its own by the service,
 * so one bad element never fails the good ones. Other parts (query, params) are validated as usual.
 */
export function perElementBody(maxElements: number): FastifySchemaCompiler<unknown> {
  return (route) => {
    if (route.httpPart !== 'body') return validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return (body: unknown) => {
      if (!Array.isArray(body)) return { error: new AppError('invalid_request', msg('http.bodyNotArray')) };
      if (body.length > maxElements) {
        return { error: new AppError('payload_too_large', msg('http.tooManyElements', { max: maxElements, given: body.length })) };
      }
      return { value: body };
    };
  };
}
