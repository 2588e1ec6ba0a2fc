/**
 * Why a delivery attempt failed: one list of codes (UPU's rule that a failed delivery carries a
 * reason), each labelled by the catalog key `reason.<CODE>` in Chinese and English. `OTHER` carries a
 * note, stored with the code as `OTHER:<note>`, so that a scan line's one `reason` field holds both.
 */
export const FAILURE_REASONS = [
  'RECIPIENT_ABSENT',
  'ADDRESS_INCORRECT',
  'REFUSED',
  'PHONE_UNREACHABLE',
  'RESCHEDULE_REQUESTED',
  'ID_MISMATCH',
  'BUSINESS_CLOSED',
  'OTHER',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

const CODES = new Set<string>(FAILURE_REASONS);
const OTHER_PREFIX = 'OTHER:';

/** A stored reason read back: its code and, for OTHER, the note. */
export type ParsedReason = { ok: true; code: FailureReason; note: string | null } | { ok: false; problem: 'unknown' | 'otherNeedsNote' };

/** Reads a failed delivery's reason as stored or sent on a scan line: `CODE`, or `OTHER:note`. */
export function parseFailureReason(text: string): ParsedReason {
  if (CODES.has(text)) return text === 'OTHER' ? { ok: false, problem: 'otherNeedsNote' } : { ok: true, code: text as FailureReason, note: null };
  if (text.startsWith(OTHER_PREFIX)) {
    const note = text.slice(OTHER_PREFIX.length).trim();
    return note === '' ? { ok: false, problem: 'otherNeedsNote' } : { ok: true, code: 'OTHER', note };
  }
  return { ok: false, problem: 'unknown' };
}

/** The one way a reason is written into an event: the code, with OTHER's note after a colon. */
export function failureReasonText(code: FailureReason, note: string | null): string {
  return code === 'OTHER' ? `${OTHER_PREFIX}${note ?? ''}` : code;
}
