import type { FailureReason } from '../domain/failure-reasons.js';
import { SCAN_CODES } from '../modules/scans/scan-event.table.js';

// Packed events store a scan code by its index in SCAN_CODES.
export const CODES = SCAN_CODES;
export const [ACCEPTED, DISPATCHED, ARRIVED, AT_DELIVERY_OFFICE, OUT_FOR_DELIVERY, DELIVERED, DELIVERY_FAILED, HELD, RETURNED] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** The failure reasons couriers give most, as codes of the one list (domain/failure-reasons.ts). */
export const FAILURE_REASONS: readonly FailureReason[] = ['RECIPIENT_ABSENT', 'PHONE_UNREACHABLE', 'ADDRESS_INCORRECT', 'RESCHEDULE_REQUESTED', 'BUSINESS_CLOSED'];
/** The longest a scan may wait for its upload, in seconds. */
export const MAX_UPLOAD_DELAY_S = 12 * 3600;

const CODE_SPAN = 16;

/**
 * A scan without its instant as one exact integer, so millions of them fit in a Float64Array:
 * `code + 16 × (operator + operators × (extra + 1 + extras × uploadDelaySeconds))`. The operator names
 * the site; `extra` is the next site's unit index for DISPATCHED, the reason's index for
 * DELIVERY_FAILED, −1 for none.
 */
export class ScanPacker {
  readonly #operators: number;
  readonly #extras: number;
  readonly #delayUnit: number;

  constructor(operators: number, units: number) {
    this.#operators = operators;
    this.#extras = Math.max(units, FAILURE_REASONS.length) + 1;
    this.#delayUnit = CODE_SPAN * operators * this.#extras;
    if (this.#delayUnit * (MAX_UPLOAD_DELAY_S + 1) > Number.MAX_SAFE_INTEGER) throw new RangeError('too many units to pack a scan in a number');
  }

  pack(code: number, operator: number, extra = -1): number {
    return code + CODE_SPAN * (operator + this.#operators * (extra + 1));
  }

  /** The scan uploaded `seconds` after its instant. */
  withUploadDelay(packed: number, seconds: number): number {
    return packed + this.#delayUnit * seconds;
  }

  code(packed: number): number {
    return packed % CODE_SPAN;
  }

  operator(packed: number): number {
    return Math.floor(packed / CODE_SPAN) % this.#operators;
  }

  extra(packed: number): number {
    return (Math.floor(packed / (CODE_SPAN * this.#operators)) % this.#extras) - 1;
  }

  uploadDelaySeconds(packed: number): number {
    return Math.floor(packed / this.#delayUnit);
  }
}
