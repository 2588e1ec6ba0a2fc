import { type Message, render } from './i18n/message.js';

/**
 * The one error model: services throw AppError; the HTTP layer maps codes to statuses in one place
 * (see `app.ts`), and answers `{ error: { code, message, details? } }`.
 */
export const errorStatus = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  // A well-formed body that names something that does not exist (a token for an unknown partner).
  unknown_reference: 422,
  // Invitation tokens (citizen QR links): each misuse has its own code, so the page can say what to do.
  invitation_invalid: 400,
  invitation_not_found: 404,
  invitation_used: 409,
  invitation_other_program: 409,
  invitation_expired: 410,
  // Idempotency-Key (docs/decisions/0023-idempotency-keys.md): the key was used with another request,
  // or the request that used it is still running.
  idempotency_key_reused: 422,
  idempotency_key_in_flight: 409,
  // A statement holds a charge that another issued statement already bills (decision 0046).
  statement_lines_taken: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * A refusal with its machine-readable `code` and its text as a message key with parameters, rendered
 * in the reader's language by the error handler (`problem`; `message` is the English text, for logs).
 * Messages in `details` are rendered too. Build the text with `msg`:
 * `throw new AppError('not_found', msg('notFound.item', { trackingNo }))`.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly problem: Message,
    readonly details?: unknown,
  ) {
    super(render('en', problem));
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}
