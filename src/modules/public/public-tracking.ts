import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { transactionWithUnawaitedCommit } from '../../db/unawaited-commit.js';
import { findDivision } from '../../domain/divisions.js';
import { parseS10 } from '../../domain/s10.js';
import { formatZoned } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { getItemProgress } from '../items/item.service.js';
import { getProgramName } from '../programs/program.service.js';
import { maskName } from '../../domain/mask-name.js';
import { findRequestByTrackingNo } from '../requests/request.repository.js';
import type { TPublicTracking } from './public.schemas.js';
import { countTrackingTry, countedTrackingTries, deleteExpiredTrackingGuesses } from './tracking-guess.repository.js';
import { msg } from '../../i18n/message.js';

export interface TrackingDeps {
  db: Db;
  siteName(code: string): string | null;
  timeZone: string;
}

// One answer for "no such item" and "wrong phone digits", so the endpoint cannot be used to learn
// which tracking numbers exist.
const NO_MATCH = msg('notFound.trackingAndPhone');

/**
 * Wrong phone digits allowed per tracking number, from any number of addresses, within the window.
 * Four digits are 10,000 guesses: five a day leaves an attacker one chance in 2,000 a day per number.
 */
export const MAX_WRONG_PHONE_TRIES = 5;
export const PHONE_TRY_WINDOW_MS = 24 * 3_600_000;

/**
 * An item's progress for the citizen it is mailed to, who proves it with the last four digits of the
 * phone number given with the request. Only masked data and site names: no operators, no address.
 *
 * Every refused try (unknown number, wrong digits, or a locked number) is counted against the tracking
 * number; past the limit, the number answers the same 404 as wrong digits or an unknown number until
 * its window ends, even for the right digits: the lock tells nothing, and numbers that do not exist
 * lock alike. A try with the right digits writes nothing: it is judged by one read of the count, so a
 * citizen who checks often never locks their own number, and the most frequent call a citizen makes
 * never waits for the disk or for the scan writer's lock.
 *
 * Bursts: the tries at one tracking number are judged one after another, in the order they reached
 * this server, each once the one before it has been counted (`inArrivalOrder`), so a burst of guesses
 * cannot slip a right one past the limit. On SQLite's one connection the statements would keep that
 * order by themselves; on PostgreSQL's pool they do not: a right try's read of the count could run
 * while the refused tries before it still wait on each other for the count's row.
 */
export async function trackForCitizen(deps: TrackingDeps, trackingNo: string, phone4: string, now: number): Promise<TPublicTracking> {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw new AppError('invalid_request', msg('http.fieldProblem', { field: 'trackingNo', problem: s10.message }), [{ field: 'trackingNo', message: s10.message }]);
  const request = await inArrivalOrder(trackingNo, () => judgeTry(deps.db, trackingNo, phone4, now));
  const [progress, programName] = await Promise.all([getItemProgress(deps.db, trackingNo, deps.siteName, 'all'), getProgramName(deps.db, request.program_code)]);
  return {
    trackingNo,
    programName: programName ?? request.program_code,
    status: progress.status,
    recipient: { name: maskName(request.name), phone: request.phone_masked },
    destination: request.division_code ? (findDivision(request.division_code)?.fullName ?? null) : null,
    events: progress.events.map((e) => ({ code: e.code, at: formatZoned(e.atMs, deps.timeZone), siteName: e.siteName, reason: e.reason })),
  };
}

/** The request behind a try with the right digits at a number that is not locked; any other try is counted and refused. */
async function judgeTry(db: Db, trackingNo: string, phone4: string, now: number) {
  const request = await findRequestByTrackingNo(db, trackingNo);
  if (!request || !lastFourMatch(request.phone_masked, phone4)) return refuse(db, trackingNo, now, false);
  if ((await countedTrackingTries(db, trackingNo, now, PHONE_TRY_WINDOW_MS)) >= MAX_WRONG_PHONE_TRIES) return refuse(db, trackingNo, now, true);
  return request;
}

// The last try in line at each tracking number being judged; a number leaves when its line is empty.
const linesByTrackingNo = new Map<string, Promise<void>>();

/**
 * Runs `judge` once the tries at the same number that reached this server before it have been judged
 * (and a refused one counted). Tries at other numbers do not wait. Another server on the same store
 * keeps its own line: between servers, tries that arrive in the same moment are judged in the order
 * the database takes their statements.
 */
function inArrivalOrder<T>(trackingNo: string, judge: () => Promise<T>): Promise<T> {
  const before = linesByTrackingNo.get(trackingNo);
  const mine = before ? before.then(judge) : judge();
  const done = mine.then(
    () => undefined,
    () => undefined,
  );
  linesByTrackingNo.set(trackingNo, done);
  void done.then(() => {
    if (linesByTrackingNo.get(trackingNo) === done) linesByTrackingNo.delete(trackingNo);
  });
  return mine;
}

/** How many numbers have tries waiting or being judged: none once every try is answered. */
export function trackingNumbersInLine(): number {
  return linesByTrackingNo.size;
}

/**
 * Counts a refused try and answers the one 404. A locked number's right digits have read the count
 * already; a wrong try reads it after counting, so that both take the same statements and the time an
 * answer takes does not tell the right digits of a locked number.
 */
async function refuse(db: Db, trackingNo: string, now: number, countReadAlready: boolean): Promise<never> {
  // One commit, and one that does not wait for the disk: on SQLite a waiting commit blocks every
  // other request meanwhile, and guessers choose how many refused tries they send (decision 0030).
  await transactionWithUnawaitedCommit(db, async (trx) => {
    const tries = await countTrackingTry(trx, trackingNo, now, PHONE_TRY_WINDOW_MS);
    // A count of one (a new window): a cheap moment to drop windows that have ended.
    if (tries === 1) await deleteExpiredTrackingGuesses(trx, now, PHONE_TRY_WINDOW_MS);
  });
  if (!countReadAlready) await countedTrackingTries(db, trackingNo, now, PHONE_TRY_WINDOW_MS);
  throw new AppError('not_found', NO_MATCH);
}

/**
 * Whether `phone4` is the last four digits of the masked phone, compared in constant time. The masked
 * phone keeps them (`139****1234`), so no unsealing is needed to compare.
 */
export function lastFourMatch(phoneMasked: string, phone4: string): boolean {
  const stored = Buffer.from(phoneMasked.slice(-4));
  const given = Buffer.from(phone4);
  return stored.length === given.length && timingSafeEqual(stored, given);
}
