import { FAILURE_REASONS, parseFailureReason } from '../../domain/failure-reasons.js';
import { isValidS10, parseS10 } from '../../domain/s10.js';
import { EARLIEST_INSTANT_MS, parseInstant } from '../../domain/scan-time.js';
import type { ScanInput } from '../../domain/scan-input.js';
import { countCharacters, findForbiddenCharacter } from '../../domain/text.js';
import { SCAN_CODES, type ScanCode } from './scan-event.table.js';
import {
  CONSIGNMENT_SCAN_CODES,
  type ConsignmentScanCode,
  MAX_FUTURE_SKEW_MS,
  MAX_SCAN_TEXT,
  type OptionalScanField,
  type RequiredScanField,
  SCAN_LINE_CODES,
  SCAN_LINE_FIELDS,
  type ScanLineField,
} from './scan.schemas.js';
import { type Message, msg } from '../../i18n/message.js';

// What a line may hold is written once, in scan.schemas.ts (the route's OpenAPI schema comes from
// it); this file reads the codes, lengths and required fields from there.
export { CONSIGNMENT_SCAN_CODES, type ConsignmentScanCode, MAX_FUTURE_SKEW_MS };

export type { ScanInput } from '../../domain/scan-input.js';

export interface ScanRejection {
  line: number;
  field?: ScanLineField;
  message: Message;
}

export interface ParsedScanBatch {
  scans: ScanInput[];
  rejected: ScanRejection[];
}

const DAY_MS = 86_400_000;
const codes = new Set<string>(SCAN_LINE_CODES);
const FUTURE_MINUTES = MAX_FUTURE_SKEW_MS / 60_000;
const MAX_OPERATOR = SCAN_LINE_FIELDS.operator.maxLength;
const MAX_REASON = SCAN_LINE_FIELDS.reason.maxLength;

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
    return { line, message: msg('scan.notObject') };
  }
  const v = value as Record<string, unknown>;

  const trackingNo = v.trackingNo;
  if (typeof trackingNo !== 'string') return missing(line, 'trackingNo');
  if (!isValidS10(trackingNo)) {
    const parsed = parseS10(trackingNo);
    return { line, field: 'trackingNo', message: parsed.ok ? msg('s10.invalid') : parsed.message };
  }

  const code = v.code;
  if (typeof code !== 'string') return missing(line, 'code');
  if (!codes.has(code)) {
    return { line, field: 'code', message: msg('scan.unknownCode', { code, codes: SCAN_CODES.join(', '), consignmentCodes: CONSIGNMENT_SCAN_CODES.join(', ') }) };
  }

  const at = v.at;
  if (typeof at !== 'string') return missing(line, 'at');
  const instant = parseInstant(at);
  if (!instant.ok) return { line, field: 'at', message: instant.message };
  if (instant.ms > ctx.now + MAX_FUTURE_SKEW_MS) {
    return { line, field: 'at', message: msg('scan.future', { at, minutes: FUTURE_MINUTES }) };
  }
  if (ctx.maxAgeMs !== undefined && instant.ms < ctx.now - ctx.maxAgeMs) {
    return { line, field: 'at', message: msg('scan.tooOld', { at, days: ctx.maxAgeMs / DAY_MS }) };
  }
  if (instant.ms < EARLIEST_INSTANT_MS) return { line, field: 'at', message: msg('scan.before2000', { at }) };

  const site = v.site;
  if (typeof site !== 'string') return missing(line, 'site');
  if (!ctx.isKnownSite(site)) return { line, field: 'site', message: msg('scan.unknownSite', { site }) };

  const operator = optionalText(v.operator, MAX_OPERATOR);
  if (operator === false) return badText(line, 'operator', MAX_OPERATOR);
  const reason = optionalText(v.reason, MAX_REASON);
  if (reason === false) return badText(line, 'reason', MAX_REASON);
  if (reason !== null && code === 'DELIVERY_FAILED') {
    const parsed = parseFailureReason(reason);
    if (!parsed.ok) return { line, field: 'reason', message: parsed.problem === 'unknown' ? msg('reason.unknown', { codes: FAILURE_REASONS.join(', ') }) : msg('reason.otherNeedsNote') };
  }
  // No unit code is this long (the schema says so); the text check keeps an absurd value out of the message below.
  const nextSite = optionalText(v.nextSite, MAX_SCAN_TEXT);
  if (nextSite === false) return badText(line, 'nextSite', MAX_SCAN_TEXT);
  if (nextSite !== null && !ctx.isKnownSite(nextSite)) {
    return { line, field: 'nextSite', message: msg('scan.unknownSite', { site: nextSite }) };
  }

  return { line, trackingNo, code: code as ScanCode | ConsignmentScanCode, atMs: instant.ms, atOffsetMin: instant.offsetMin, site, operator, reason, nextSite };
}

/** Lengths count characters, as the schema's maxLength does; UTF-16 units are never fewer, so most texts are not counted at all. */
function optionalText(value: unknown, max: number): string | null | false {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || (value.length > max && countCharacters(value) > max) || findForbiddenCharacter(value)) return false;
  return value;
}

// Typed by the field table: a field made optional there (or required) no longer compiles here.
const missing = (line: number, field: RequiredScanField): ScanRejection => ({ line, field, message: msg('scan.missing', { field }) });
const badText = (line: number, field: OptionalScanField, max: number): ScanRejection => ({
  line,
  field,
  message: msg('scan.badText', { field, max }),
});

/** One NDJSON line as a record; blank → undefined; malformed JSON → a rejection naming the line. */
export function parseNdjsonLine(line: number, text: string): { line: number; value: unknown } | ScanRejection | undefined {
  if (isBlank(text)) return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (err) {
    return { line, message: msg('scan.malformedJson', { detail: err instanceof Error ? err.message : String(err) }) };
  }
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
