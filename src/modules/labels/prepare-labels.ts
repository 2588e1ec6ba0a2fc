import { parseS10 } from '../../domain/s10.js';
import { AppError } from '../../errors.js';
import type { LabelData } from '../../pdf/label-pdf.js';
import { type LabelDataDeps, loadLabelData } from './label-data.service.js';
import { MAX_LABELS_PER_REQUEST, type TLabelProblem } from './label.schemas.js';

/** Problems listed in the error message itself; all of them are in `details`. */
const PROBLEMS_IN_MESSAGE = 5;

/**
 * The labels of a print run, in the order asked, or an error listing every number that cannot be
 * printed (malformed, unknown, or with no destination) so the caller fixes the list in one go:
 * nothing is printed unless everything can be. A number asked twice is printed once, where it
 * first appears: two labels with one number would make two pieces of mail with one identity.
 */
export async function prepareLabels(deps: LabelDataDeps, trackingNos: readonly string[]): Promise<LabelData[]> {
  if (trackingNos.length === 0) {
    throw new AppError('invalid_request', 'trackingNos: list at least one tracking number', { field: 'trackingNos' });
  }
  if (trackingNos.length > MAX_LABELS_PER_REQUEST) {
    throw new AppError(
      'invalid_request',
      `trackingNos: at most ${MAX_LABELS_PER_REQUEST} tracking numbers per request, got ${trackingNos.length}; split the list`,
      { field: 'trackingNos', limit: MAX_LABELS_PER_REQUEST, given: trackingNos.length },
    );
  }

  const problems: TLabelProblem[] = [];
  const malformed = new Map<string, string>();
  for (const trackingNo of new Set(trackingNos)) {
    const parsed = parseS10(trackingNo);
    if (!parsed.ok) malformed.set(trackingNo, parsed.message);
  }
  const distinct = [...new Set(trackingNos)].filter((t) => !malformed.has(t));
  const { labels, unknown, unprintable } = await loadLabelData(deps, distinct);

  const reasons = new Map<string, string>([
    ...[...malformed].map(([t, message]): [string, string] => [t, `${JSON.stringify(t)} is not a valid tracking number: ${message}`]),
    ...unknown.map((t): [string, string] => [t, `item ${t} not found`]),
    ...unprintable.map((u): [string, string] => [u.trackingNo, u.message]),
  ]);
  trackingNos.forEach((trackingNo, index) => {
    const message = reasons.get(trackingNo);
    if (message) problems.push({ index, trackingNo, message });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `[${p.index}] ${p.message}`);
    const more = problems.length > PROBLEMS_IN_MESSAGE ? `; and ${problems.length - PROBLEMS_IN_MESSAGE} more (see details)` : '';
    throw new AppError(
      'invalid_request',
      `${problems.length} of ${trackingNos.length} tracking numbers cannot be printed, so no label was: ${shown.join('; ')}${more}`,
      problems,
    );
  }
  return distinct.map((t) => labels.get(t)!);
}

/** The label of one item, for `GET /items/:trackingNo/label.pdf`: 400 malformed, 404 unknown, 409 no destination. */
export async function prepareLabel(deps: LabelDataDeps, trackingNo: string): Promise<LabelData> {
  const parsed = parseS10(trackingNo);
  if (!parsed.ok) throw new AppError('invalid_request', `trackingNo: ${parsed.message}`, { field: 'trackingNo' });
  const { labels, unknown, unprintable } = await loadLabelData(deps, [trackingNo]);
  if (unknown.length > 0) throw new AppError('not_found', `item ${trackingNo} not found`);
  const problem = unprintable[0];
  if (problem) throw new AppError('conflict', problem.message);
  return labels.get(trackingNo)!;
}
