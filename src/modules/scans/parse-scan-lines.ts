import { isValidS10, parseS10 } from '../../domain/s10.js';
import { EARLIEST_INSTANT_MS, parseInstant } from '../../domain/scan-time.js';
import { findForbiddenCharacter } from '../../domain/text.js';
import type { ScanInput } from '../../domain/scan-input.js';
import { SCAN_CODES, type ScanCode } from './scan-event.table.js';

export type { ScanInput } from '../../domain/scan-input.js';

export interface ScanRejection {
  line: number;
  field?: string;
  message: string;
}

export interface ParsedScanBatch {
  scans: ScanInput[];
  rejected: ScanRejection[];
}

/** Scans may be stamped a little ahead of the server's clock (scanner clocks drift), not more. */
export const MAX_FUTURE_SKEW_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const MAX_TEXT = 200;
/** Codes that only a consignment's own number may carry: OPENED ends the reach of its scans into its items. */
export const CONSIGNMENT_SCAN_CODES = ['OPENED'] as const;
export type ConsignmentScanCode = (typeof CONSIGNMENT_SCAN_CODES)[number];
const codes = new Set<string>([...SCAN_CODES, ...CONSIGNMENT_SCAN_CODES]);

export interface ScanLineContext {
  now: number;
  /**
   * How far back a scan may be dated (SONGDA_MAX_SCAN_AGE_DAYS): older ones are rejected, as those
   * in the future are. Without it (the demo and simulations write history), only scans before
   * 2000 are.
   */
  maxAgeMs?: number;
  isKnownSite(code: string): boolean;
}

/**
 * Validates raw scan objects one by one; a bad line is reported with its 1-based number and the field
 * at fault, and never stops the others.
 */
export function validateScans(records: Iterable<{ line: number; value: unknown }>, ctx: ScanLineContext): ParsedScanBatch {
  const scans: ScanInput[] = [];
  const rejected: ScanRejection[] = [];
  for (const { line, value } of records) {
    const result = validateScan(line, value, ctx);
    if ('message' in result) rejected.push(result);
    else scans.push(result);
  }
  return { scans, rejected };
}

export function validateScan(line: number, value: unknown, ctx: ScanLineContext): ScanInput | ScanRejection {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, message: 'each line must be a JSON object' };
  }
  const v = value as Record<string, unknown>;

  const trackingNo = v.trackingNo;
  if (typeof trackingNo !== 'string') return missing(line, 'trackingNo');
  if (!isValidS10(trackingNo)) {
    const parsed = parseS10(trackingNo);
    return { line, field: 'trackingNo', message: parsed.ok ? 'invalid tracking number' : parsed.message };
  }

  const code = v.code;
  if (typeof code !== 'string') return missing(line, 'code');
  if (!codes.has(code)) {
    return { line, field: 'code', message: `unknown scan code "${code}"; expected one of ${SCAN_CODES.join(', ')} (or OPENED for a consignment)` };
  }

  const at = v.at;
  if (typeof at !== 'string') return missing(line, 'at');
  const instant = parseInstant(at);
  if (!instant.ok) return { line, field: 'at', message: instant.message };
  if (instant.ms > ctx.now + MAX_FUTURE_SKEW_MS) {
    return { line, field: 'at', message: `"${at}" is more than 15 minutes in the future` };
  }
  if (ctx.maxAgeMs !== undefined && instant.ms < ctx.now - ctx.maxAgeMs) {
    return { line, field: 'at', message: `"${at}" is more than ${ctx.maxAgeMs / DAY_MS} days old (SONGDA_MAX_SCAN_AGE_DAYS)` };
  }
  if (instant.ms < EARLIEST_INSTANT_MS) return { line, field: 'at', message: `"${at}" is before 2000-01-01` };

  const site = v.site;
  if (typeof site !== 'string') return missing(line, 'site');
  if (!ctx.isKnownSite(site)) return { line, field: 'site', message: `unknown site "${site}"` };

  const operator = optionalText(v.operator);
  if (operator === false) return badText(line, 'operator');
  const reason = optionalText(v.reason);
  if (reason === false) return badText(line, 'reason');
  const nextSite = optionalText(v.nextSite);
  if (nextSite === false) return badText(line, 'nextSite');
  if (nextSite !== null && !ctx.isKnownSite(nextSite)) {
    return { line, field: 'nextSite', message: `unknown site "${nextSite}"` };
  }

  return { line, trackingNo, code: code as ScanCode | ConsignmentScanCode, atMs: instant.ms, atOffsetMin: instant.offsetMin, site, operator, reason, nextSite };
}

function optionalText(value: unknown): string | null | false {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT || findForbiddenCharacter(value)) return false;
  return value;
}

const missing = (line: number, field: string): ScanRejection => ({ line, field, message: `${field} is required and must be a string` });
const badText = (line: number, field: string): ScanRejection => ({
  line,
  field,
  message: `${field} must be one line of plain text of at most ${MAX_TEXT} characters, without control, invisible or direction characters`,
});

/** One NDJSON line as a record; blank → undefined; malformed JSON → a rejection naming the line. */
export function parseNdjsonLine(line: number, text: string): { line: number; value: unknown } | ScanRejection | undefined {
  if (isBlank(text)) return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (err) {
    return { line, message: `malformed JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
