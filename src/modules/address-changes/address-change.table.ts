import type { Generated } from 'kysely';

/** Who changed an address: the post's staff, the program's sponsor (its partner credential), or the recipient with a one-time code. */
export const CHANGED_BY = ['staff', 'partner', 'recipient'] as const;
export type ChangedBy = (typeof CHANGED_BY)[number];

/**
 * One change of an item's address, old and new side by side. The street address is kept as the
 * request and the item keep it (the courier needs it as written); the phone and the ID are not here.
 */
export interface AddressChangeTable {
  id: Generated<number>;
  tracking_no: string;
  old_address: string | null;
  old_division_code: string | null;
  old_office: string | null;
  new_address: string;
  new_division_code: string;
  new_office: string;
  /** Why, as the staff or the sponsor wrote it; null for a recipient's own change. */
  reason: string | null;
  by_kind: ChangedBy;
  /** The actor (`user:<name>` or `token:<id>`); null for the recipient. */
  by_name: string | null;
  at: number;
}

/** The day a recipient asked to receive the item, a local date `YYYY-MM-DD`; one per item, the latest ask. */
export interface DeliveryWishTable {
  tracking_no: string;
  wished_date: string;
  asked_at: number;
}
