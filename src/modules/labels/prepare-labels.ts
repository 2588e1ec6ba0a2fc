import { parseS10 } from '../../domain/s10.js';
import { AppError } from '../../errors.js';
import type { LabelData } from '../../pdf/label-pdf.js';
import { type LabelDataDeps, loadLabelData } from './label-data.service.js';
import { MAX_LABELS_PER_REQUEST, type TLabelProblem } from './label.schemas.js';
import { type Message, msg } from '../../i18n/message.js';

type Problem = Omit<TLabelProblem, 'message'> & { message: Message };

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
    throw new AppError('invalid_request', msg('labels.none'), { field: 'trackingNos' });
  }
  if (trackingNos.length > MAX_LABELS_PER_REQUEST) {
    throw new AppError(
      'invalid_request',
      msg('labels.tooMany', { max: MAX_LABELS_PER_REQUEST, given: trackingNos.length }),
      { field: 'trackingNos', limit: MAX_LABELS_PER_REQUEST, given: trackingNos.length },
    );
  }

  const problems: Problem[] = [];
  const malformed = new Map<string, Message>();
  for (const trackingNo of new Set(trackingNos)) {
    const parsed = parseS10(trackingNo);
    if (!parsed.ok) malformed.set(trackingNo, parsed.message);
  }
  const distinct = [...new Set(trackingNos)].filter((t) => !malformed.has(t));
  const { labels, unknown, unprintable } = await loadLabelData(deps, distinct);

  const reasons = new Map<string, Message>([
    ...[...malformed].map(([t, problem]): [string, Message] => [t, msg('labels.malformed', { quoted: JSON.stringify(t), problem })]),
    ...unknown.map((t): [string, Message] => [t, msg('notFound.item', { trackingNo: t })]),
    ...unprintable.map((u): [string, Message] => [u.trackingNo, u.message]),
  ]);
  trackingNos.forEach((trackingNo, index) => {
    const message = reasons.get(trackingNo);
    if (message) problems.push({ index, trackingNo, message });
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => msg('labels.problemAt', { index: p.index, problem: p.message }));
    const more = problems.length > PROBLEMS_IN_MESSAGE ? msg('labels.more', { n: problems.length - PROBLEMS_IN_MESSAGE }) : '';
    throw new AppError(
      'invalid_request',
      msg('labels.cannotPrint', { count: problems.length, total: trackingNos.length, shown, more }),
      problems,
    );
  }
  return distinct.map((t) => labels.get(t)!);
}

/** The label of one item, for `GET /items/:trackingNo/label.pdf`: 400 malformed, 404 unknown, 409 no destination. */
export async function prepareLabel(deps: LabelDataDeps, trackingNo: string): Promise<LabelData> {
  const parsed = parseS10(trackingNo);
  if (!parsed.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'trackingNo', problem: parsed.message }), { field: 'trackingNo' });
  const { labels, unknown, unprintable } = await loadLabelData(deps, [trackingNo]);
  if (unknown.length > 0) throw new AppError('not_found', msg('notFound.item', { trackingNo }));
  const problem = unprintable[0];
  if (problem) throw new AppError('conflict', problem.message);
  return labels.get(trackingNo)!;
}
