import { z } from 'zod';
import { FAILURE_REASONS } from '../../domain/failure-reasons.js';
import { countCharacters } from '../../domain/text.js';
import { ZUnitCode } from '../units/unit.schemas.js';
import { CONSIGNMENT_SCAN_CODES, type ConsignmentScanCode, SCAN_CODES } from './scan-event.table.js';

// The fields of one scan line, once: the route's OpenAPI schema is generated from this table and the
// line validator (parse-scan-lines.ts) reads its codes, lengths and required fields from it. The
// validator stays hand-written because it runs once per line for millions of lines and must answer
// each line on its own; test/http/scan-contract.test.ts holds the served schema and the validator equal.

export { CONSIGNMENT_SCAN_CODES, type ConsignmentScanCode };

/** Every code a scan line may carry. */
export const SCAN_LINE_CODES = [...SCAN_CODES, ...CONSIGNMENT_SCAN_CODES] as const;

/** Scans may be stamped a little ahead of the server's clock (scanner clocks drift), not more. */
export const MAX_FUTURE_SKEW_MS = 15 * 60_000;
/** Longest operator or reason, in characters as a person counts them (as JSON Schema's maxLength does). */
export const MAX_SCAN_TEXT = 200;

/** An S10 number's shape; the check digit is said in words, a pattern cannot hold it. */
export const S10_PATTERN = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;
/** ISO 8601 date-times that parseInstant reads (domain/scan-time.ts), with the offset it requires. */
export const SCAN_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)$/;
/**
 * One line of plain text: none of the characters findForbiddenCharacter refuses (domain/text.ts),
 * written as a pattern for the schema; the contract test holds the two equal.
 */
export const PLAIN_TEXT_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\uFFFD]*$/u;

const ZScanText = z
  .string()
  .regex(PLAIN_TEXT_PATTERN, 'schema.plainLine')
  .refine((text) => countCharacters(text) <= MAX_SCAN_TEXT, { message: 'text.tooLong', params: { max: MAX_SCAN_TEXT } })
  .meta({ maxLength: MAX_SCAN_TEXT });

const FUTURE_MINUTES = MAX_FUTURE_SKEW_MS / 60_000;
const scanText = (description: string) => ({ required: false, maxLength: MAX_SCAN_TEXT, schema: ZScanText, description }) as const;

/** Each field: whether a line must carry it, its schema, and in words what the schema cannot check. */
export const SCAN_LINE_FIELDS = {
  trackingNo: {
    required: true,
    schema: z.string().regex(S10_PATTERN),
    description: 'UPU S10 number with a correct check digit, taken as written (not upper-cased), e.g. EA123456785CN',
  },
  code: {
    required: true,
    schema: z.enum(SCAN_LINE_CODES),
    description: `what happened; ${CONSIGNMENT_SCAN_CODES.join(', ')} only on the number of a registered consignment (its later scans no longer reach the items inside)`,
  },
  at: {
    required: true,
    schema: z.string().regex(SCAN_INSTANT_PATTERN),
    description:
      `ISO 8601 date and time with a UTC offset, e.g. 2026-11-21T09:30:00+08:00; a real date and time from 2000-01-01 on, ` +
      `at most ${FUTURE_MINUTES} minutes ahead of the server clock and not older than SONGDA_MAX_SCAN_AGE_DAYS`,
  },
  site: { required: true, schema: ZUnitCode, description: 'code of a unit Songda knows, where the scan was made' },
  operator: scanText('who scanned; one line of plain text'),
  reason: scanText(
    `why; one line of plain text. On DELIVERY_FAILED one of the failure reason codes ${FAILURE_REASONS.join(', ')}; OTHER with a note, written OTHER:note`,
  ),
  nextSite: { required: false, schema: ZUnitCode, description: 'code of a unit Songda knows, where the item is sent next' },
} as const;

export type ScanLineField = keyof typeof SCAN_LINE_FIELDS;
export const SCAN_LINE_FIELD_NAMES = Object.keys(SCAN_LINE_FIELDS) as [ScanLineField, ...ScanLineField[]];
type Fields = typeof SCAN_LINE_FIELDS;
export type RequiredScanField = { [K in ScanLineField]: Fields[K]['required'] extends true ? K : never }[ScanLineField];
export type OptionalScanField = Exclude<ScanLineField, RequiredScanField>;

type ScanEventShape = {
  [K in ScanLineField]: Fields[K]['required'] extends true ? Fields[K]['schema'] : z.ZodOptional<z.ZodNullable<Fields[K]['schema']>>;
};

function scanEventShape(): ScanEventShape {
  const shape: Record<string, z.ZodType> = {};
  for (const name of SCAN_LINE_FIELD_NAMES) {
    const { required, schema, description } = SCAN_LINE_FIELDS[name];
    const described = schema.describe(description);
    shape[name] = required ? described : described.nullable().optional();
  }
  return shape as ScanEventShape;
}

/** One scan event as a line of NDJSON or an element of a JSON array; other fields are ignored. */
export const ZScanEvent = z.looseObject(scanEventShape());
export type TScanEvent = z.infer<typeof ZScanEvent>;

export const ZScanEvents = z.array(ZScanEvent);

export const ZScanRejection = z.object({
  line: z.int().min(1).describe('1-based: the line of NDJSON, or the element of a JSON array'),
  field: z.enum(SCAN_LINE_FIELD_NAMES).optional().describe('the field at fault; absent when the line is not a JSON object at all'),
  message: z.string(),
});

export const ZScanIngestResult = z.object({
  accepted: z.int().min(0).describe('events stored by this request'),
  duplicates: z.int().min(0).describe('events already stored (or repeated in this request), stored once'),
  rejected: z.array(ZScanRejection).describe('one entry per rejected line, in line order; the other lines are stored'),
});
export type TScanIngestResult = z.infer<typeof ZScanIngestResult>;
