import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
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
 * The message keeps the API's words; only a leading `field: ` (or the end of the field's path, `hours.close：`)
 * is dropped, the field being beside it.
 */
export function showElementError(form: FormInstance, problem: ElementError, fields: readonly string[]): boolean {
  if (!problem.field) return false;
  const path = fieldPath(problem.field);
  if (!fields.includes(String(path[0]))) return false;
  const named = /^([\w.]+)\s?[:：]\s*/.exec(problem.error);
  const message = named && (problem.field === named[1] || problem.field.endsWith(`.${named[1]}`)) ? problem.error.slice(named[0].length) : problem.error;
  form.setFields([{ name: path, errors: [message] }]);
  form.scrollToField(path);
  return true;
}

/** The refusals an API error names field by field: `details: [{field, message}]`, as a schema's or a work calendar's. */
export function fieldProblems(error: unknown): ElementError[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return (error.details as unknown[]).flatMap((d): ElementError[] => {
    const r = (typeof d === 'object' && d !== null ? d : {}) as { field?: unknown; message?: unknown };
    return typeof r.field === 'string' && r.field !== '' && typeof r.message === 'string' ? [{ field: r.field, error: r.message }] : [];
  });
}

/**
 * Each refusal of a save beside the field it names; false when one (or the error itself) names no field
 * of the form, so that the caller shows the error above it.
 */
export function showFieldErrors(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  const problems = fieldProblems(error);
  return problems.length > 0 && problems.map((p) => showElementError(form, p, fields)).every(Boolean);
}
