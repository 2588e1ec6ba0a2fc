import { EARLIEST_INSTANT_MS, type ParsedInstant, parseInstant } from '../../domain/scan-time.js';
import { msg } from '../../i18n/message.js';

/** How far ahead a sweep may be run: tests and drills look days ahead, never years. */
export const MAX_SWEEP_AHEAD_DAYS = 366;
const MAX_SWEEP_AHEAD_MS = MAX_SWEEP_AHEAD_DAYS * 86_400_000;

/**
 * The instant a sweep judges silences at, from its text: ISO 8601 with an offset, from 2000-01-01 to
 * a year after `now`. A sweep far ahead would open every pending silence as if that time had come.
 * One check for the API and the command line.
 */
export function parseSweepInstant(text: string, now: number): ParsedInstant {
  const parsed = parseInstant(text);
  if (!parsed.ok) return parsed;
  if (parsed.ms < EARLIEST_INSTANT_MS || parsed.ms > now + MAX_SWEEP_AHEAD_MS) {
    return { ok: false, message: msg('instant.sweepRange', { days: MAX_SWEEP_AHEAD_DAYS }) };
  }
  return parsed;
}
