export interface ItemTable {
  tracking_no: string;
  service_indicator: string;
  origin_unit: string | null;
  dest_division_code: string | null;
  dest_address: string | null;
  weight_grams: number | null;
  /** How the item became known: registered through the API, or first seen in a scan. */
  source: 'api' | 'scan';
  /**
   * Derived from the whole event set (see `deriveStatus`): kept on the row so lists need no
   * aggregate over events. CREATED until the first event.
   */
  status: string;
  last_event_code: string | null;
  last_event_at: number | null;
  last_event_site: string | null;
  last_event_id: number | null;
  last_visit: number | null;
  /** The instants of the item's first ACCEPTED and first DELIVERED scans (derived, like the status). */
  accepted_at: number | null;
  delivered_at: number | null;
  created_at: number;
  /** The program the item was mailed for, when it came from a request. */
  program_code: string | null;
  /** The delivery office the item is routed to: set when its request is mailed, moved by an address change; null for an item of no request. */
  delivery_office: string | null;
  /** The silence the last event will show if nothing follows, whom it blames, and when it becomes
   * visible; null when the last event cannot go silent (delivered) or the sweep has opened it. */
  silence_type: string | null;
  silence_unit: string | null;
  silence_visit: number | null;
  silence_due_at: number | null;
}

export interface S10RangeTable {
  service_indicator: string;
  first_serial: number;
  last_serial: number;
  next_serial: number;
}

/** Items created in one hour of `created_at` (hours since the epoch), of a program and a delivery office ('' for none), a share of them (`slot`). */
export interface ItemsCreatedHourTable {
  hour: number;
  program_code: string;
  delivery_office: string;
  slot: number;
  items: number;
}
