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

export interface TrackingDeps {
  db: Db;
  siteName(code: string): string | null;
  timeZone: string;
}

// One answer for "no such item" and "wrong phone digits", so the endpoint cannot be used to learn
// which tracking numbers exist.
const NO_MATCH = 'no item matches this tracking number and phone number';

/**
 * An item's progress for the citizen it is mailed to, who proves it with the last four digits of the
 * phone number given with the request. Only masked data and site names: no operators, no address.
 */
export async function trackForCitizen(deps: TrackingDeps, trackingNo: string, phone4: string): Promise<TPublicTracking> {
  const s10 = parseS10(trackingNo);
  if (!s10.ok) throw new AppError('invalid_request', `trackingNo: ${s10.message}`, [{ field: 'trackingNo', message: s10.message }]);
  const request = await findRequestByTrackingNo(deps.db, trackingNo);
  if (!request || !lastFourMatch(request.phone_masked, phone4)) throw new AppError('not_found', NO_MATCH);
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
