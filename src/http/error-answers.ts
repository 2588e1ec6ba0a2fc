import { z } from 'zod';
import { type ErrorCode, errorStatus } from '../errors.js';

/** What each code tells a client, for the API description's error answers. */
const MEANINGS: Record<ErrorCode, string> = {
  invalid_request: 'the request is malformed or a value is refused; details name the fields',
  unauthorized: 'no credential, or an unknown, expired or revoked one',
  forbidden: 'the credential’s role may not use this route (or a cookie request that changes something lacks its CSRF header)',
  not_found: 'no such object, or one outside the caller’s scope (answered alike)',
  conflict: 'the request contradicts what is stored (already exists, already done, or stored by another request at the same moment)',
  payload_too_large: 'the body exceeds this route’s limit',
  unsupported_media_type: 'the Content-Type is not one this route reads',
  unknown_reference: 'the body names something that does not exist',
  invitation_invalid: 'the link is forged, altered or incomplete',
  invitation_not_found: 'the link names no invitation',
  invitation_used: 'the link has been used already',
  invitation_other_program: 'the link belongs to another program',
  invitation_expired: 'the link has expired',
  statement_lines_taken: 'another issued statement already bills one of these charges; the message names them and that statement',
  rate_limited: 'too many requests; wait (Retry-After when given) and try again',
  internal: 'a fault; the request id identifies it in the server log',
  idempotency_key_reused: 'this Idempotency-Key was used in the last 24 h for a different request; use a new key',
  idempotency_key_in_flight: 'a request with this Idempotency-Key is still running; ask again when it has answered',
  unavailable: 'a resource is exhausted for now (e.g. no tracking numbers left); try again later',
};

const codesOfAnswer = new WeakMap<z.ZodType, readonly ErrorCode[]>();

/**
 * The one error model's body (src/errors.ts, src/http/error-handler.ts) for an answer carrying `codes`.
 * The code is a plain string when the body is serialized — an error answer is never turned into a 500
 * because a code was left out of the description — and an enum in the API description.
 */
function errorBody(codes: readonly ErrorCode[]): z.ZodType {
  const body = z
    .object({
      error: z.object({
        code: z.string().meta({ enum: [...codes] }),
        message: z.string().describe('for people; clients decide by `code`'),
        details: z.unknown().optional().describe('what is at fault, e.g. [{field, message}] or the elements at fault'),
      }),
    })
    .describe(codes.map((c) => `\`${c}\`: ${MEANINGS[c]}`).join('; '));
  codesOfAnswer.set(body, codes);
  return body;
}

/**
 * The error answers of a route, by the codes its services throw: `response: { 200: ZX, ...errorAnswers('not_found') }`.
 * Codes are grouped by their HTTP status. The answers every route of a kind gives at the edge
 * (400 for refused input, 401/403, 413/415 for a body) are added by the API description itself
 * (src/http/openapi.ts); list them here only when a service throws them too.
 */
export function errorAnswers(...codes: ErrorCode[]): Record<number, z.ZodType> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = errorStatus[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries([...byStatus].map(([status, group]) => [status, errorBody(group)]));
}

/** The codes an answer made by `errorAnswers` carries; undefined for any other schema. */
export function codesOf(answer: unknown): readonly ErrorCode[] | undefined {
  return answer instanceof z.ZodType ? codesOfAnswer.get(answer) : undefined;
}

/** `answers` with `codes` added, merged into the answer of the same status when the route has one. */
export function withErrorCodes(answers: Readonly<Record<string, unknown>>, codes: readonly ErrorCode[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...answers };
  for (const [status, answer] of Object.entries(errorAnswers(...codes))) {
    const own = merged[status];
    if (own !== undefined && codesOf(own) === undefined) continue;
    merged[status] = own === undefined ? answer : errorAnswers(...(codesOf(own) ?? []), ...(codesOf(answer) ?? []))[Number(status)];
  }
  return merged;
}
