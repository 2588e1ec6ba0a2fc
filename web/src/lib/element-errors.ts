import type { FormInstance } from 'antd';
import type { TUpsertResult } from '../api/types';

/** An element the API refused: the field it names (`payerShares.1.partner`) and why. */
export interface ElementError {
  field?: string;
  error: string;
}

export function elementError(result: TUpsertResult | undefined): ElementError | undefined {
  return result && 'error' in result ? { field: result.field, error: result.error } : undefined;
}

/** `payerShares.1.partner` → ['payerShares', 1, 'partner'], as a form names its fields. */
export const fieldPath = (field: string): (string | number)[] => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Shows the API's error next to the field it names, when the form has that field (`fields` are the
 * form's top-level names); answers false when it has not, so the caller shows it above the form.
 * The message keeps the API's words; only the leading `field: ` is dropped, the field being beside it.
 */
export function showElementError(form: FormInstance, problem: ElementError, fields: readonly string[]): boolean {
  if (!problem.field) return false;
  const path = fieldPath(problem.field);
  if (!fields.includes(String(path[0]))) return false;
  const prefix = `${problem.field}: `;
  const message = problem.error.startsWith(prefix) ? problem.error.slice(prefix.length) : problem.error;
  form.setFields([{ name: path, errors: [message] }]);
  form.scrollToField(path);
  return true;
}
