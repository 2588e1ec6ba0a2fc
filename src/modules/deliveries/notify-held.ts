import type { LocalDate } from '../../domain/local-day.js';

export interface HoldNotice {
  trackingNo: string;
  /** The pickup code in clear: this call is the only place it is ever handed on. */
  pickupCode: string;
  /** The office's unit code, where the recipient collects the item. */
  office: string;
  /** The last local day the item waits at the office; after it the item is due to return. */
  lastDay: LocalDate;
}

/**
 * The one place where the recipient of an item held at an office is to be told its pickup code, the
 * office and the last day (the SMS template "held"). Called once per code made, after it is stored.
 * Recipients are not told yet: the notifications module, with its SMS providers, fills this in. It
 * sends nothing, stores nothing and pretends nothing; the code is dropped here.
 */
export function notifyRecipientOfHold(_notice: HoldNotice): void {}
