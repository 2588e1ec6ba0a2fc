/** The overview's figures of one local day, for the day's total (grp '') or one city. */
export interface OverviewDayTable {
  time_zone: string;
  /** YYYY-MM-DD in `time_zone`. */
  day: string;
  grp: string;
  items: number;
  with_breakpoint: number;
  filled_late: number;
  accepted: number;
  delivered: number;
  accepted_delivered: number;
  computed_wm: number;
  units_stamp: string;
}

/**
 * Where an item was last counted in the stored days of a time zone, and what it contributed: the
 * stored days' figures are the sums of these rows (overview-counts.ts).
 */
export interface OverviewItemCountTable {
  time_zone: string;
  tracking_no: string;
  rate_day: string | null;
  /** JSON of ItemRateFacts: the sites and missing-scan break-points the item was counted by. */
  rate_facts: string | null;
  accepted_day: string | null;
  accepted_delivered: number;
  delivered_day: string | null;
}

export interface OverviewStateTable {
  name: string;
  value: number;
}

/**
 * The break-point rate of one local day, in total (grouping 'total', grp '') or for one unit, city or
 * province (a row of GET /reports/breakpoint-rate for that day alone).
 */
export interface OverviewDayGroupTable {
  time_zone: string;
  day: string;
  grouping: 'total' | 'unit' | 'city' | 'province';
  grp: string;
  items: number;
  with_breakpoint: number;
  filled_late: number;
  computed_wm: number;
  units_stamp: string;
}
