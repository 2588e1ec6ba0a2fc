/** The live pickup code of an item held at an office: never in clear, only its keyed hash and last two digits. */
export interface PickupCodeTable {
  tracking_no: string;
  /** The office the item is held at when the code was made. */
  office: string;
  /** Keyed hash of `trackingNo:code` (the personal-data cipher's lookup hash, kind `pickup`). */
  code_hash: string;
  /** The last two digits, for staff to tell codes apart: shown as `****12`. */
  code_tail: string;
  issued_at: number;
  /** Who made it: `songda` when the item became held, else the credential of the staff who issued a new one. */
  issued_by: string;
  /** Wrong codes tried since it was made; at the lock limit the code stops working. */
  wrong_tries: number;
}
