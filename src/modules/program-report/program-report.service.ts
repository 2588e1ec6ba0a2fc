import type { Scope } from '../../domain/access-scope.js';
import type { Db } from '../../db/database.js';
import { formatLocalDate, localDayBounds, parseLocalDate } from '../../domain/local-day.js';
import { AppError } from '../../errors.js';
import { listMailItemProgress } from '../items/mail-item.js';
import { getProgramInScope } from '../programs/program.service.js';
import { type Period, countDocumentInvitations, countListedRecipients, countPeriodRequests, readPeriodRequests, sumPeriodCharges } from './program-report.repository.js';
import type { TProgramReport } from './program-report.schemas.js';
import { msg } from '../../i18n/message.js';

const HOUR_MS = 3_600_000;

/**
 * A program's figures for a period of local days. The period picks requests by when they were made;
 * what became of them (mailed, delivered, charged) is followed to the time of the report, so a late
 * delivery still counts for the period its request belongs to.
 */
export async function programReport(db: Db, programCode: string, range: { from: string; to: string }, timeZone: string, scope: Scope): Promise<TProgramReport> {
  const { from, to, period } = reportPeriod(range, timeZone);
  const program = await getProgramInScope(db, programCode, scope);

  const [conversion, requests, charges] = await Promise.all([
    programConversion(db, program.code, period),
    readPeriodRequests(db, program.code, period),
    sumPeriodCharges(db, program.code, period),
  ]);
  const { issued } = conversion;
  const mailed = requests.trackingNos.length;
  const items = await listMailItemProgress(db, requests.trackingNos);
  const delivered = items.filter((i) => i.deliveredAt !== null).length;
  // From the post's first acceptance to delivery: the post's own time. An item delivered without an
  // acceptance scan, or delivered "before" it was accepted (a scanner's clock), has no such time.
  const hoursToDeliver = items.flatMap((i) =>
    i.deliveredAt === null || i.acceptedAt === null || i.deliveredAt < i.acceptedAt ? [] : [(i.deliveredAt - i.acceptedAt) / HOUR_MS],
  );
  const median = medianOf(hoursToDeliver);
  return {
    programCode: program.code,
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    timeZone,
    issued,
    requests: requests.requests,
    mailed,
    conversionRate: conversion.conversionRate,
    delivered,
    deliveryRate: mailed === 0 ? null : delivered / mailed,
    medianHoursToDeliver: median === null ? null : Math.round(median * 10) / 10,
    timedDeliveries: hoursToDeliver.length,
    suspect: items.filter((i) => i.suspect).length,
    postageFen: charges.postageFen,
    donationFen: charges.donationFen,
  };
}

/**
 * A program's conversion over a period: what it issued (recipients listed, invitations for documents
 * not on the list, requests for documents known from neither), the requests made, and how many of
 * those became items.
 */
export async function programConversion(db: Db, programCode: string, period: Period) {
  const [listed, documentInvitations, requests] = await Promise.all([
    countListedRecipients(db, programCode, period),
    countDocumentInvitations(db, programCode, period),
    countPeriodRequests(db, programCode, period),
  ]);
  const issued = listed + documentInvitations + requests.unlistedDocuments;
  return { requests: requests.requests, issued, mailed: requests.mailed, conversionRate: issued === 0 ? null : requests.mailed / issued };
}

/** The local days of a report as instants: `endMs` exclusive. */
export function reportPeriod(range: { from: string; to: string }, timeZone: string) {
  const from = parseLocalDate(range.from);
  if (!from) throw new AppError('invalid_request', msg('period.notRealDate', { field: 'from', value: range.from }), [{ field: 'from' }]);
  const to = parseLocalDate(range.to);
  if (!to) throw new AppError('invalid_request', msg('period.notRealDate', { field: 'to', value: range.to }), [{ field: 'to' }]);
  const period = { startMs: localDayBounds(from, timeZone).startMs, endMs: localDayBounds(to, timeZone).endMs };
  if (period.endMs <= period.startMs) throw new AppError('invalid_request', msg('period.toBeforeFrom', { to: range.to, from: range.from }), [{ field: 'to' }]);
  return { from, to, period };
}

/** The middle value; for an even count, the mean of the two middle ones. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
