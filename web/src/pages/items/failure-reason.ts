import { parseFailureReason } from '../../../../src/domain/failure-reasons';

/** A failed delivery's reason as a person reads it: the code's label, OTHER with its note; older free text as written. */
export function failureReasonText(reason: string, label: (group: string, value: string) => string): string {
  const parsed = parseFailureReason(reason);
  if (!parsed.ok) return reason;
  return parsed.note === null ? label('reason', parsed.code) : `${label('reason', parsed.code)}：${parsed.note}`;
}
