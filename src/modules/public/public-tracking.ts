import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { findDivision } from '../../domain/divisions.js';
import { offsetMinutesAt } from '../../domain/local-day.js';
import { parseS10 } from '../../domain/s10.js';
import { formatInstant, parseInstant } from '../../domain/scan-time.js';
import { AppError } from '../../errors.js';
import { getTimeline } from '../items/item.service.js';
import { getProgram } from '../programs/program.service.js';
import { maskName } from '../../domain/mask-name.js';
import { findRequestByTrackingNo } from '../requests/request.repository.js';
import type { TPublicTracking } from './public.schemas.js';
import { countTrackingTry, deleteExpiredTrackingGuesses, uncountTrackingTry } from './tracking-guess.repository.js';

export interface TrackingDeps {
  db: Db;
  siteName(code: string): string | null;
  timeZone: string;
}

// One answer for "no such item" and "wrong phone digits", so the endpoint cannot be used to learn
// which tracking numbers exist.
const NO_MATCH = 'no item matches this tracking number and phone number';

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
 * Every try is counted against the tracking number before anything is looked up, and taken back only
 * when the digits are right. Past the limit, the number answers the same 404 as wrong digits or an
 * unknown number until its window ends, even for the right digits: the lock tells nothing, and
 * numbers that do not exist lock alike.
 */
export async function trackForCitizen(deps: TrackingDeps, trackingNo: string, phone4: string, now: number): Promise<TPublicTracking> {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw new AppError('invalid_request', `trackingNo: ${s10.message}`, [{ field: 'trackingNo', message: s10.message }]);
  const tries = await countTrackingTry(deps.db, trackingNo, now, PHONE_TRY_WINDOW_MS);
  // A count of one (a new window, or nothing pending): a cheap moment to drop windows that have ended.
  if (tries === 1) await deleteExpiredTrackingGuesses(deps.db, now, PHONE_TRY_WINDOW_MS);
  if (tries > MAX_WRONG_PHONE_TRIES) throw new AppError('not_found', NO_MATCH);
  const request = await findRequestByTrackingNo(deps.db, trackingNo);
  if (!request || !lastFourMatch(request.phone_masked, phone4)) throw new AppError('not_found', NO_MATCH);
  await uncountTrackingTry(deps.db, trackingNo);
  const [timeline, program] = await Promise.all([getTimeline(deps.db, trackingNo, deps.siteName), getProgram(deps.db, request.program_code)]);
  return {
    trackingNo,
    programName: program?.name ?? request.program_code,
    status: timeline.status,
    recipient: { name: maskName(request.name), phone: request.phone_masked },
    destination: request.division_code ? (findDivision(request.division_code)?.fullName ?? null) : null,
    events: timeline.events.map((e) => ({ code: e.code, at: toLocal(e.at, deps.timeZone), siteName: e.siteName, reason: e.reason })),
  };
}

/** The masked phone keeps the last four digits (`139****1234`), so no unsealing is needed to compare. */
function lastFourMatch(phoneMasked: string, phone4: string): boolean {
  const stored = Buffer.from(phoneMasked.slice(-4));
  const given = Buffer.from(phone4);
  return stored.length === given.length && timingSafeEqual(stored, given);
}

function toLocal(at: string, timeZone: string): string {
  const parsed = parseInstant(at);
  return parsed.ok ? formatInstant(parsed.ms, offsetMinutesAt(parsed.ms, timeZone)) : at;
}
